// A workflow script, unchanged Claude Code format, run by Orrery with the real `claude` CLI behind
// every agent() call. Only the model is simulated: the scripted model server answers Claude Code's
// StructuredOutput tool (what --json-schema adds) with an object built from the schema it was given.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';
import { claudeBin } from '../../../support/agent-clis/cli-paths';
import { claudeEnv } from '../../../support/agent-clis/run-claude';
import { makeSandbox } from '../../../support/agent-clis/sandbox';
import { callCore } from '../../../support/core-calls';
import { startScriptedModel, structuredOutput } from '../../../support/scripted-model';

const PIPELINE = `export const meta = {
  name: 'triage',
  description: 'Classify an issue, propose a fix, check the fix: three agents in a pipeline',
  phases: [{ title: 'Triage' }],
};

const finding = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    severity: { type: 'string', enum: ['low', 'medium', 'high'] },
    confirmed: { type: 'boolean' },
  },
  required: ['title', 'severity', 'confirmed'],
};

phase('Triage');
const [result] = await pipeline(
  [args.issue],
  (issue) => agent('Classify this issue: ' + issue, { label: 'classify', schema: finding }),
  (classified) => agent('Propose a fix for: ' + classified.title, { label: 'propose', schema: finding }),
  (proposed) => agent('Check the proposed fix: ' + proposed.title, { label: 'check', schema: finding }),
);
log('checked: ' + (result && result.title));
return result;
`;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a workflow with the real claude CLI (scripted model)', () => {
  it('a three-agent pipeline with a schema completes with validated objects, each agent a run in the graph', async () => {
    const model = await startScriptedModel(structuredOutput());
    cleanups.push(() => model.close());
    const sandbox = makeSandbox('workflow-claude');
    cleanups.push(() => sandbox.remove());
    mkdirSync(join(sandbox.cwd, '.claude', 'workflows'), { recursive: true });
    writeFileSync(join(sandbox.cwd, '.claude', 'workflows', 'triage.js'), PIPELINE);
    const core: OrreryCore = startCore({ runtime: 'headless', home: mkdtempSync(join(tmpdir(), 'orrery-wf-')), env: { ...claudeEnv(sandbox.home, model.url), ORRERY_CLAUDE_BIN: claudeBin() } });
    cleanups.push(() => core.dispose());
    await callCore(core, 'profiles.save', { id: 'claude', name: 'Claude Code', kind: 'claude', argv: ['--allowedTools', 'Bash', 'Task'], env: {} });

    const listed = await callCore(core, 'workflows.list', { cwd: sandbox.cwd });
    expect(listed.find((entry) => entry.name === 'triage')).toMatchObject({ sourceKind: 'project-claude' });
    const started = await callCore(core, 'workflows.start', { nameOrPath: 'triage', profileId: 'claude', cwd: sandbox.cwd, args: { issue: 'the settings page forgets the theme' } });
    let detail = await callCore(core, 'workflows.get', { runId: started.id });
    await vi.waitFor(
      async () => {
        detail = await callCore(core, 'workflows.get', { runId: started.id });
        expect(detail.state).toBe('done');
      },
      { timeout: 90_000, interval: 200 },
    );
    expect(detail.outcome).toBe('success');
    expect(detail.result).toMatchObject({ title: expect.any(String), severity: expect.stringMatching(/^(low|medium|high)$/), confirmed: expect.any(Boolean) });
    expect(detail.agents.map((agent) => agent.label)).toEqual(['classify', 'propose', 'check']);
    expect(detail.log.map((line) => line.message)).toContain(`checked: ${(detail.result as { title: string }).title}`);

    // Each agent() was a real claude run under the workflow's node, with the schema on its command line.
    const runs = (await callCore(core, 'runs.list', { limit: 10, activeOnly: false })).filter((run) => run.workflowRunId === started.id);
    expect(runs).toHaveLength(3);
    for (const run of runs) {
      expect(run).toMatchObject({ outcome: 'success', profileKind: 'claude' });
      expect(run.argv).toContain('--json-schema');
      expect(run.structuredOutput).toMatchObject({ title: expect.any(String) });
    }
    const structuredRequests = model.requests.filter((request) => JSON.stringify(request.body).includes('StructuredOutput'));
    expect(structuredRequests.length).toBeGreaterThanOrEqual(3);
  });
});
