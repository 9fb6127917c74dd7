// How what Paperclip says becomes graph events, from answers and live events RECORDED from the real
// server (test/fixtures/paperclip/, made by test/support/paperclip/record-fixtures.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../../../src-shared/events/event-schema';
import type { OrreryEvent, OrreryEventInput } from '../../../../src-shared/events/event-schema';
import { LiveState } from '../../../../src-shared/events/live-state';
import { CompanyModel } from '../../../../src-main/core/paperclip/company-model';
import { agentNodeId, companyNodeId } from '../../../../src-main/core/paperclip/instance-url';
import { endingOfRun, projectCompany } from '../../../../src-main/core/paperclip/node-view';
import type { NodeView, ProjectionContext } from '../../../../src-main/core/paperclip/node-view';
import { AgentWire, LiveEventWire, RunWire } from '../../../../src-main/core/paperclip/paperclip-wire';
import { diffViews } from '../../../../src-main/core/paperclip/view-diff';

const FIXTURES = join(__dirname, '../../../fixtures/paperclip');
const load = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const agents = AgentWire.array().parse(load('agents.json'));
const liveRuns = RunWire.array().parse(load('live-runs.json'));
const liveEvents = LiveEventWire.array().parse(load('live-events.json'));
const run = (name: string) => RunWire.parse(load(name));
const companyId = agents[0]?.companyId as string;
const byName = (name: string) => agents.find((agent) => agent.name === name) as AgentWire;
const HASH = 'abc123';
const NOW = Date.parse('2030-01-01T00:00:00Z');

function context(overrides: Partial<ProjectionContext> = {}): ProjectionContext {
  return {
    instanceUrl: 'http://127.0.0.1:3100',
    hash: HASH,
    connection: 'connected',
    connectionReason: undefined,
    statusOverrides: new Map(),
    terminalOf: () => undefined,
    ...overrides,
  };
}

function valid(events: readonly OrreryEventInput[]): OrreryEvent[] {
  return events.map((event) => {
    const result = validateEvent(event);
    if (!result.ok) throw new Error(`${event.type} for ${event.agent_id}: ${result.detail}`);
    return result.event;
  });
}

/** The watcher's loop without the network: diff the views after each change, keep what was shown. */
class Replay {
  views = new Map<string, NodeView>();
  readonly emitted: OrreryEvent[] = [];
  constructor(readonly company: CompanyModel) {}

  sync(): OrreryEvent[] {
    const next = projectCompany(this.company, context());
    const events = valid(
      diffViews(this.views, next, {
        now: NOW,
        ending: (_id, view) => {
          const ended = view.runId === undefined ? undefined : this.company.runs.get(view.runId);
          return ended === undefined ? { outcome: 'success', ts: NOW } : endingOfRun(ended, NOW);
        },
      }),
    );
    this.views = next;
    this.company.forgetEndedRuns();
    this.emitted.push(...events);
    return events;
  }
}

describe('projecting a company', () => {
  it('shows each agent with a live run, and paused or errored agents with their reason', () => {
    const company = new CompanyModel(companyId, 'Fixture Works');
    company.setAgents(agents);
    company.setLiveRuns(liveRuns);
    const views = projectCompany(company, context());
    const sleeper = views.get(agentNodeId(HASH, byName('Sleeper').id));
    const live = liveRuns[0] as RunWire;
    expect(sleeper).toMatchObject({ kind: 'agent', parentId: companyNodeId(HASH, companyId), name: 'Sleeper', model: 'process', status: 'running', runId: live.id });
    expect(sleeper?.details).toMatchObject({
      actionsBy: 'paperclip',
      paperclipRunId: live.id,
      paperclipAgentId: byName('Sleeper').id,
      invocationSource: 'on_demand',
      phase: 'Working',
      attempt: 1,
      maxAttempts: 3,
      outputSilence: Date.parse(live.outputSilence?.silenceStartedAt as string),
      outputSilenceLevel: 'ok',
      spentMonthlyUsd: 0,
      budgetMonthlyUsd: 0,
      agentState: 'idle',
    });
    expect(views.get(agentNodeId(HASH, byName('Idler').id))).toMatchObject({ status: 'paused', details: { agentState: 'paused', agentStateReason: 'manual' } });
    expect(views.get(agentNodeId(HASH, byName('Failer').id))).toMatchObject({ status: 'error', details: { agentStateReason: 'Process exited with code 3' } });
    expect(views.get(agentNodeId(HASH, byName('Slowpoke').id))).toMatchObject({ status: 'error', details: { agentStateReason: 'Timed out after 1s' } });
    // Idle with no live run: not on the graph.
    expect(views.has(agentNodeId(HASH, byName('Printer').id))).toBe(false);
    expect(views.get(companyNodeId(HASH, companyId))).toMatchObject({ kind: 'company', name: 'Fixture Works', status: 'running', details: { connection: 'connected' } });
    expect(views.get(companyNodeId(HASH, companyId))?.parentId).toBeUndefined();
  });

  it('maps each way a run ends to an outcome, with Paperclip’s reason', () => {
    expect(endingOfRun(run('run-succeeded.json'), NOW)).toEqual({ outcome: 'success', ts: Date.parse(run('run-succeeded.json').finishedAt as string) });
    expect(endingOfRun(run('run-failed.json'), NOW)).toMatchObject({ outcome: 'error', error: 'Process exited with code 3' });
    expect(endingOfRun(run('run-timed-out.json'), NOW)).toMatchObject({ outcome: 'error', error: 'Timed out after 1s' });
    expect(endingOfRun(run('run-cancelled.json'), NOW)).toMatchObject({ outcome: 'cancelled', error: 'Cancelled by a board operator' });
    expect(endingOfRun(run('run-interrupted.json'), NOW)).toMatchObject({ outcome: 'interrupted', error: 'Interrupted by graceful server shutdown (SIGTERM)' });
  });

  it('a "stopping…" override shows while Orrery waits for a cancel, and a lost connection on the company', () => {
    const company = new CompanyModel(companyId, 'Fixture Works');
    company.setAgents(agents);
    company.setLiveRuns(liveRuns);
    const views = projectCompany(company, context({ statusOverrides: new Map([[byName('Sleeper').id, 'stopping…']]), connection: 'reconnecting', connectionReason: 'connection refused' }));
    expect(views.get(agentNodeId(HASH, byName('Sleeper').id))?.details.statusMessage).toBe('stopping…');
    expect(views.get(companyNodeId(HASH, companyId))?.details).toMatchObject({ connection: 'reconnecting', connectionReason: 'connection refused' });
  });
});

