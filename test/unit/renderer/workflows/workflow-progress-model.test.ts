import { describe, expect, it } from 'vitest';
import type { WorkflowAgentInfo, WorkflowRunDetail, WorkflowRunInfo } from '../../../../src-shared/workflows/workflows-contract';
import {
  agentDurationMs,
  applyWorkflowChange,
  errorPlace,
  MAX_LOG_LINES,
  mergeDetail,
  phaseGroups,
  runSummary,
} from '../../../../src-renderer/src/workflows/workflow-progress-model';

const info = (patch: Partial<WorkflowRunInfo> = {}): WorkflowRunInfo => ({
  id: 'r1',
  agentId: 'wf-r1',
  name: 'review-changes',
  scriptPath: '/app/resources/workflows/review-changes.js',
  sourceKind: 'built-in',
  cwd: '/repo',
  profileId: 'demo',
  budgetTokens: null,
  spentTokens: 0,
  state: 'running',
  attempts: 1,
  totalCalls: 0,
  cachedCount: 0,
  runningCount: 0,
  failedCount: 0,
  startedAt: 1_000,
  ...patch,
});
const agent = (position: number, patch: Partial<WorkflowAgentInfo> = {}): WorkflowAgentInfo => ({ position, promptPreview: `prompt ${position}`, state: 'running', cached: false, attempts: 1, tokensOut: 0, ...patch });
const detail = (patch: Partial<WorkflowRunDetail> = {}): WorkflowRunDetail => ({
  ...info(),
  phases: [
    { title: 'Review', detail: 'one reviewer per dimension', calls: 0, ended: 0, running: 0 },
    { title: 'Verify', calls: 0, ended: 0, running: 0 },
  ],
  agents: [],
  log: [],
  ...patch,
});

describe('applyWorkflowChange', () => {
  it('adds calls in position order and replaces a call by its position', () => {
    let d = detail();
    d = applyWorkflowChange(d, { kind: 'agent', runId: 'r1', agent: agent(1, { label: 'review: tests' }) });
    d = applyWorkflowChange(d, { kind: 'agent', runId: 'r1', agent: agent(0, { label: 'review: bugs' }) });
    d = applyWorkflowChange(d, { kind: 'agent', runId: 'r1', agent: agent(1, { label: 'review: tests', state: 'done', tokensOut: 420 }) });
    expect(d.agents.map((a) => [a.position, a.state, a.tokensOut])).toEqual([
      [0, 'running', 0],
      [1, 'done', 420],
    ]);
  });

  it('never takes a call back from ended to running: a change that overtook a fetched detail is older than it', () => {
    const d = detail({ agents: [agent(0, { state: 'done', tokensOut: 10 })] });
    expect(applyWorkflowChange(d, { kind: 'agent', runId: 'r1', agent: agent(0, { state: 'running' }) }).agents[0]?.state).toBe('done');
    expect(applyWorkflowChange(detail({ agents: [agent(0)] }), { kind: 'agent', runId: 'r1', agent: agent(0, { state: 'queued' }) }).agents[0]?.state).toBe('running');
  });

  it('keeps one copy of each log line, in order, and only the last lines', () => {
    let d = detail();
    for (const seq of [2, 1, 2]) d = applyWorkflowChange(d, { kind: 'log', runId: 'r1', line: { seq, ts: seq, level: 'info', message: `line ${seq}` } });
    expect(d.log.map((l) => l.seq)).toEqual([1, 2]);
    const full = detail({ log: Array.from({ length: MAX_LOG_LINES }, (_, i) => ({ seq: i + 1, ts: i, level: 'info' as const, message: '' })) });
    const next = applyWorkflowChange(full, { kind: 'log', runId: 'r1', line: { seq: MAX_LOG_LINES + 1, ts: 0, level: 'warn', message: 'newest' } });
    expect(next.log).toHaveLength(MAX_LOG_LINES);
    expect([next.log[0]?.seq, next.log.at(-1)?.message]).toEqual([2, 'newest']);
  });

  it('a resume starts a new attempt: the old calls go, the old error and result go, the log stays', () => {
    const cancelled = detail({ state: 'done', outcome: 'cancelled', error: { message: 'stopped' }, agents: [agent(0, { state: 'done' })], log: [{ seq: 1, ts: 1, level: 'info', message: 'hi' }] });
    const resumed = applyWorkflowChange(cancelled, { kind: 'run', run: info({ attempts: 2 }) });
    expect(resumed).toMatchObject({ state: 'running', attempts: 2, agents: [], log: [{ message: 'hi' }] });
    expect(resumed.outcome).toBeUndefined();
    expect(resumed.error).toBeUndefined();
    expect(resumed.phases.map((p) => p.title)).toEqual(['Review', 'Verify']);
  });

  it('ignores a run change from an earlier attempt or an earlier step, and changes of other runs', () => {
    const done = detail({ state: 'done', outcome: 'success', attempts: 2 });
    expect(applyWorkflowChange(done, { kind: 'run', run: info({ attempts: 1, state: 'done', outcome: 'cancelled' }) })).toBe(done);
    expect(applyWorkflowChange(done, { kind: 'run', run: info({ attempts: 2, state: 'running' }) })).toBe(done);
    expect(applyWorkflowChange(done, { kind: 'agent', runId: 'r2', agent: agent(0) })).toBe(done);
  });
});

