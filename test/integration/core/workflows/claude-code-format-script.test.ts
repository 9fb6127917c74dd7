// A workflow written in Claude Code's format (meta with phases and whenToUse, args, budget, log,
// phase, parallel, pipeline, top-level await and return) runs unchanged in Orrery, each agent() a
// real run of the demo agent (offline, no model).
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';
import { callCore } from '../../../support/core-calls';

const FIXTURE = join(__dirname, '../../../fixtures/workflows/release-notes.js');

let core: OrreryCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

describe('a Claude Code workflow script, unchanged', () => {
  it('is listed from .claude/workflows with its meta and runs to its result', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'orrery-cc-format-'));
    mkdirSync(join(cwd, '.claude', 'workflows'), { recursive: true });
    copyFileSync(FIXTURE, join(cwd, '.claude', 'workflows', 'release-notes.js'));
    core = startCore({ runtime: 'headless', home: mkdtempSync(join(tmpdir(), 'orrery-cc-home-')), env: { ...process.env, ORRERY_DEMO_AGENT_SPEED: '60' } });
    const c = core;

    const entry = (await callCore(c, 'workflows.list', { cwd })).find((candidate) => candidate.name === 'release-notes');
    expect(entry).toMatchObject({ sourceKind: 'project-claude', whenToUse: 'Before tagging a release, to get a first draft of its notes' });
    expect(entry?.phases.map((phase) => phase.title)).toEqual(['Summarise', 'Check']);

    const run = await callCore(c, 'workflows.start', { nameOrPath: 'release-notes', profileId: 'demo', cwd, args: { areas: ['cli', 'ui', 'docs'] }, budgetTokens: 1_000_000 });
    await vi.waitFor(async () => expect((await callCore(c, 'workflows.get', { runId: run.id })).state).toBe('done'), { timeout: 60_000, interval: 100 });
    const detail = await callCore(c, 'workflows.get', { runId: run.id });
    expect(detail.outcome).toBe('success');
    const result = detail.result as { areas: { area: string; bullets: string[]; accurate: boolean }[] };
    expect(result.areas).toHaveLength(3);
    for (const area of result.areas) {
      expect(area.bullets.length).toBeGreaterThanOrEqual(1);
      expect(typeof area.accurate).toBe('boolean');
    }
    expect(detail.agents.map((agent) => agent.label).sort()).toEqual(['check cli', 'check docs', 'check ui', 'summarise cli', 'summarise docs', 'summarise ui']);
    expect(detail.phases.map((phase) => phase.title)).toEqual(expect.arrayContaining(['Summarise', 'Check']));
    expect(detail.log.map((line) => line.message)[0]).toBe('drafting notes for 3 areas within 1000000 output tokens');
  });
});
