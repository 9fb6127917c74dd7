// A workflow survives a SIGKILL of the host: the next start records it interrupted with nothing of
// it left running, and a resume serves the calls that had finished from the journal.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';
import { callCore } from '../../../support/core-calls';
import { processesOfRun } from '../../../support/run-processes';

const ROOT = join(__dirname, '../../../..');
const SCRIPT = `export const meta = { name: 'steps', description: 'four agents, one after the other' };
const answers = [];
for (const step of ['one', 'two', 'three', 'four']) answers.push(await agent('Do step ' + step, { label: step }));
return answers.length;
`;

let core: OrreryCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

describe('a workflow when its host is killed', () => {
  it('is interrupted at the next start, leaves no process, and resumes from its journal', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-wf-crash-'));
    const cwd = mkdtempSync(join(tmpdir(), 'orrery-wf-crash-cwd-'));
    mkdirSync(join(cwd, '.orrery', 'workflows'), { recursive: true });
    writeFileSync(join(cwd, '.orrery', 'workflows', 'steps.js'), SCRIPT);
    const host = spawn(process.execPath, ['--import', join(ROOT, 'test/support/ts-source-hook.mjs'), join(ROOT, 'test/support/workflow-crash-host.ts'), home, cwd, 'steps', '2'], {
      cwd: ROOT,
      env: { ...process.env, ORRERY_DEMO_AGENT_SPEED: '15' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const { runId } = await new Promise<{ runId: string }>((resolve, reject) => {
      host.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { runId: string }));
      host.once('exit', (code) => reject(new Error(`the host exited with ${code}`)));
    });
    host.kill('SIGKILL');
    await new Promise((resolve) => host.once('exit', resolve));

    core = startCore({ runtime: 'headless', home, env: { ...process.env, ORRERY_DEMO_AGENT_SPEED: '40' } });
    const c = core;
    await vi.waitFor(async () => expect((await callCore(c, 'workflows.get', { runId })).outcome).toBe('interrupted'), { timeout: 10_000, interval: 50 });
    const runsOfIt = (await callCore(c, 'runs.list', { limit: 50, activeOnly: false })).filter((run) => run.workflowRunId === runId);
    expect(runsOfIt.length).toBeGreaterThanOrEqual(2);
    await vi.waitFor(() => expect(runsOfIt.flatMap((run) => processesOfRun(run.id))).toEqual([]), { timeout: 10_000, interval: 50 });

    await callCore(c, 'workflows.resume', { runId });
    await vi.waitFor(async () => expect((await callCore(c, 'workflows.get', { runId })).state).toBe('done'), { timeout: 60_000, interval: 100 });
    const resumed = await callCore(c, 'workflows.get', { runId });
    expect(resumed).toMatchObject({ outcome: 'success', result: 4 });
    expect(resumed.cachedCount).toBeGreaterThanOrEqual(2);
    expect(resumed.agents.filter((agent) => agent.cached).map((agent) => agent.label).slice(0, 2)).toEqual(['one', 'two']);
  });
});