describe('mergeDetail', () => {
  it('folds a fresh answer into what the stream brought, keeping the newer of each call', () => {
    const streamed = detail({ agents: [agent(0, { state: 'done', tokensOut: 5 })] });
    const fetched = detail({ agents: [agent(0, { state: 'running' }), agent(1)], phases: [{ title: 'Review', calls: 2, ended: 0, running: 2 }] });
    const merged = mergeDetail(streamed, fetched);
    expect(merged.agents.map((a) => [a.position, a.state])).toEqual([
      [0, 'done'],
      [1, 'running'],
    ]);
    expect(merged.phases.map((p) => p.title)).toEqual(['Review']);
  });

  it('drops an answer from before a resume', () => {
    const resumed = detail({ attempts: 2, agents: [agent(0, { cached: true, state: 'done' })] });
    const stale = detail({ attempts: 1, state: 'done', outcome: 'cancelled', agents: [agent(0, { state: 'cancelled' }), agent(1)] });
    expect(mergeDetail(resumed, stale)).toBe(resumed);
  });
});

describe('phaseGroups', () => {
  it('groups calls under the workflow’s phases in its order, then phases met on the way, and marks the current one', () => {
    const groups = phaseGroups(
      detail({
        currentPhase: 'Verify',
        agents: [agent(0, { phase: 'Review', state: 'done' }), agent(1, { phase: 'Verify' }), agent(2, { phase: 'Review', state: 'failed' }), agent(3), agent(4, { phase: 'Extra' })],
      }),
    );
    expect(groups.map((g) => [g.title, g.agents.map((a) => a.position), g.ended, g.current])).toEqual([
      ['Review', [0, 2], 2, false],
      ['Verify', [1], 0, true],
      ['', [3], 0, false],
      ['Extra', [4], 0, false],
    ]);
    expect(groups[0]?.detail).toBe('one reviewer per dimension');
  });

  it('shows the named phases before any call reached them, and no empty "outside any phase" group', () => {
    expect(phaseGroups(detail()).map((g) => [g.title, g.agents.length])).toEqual([
      ['Review', 0],
      ['Verify', 0],
    ]);
  });
});

describe('runSummary', () => {
  it('says "3 / 5 cached" once the run was resumed, and nothing about the cache on a first attempt', () => {
    expect(runSummary(info({ attempts: 2, totalCalls: 5, cachedCount: 3 })).cached).toBe('3 / 5 cached');
    expect(runSummary(info({ attempts: 1, totalCalls: 5, cachedCount: 0 })).cached).toBeUndefined();
  });

  it('counts the agents, the running and the failed ones', () => {
    expect(runSummary(info({ totalCalls: 6, runningCount: 2, failedCount: 1 })).calls).toBe('6 agents · 2 running · 1 failed');
    expect(runSummary(info({ totalCalls: 1 })).calls).toBe('1 agent');
  });

  it('offers Cancel while it runs and Resume once it was cancelled, failed or interrupted, never after a success', () => {
    expect(runSummary(info())).toMatchObject({ state: 'running', canCancel: true, resumeBlocked: 'It is still running; cancel it first, or wait until it ends.' });
    expect(runSummary(info({ state: 'cancelling' }))).toMatchObject({ state: 'cancelling…', canCancel: false });
    for (const outcome of ['cancelled', 'error', 'interrupted', 'timeout'] as const) {
      expect(runSummary(info({ state: 'done', outcome }))).toMatchObject({ state: outcome, canCancel: false, resumeBlocked: undefined });
    }
    expect(runSummary(info({ state: 'done', outcome: 'success' })).resumeBlocked).toBe('It succeeded; there is nothing to resume.');
  });
});

describe('agent facts', () => {
  it('times a running call from its start, an ended one by its duration, and a cached one not at all', () => {
    expect(agentDurationMs(agent(0, { startedAt: 1_000 }), 4_500)).toBe(3_500);
    expect(agentDurationMs(agent(0, { state: 'done', startedAt: 1_000, durationMs: 800 }), 9_000)).toBe(800);
    expect(agentDurationMs(agent(0, { state: 'done', cached: true, startedAt: 1_000 }), 9_000)).toBeUndefined();
    expect(agentDurationMs(agent(0, { state: 'queued' }), 9_000)).toBeUndefined();
  });

  it('places a script error at its file and line', () => {
    expect(errorPlace(info({ error: { message: 'boom', file: '/w/x.js', line: 7 } }))).toBe('/w/x.js:7');
    expect(errorPlace(info({ error: { message: 'boom', line: 7 } }))).toBe('/app/resources/workflows/review-changes.js:7');
    expect(errorPlace(info({ error: { message: 'Orrery stopped' } }))).toBeUndefined();
  });
});