describe('replaying the recorded live events', () => {
  function replay(): Replay {
    const company = new CompanyModel(companyId, 'Fixture Works');
    // As the agents were when the recording began: just created, idle.
    company.setAgents(agents.map((agent) => ({ ...agent, status: 'idle', pauseReason: null, errorReason: null })));
    const replaying = new Replay(company);
    replaying.sync();
    for (const event of liveEvents) {
      const effect = company.applyEvent(event);
      // The watcher fetches the agent for its reason; the recorded list has the final one.
      const fetched = agents.find((agent) => agent.id === effect.fetchAgent);
      if (fetched !== undefined) company.setAgent(fetched);
      if (effect.changed || effect.fetchAgent !== undefined) replaying.sync();
    }
    return replaying;
  }

  it('gives each run one spawn and one end, with the right outcome, and valid events throughout', () => {
    const { emitted } = replay();
    const endsOf = (name: string) => emitted.filter((event) => event.agent_id === agentNodeId(HASH, byName(name).id) && event.type === 'agent_done');
    expect(endsOf('Printer')).toEqual([expect.objectContaining({ outcome: 'success' })]);
    expect(endsOf('Failer')).toEqual([expect.objectContaining({ outcome: 'error', error: 'Process exited with code 3' })]);
    expect(endsOf('Slowpoke')).toEqual([expect.objectContaining({ outcome: 'error', error: 'Timed out after 1s' })]);
    expect(endsOf('Sleeper')).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);
    const spawns = emitted.filter((event) => event.type === 'agent_spawn' && event.agent_id === agentNodeId(HASH, byName('Sleeper').id));
    // The cancelled run, then the run that was live when the recording stopped.
    expect(spawns).toHaveLength(2);
    expect(emitted.filter((event) => event.agent_id === companyNodeId(HASH, companyId) && event.type === 'agent_spawn')).toHaveLength(1);
  });

  it('lands the live state where Paperclip was: errored and paused agents shown, the last run still running', () => {
    const replaying = replay();
    const state = new LiveState({ now: () => NOW });
    state.applyBatch(replaying.emitted);
    const shown = (name: string) => state.agent(agentNodeId(HASH, byName(name).id));
    expect(shown('Failer')).toMatchObject({ status: 'error', details: { agentStateReason: 'Process exited with code 3' } });
    expect(shown('Slowpoke')).toMatchObject({ status: 'error' });
    expect(shown('Idler')).toMatchObject({ status: 'paused', details: { agentStateReason: 'manual' } });
    expect(shown('Sleeper')).toMatchObject({ status: 'running', details: { actionsBy: 'paperclip' } });
    expect(shown('Sleeper')?.actions.cancel.available).toBe(true);
  });

  it('is idempotent: the same views again emit nothing, and the restart’s interruption ends the last run once', () => {
    const replaying = replay();
    expect(replaying.sync()).toEqual([]);
    const interrupted = run('run-interrupted.json');
    replaying.company.mergeRun(interrupted);
    const ends = replaying.sync();
    expect(ends).toEqual([
      // Nothing of the company runs any more.
      expect.objectContaining({ type: 'status', agent_id: companyNodeId(HASH, companyId), status: 'idle' }),
      expect.objectContaining({ type: 'agent_done', agent_id: agentNodeId(HASH, interrupted.agentId), outcome: 'interrupted', error: 'Interrupted by graceful server shutdown (SIGTERM)' }),
    ]);
    expect(replaying.sync()).toEqual([]);
  });

  it('never revives an ended run from a stale answer', () => {
    const replaying = replay();
    const cancelled = run('run-cancelled.json');
    replaying.company.mergeRun(cancelled);
    replaying.company.mergeRun({ ...cancelled, status: 'running' });
    expect(replaying.company.runs.get(cancelled.id)?.status).toBe('cancelled');
  });
});

describe('merging what Paperclip says in any order', () => {
  it('an answer fetched before a live event cannot move a run back; the event stream itself can', () => {
    const company = new CompanyModel(companyId, 'Fixture Works');
    const live = liveRuns[0] as RunWire;
    company.setLiveRuns([live]);
    // A live-runs answer that left before the run started, arriving after it did.
    company.mergeRun({ ...live, status: 'queued' });
    expect(company.runs.get(live.id)?.status).toBe('running');
    // Paperclip retrying a run whose process was lost: that comes as an event, in order.
    company.applyEvent({ type: 'heartbeat.run.status', payload: { runId: live.id, agentId: live.agentId, status: 'scheduled_retry' } });
    expect(company.runs.get(live.id)?.status).toBe('scheduled_retry');
  });
});
