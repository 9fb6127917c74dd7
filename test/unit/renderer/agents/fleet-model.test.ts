import { agentActions } from '../../../../src-shared/events/agent-actions';
import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS } from '../../../../src-shared/events/fleet-lifecycle';
import type { JournalStats } from '../../../../src-shared/events/journal-stats';
import type { LiveSnapshot } from '../../../../src-shared/events/live-state';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
import { BASE_TS, counters, ev, followedJournal } from '../../../support/event-builders';

const NOW = 5_000_000;

function emptySnapshot(partial: Partial<LiveSnapshot> = {}): LiveSnapshot {
  return { at: BASE_TS, agents: [], finished: [], counters: counters(), recentEvents: [], staleAfterMs: STALE_AFTER_MS, ...partial };
}

describe('FleetModel', () => {
  it('follows an agent from spawn through a tool call to its end', () => {
    const model = new FleetModel();
    model.applyBatch([ev('agent_spawn', { name: 'scout', model: 'haiku' })], counters({ alive: 1, spawned: 1 }), undefined, NOW);
    const agent = model.agents.get('a1');
    expect(agent).toMatchObject({ name: 'scout', model: 'haiku', status: 'running', seenAt: NOW, finished: false });
    expect(model.counters.alive).toBe(1);

    model.applyBatch([ev('tool_use', { tool: 'Read', tool_use_id: 't1' })], counters({ alive: 1, toolCalls: 1 }), undefined, NOW + 100);
    expect(agent).toMatchObject({ currentTool: 'Read', toolCalls: 1, pulseAt: NOW + 100 });
    expect([...model.toolFlights.active(NOW + 200)]).toMatchObject([{ agentId: 'a1', tool: 'Read', at: NOW + 100 }]);

    model.applyBatch([ev('tool_result', { tool_use_id: 't1', ok: true }), ev('usage', { tokens_in: 100, tokens_out: 20, cost_usd: 0.5 })], counters(), undefined, NOW + 200);
    expect(agent).toMatchObject({ currentTool: undefined, tokensIn: 100, tokensOut: 20, costUsd: 0.5 });

    model.applyBatch([ev('agent_done', { outcome: 'error', error: 'boom', ts: BASE_TS + 1_000 })], counters({ done: 1, errors: 1 }), undefined, NOW + 300);
    expect(agent).toMatchObject({ outcome: 'error', error: 'boom', endedAt: BASE_TS + 1_000, finishedAt: NOW + 300, finished: true });
    expect(agent?.runtimeMs(NOW + 99_999)).toBe(1_000);
    expect(model.counters).toMatchObject({ done: 1, errors: 1 });
  });

  it('keeps a finished agent for the linger, then removes it as a topology change', () => {
    const model = new FleetModel({ lingerMs: 4_000 });
    model.applyBatch([ev('agent_spawn'), ev('agent_done')], counters(), undefined, NOW);
    const topology = model.topologyVersion;
    expect(model.expire(NOW + 3_999)).toBe(false);
    expect(model.agents.has('a1')).toBe(true);
    expect(model.expire(NOW + 4_000)).toBe(true);
    expect(model.agents.has('a1')).toBe(false);
    expect(model.topologyVersion).toBe(topology + 1);
  });

  it('links subagents to their parent, and counts a late parent_id as a topology change', () => {
    const model = new FleetModel();
    model.applyBatch([ev('agent_spawn', { agent_id: 'lead' }), ev('agent_spawn', { agent_id: 'sub', parent_id: 'lead' })], counters(), undefined, NOW);
    expect(model.agents.get('sub')?.parentId).toBe('lead');
    const topology = model.topologyVersion;
    model.applyBatch([ev('log', { agent_id: 'sub' })], counters(), undefined, NOW);
    expect(model.topologyVersion).toBe(topology);
    model.applyBatch([ev('log', { agent_id: 'lone', parent_id: 'lead' })], counters(), undefined, NOW);
    expect(model.topologyVersion).toBe(topology + 1);
    model.applyBatch([ev('log', { agent_id: 'sub', parent_id: 'lone' })], counters(), undefined, NOW);
    expect(model.agents.get('sub')?.parentId).toBe('lone');
    expect(model.topologyVersion).toBe(topology + 2);
  });

  it('creates an agent implicitly from its first event, whatever the type', () => {
    const model = new FleetModel();
    model.applyBatch([ev('tool_use', { agent_id: 'mid', tool: 'Grep', tool_use_id: 'x', ts: BASE_TS + 50 })], counters(), undefined, NOW);
    expect(model.agents.get('mid')).toMatchObject({ currentTool: 'Grep', startedAt: BASE_TS + 50, seenAt: NOW, toolCalls: 1 });
  });

  it('credits stragglers to the ended run and starts a new run only on agent_spawn', () => {
    const model = new FleetModel();
    model.applyBatch([ev('agent_spawn'), ev('agent_done'), ev('usage', { tokens_in: 9, tokens_out: 1 })], counters(), undefined, NOW);
    const ended = model.agents.get('a1');
    expect(ended).toMatchObject({ finished: true, tokensIn: 9 });
    model.applyBatch([ev('agent_spawn')], counters(), undefined, NOW + 10);
    const again = model.agents.get('a1');
    expect(again).not.toBe(ended);
    expect(again).toMatchObject({ finished: false, tokensIn: 0, seenAt: NOW + 10 });
    // The old run's linger must not remove the new run.
    model.expire(NOW + 60_000);
    expect(model.agents.get('a1')).toBe(again);
  });

  it('tracks parallel tool calls and falls back to one still running', () => {
    const model = new FleetModel();
    model.applyBatch(
      [ev('tool_use', { tool: 'Read', tool_use_id: 't1' }), ev('tool_use', { tool: 'Grep', tool_use_id: 't2' }), ev('tool_result', { tool_use_id: 't2', ok: false })],
      counters(),
      undefined,
      NOW,
    );
    expect(model.agents.get('a1')).toMatchObject({ currentTool: 'Read', toolCalls: 2 });
  });

  it('resets to a snapshot: alive agents, lingering ends by the host clock, counters and journals', () => {
    const model = new FleetModel({ lingerMs: 4_000 });
    model.applyBatch([ev('agent_spawn', { agent_id: 'gone' })], counters(), undefined, NOW);
    const live = { ...baseAgent('lead'), currentTool: 'Bash', currentToolUseId: 'tu-9', toolCalls: 3 };
    const recent = { ...baseAgent('recent'), outcome: 'success' as const, error: undefined, endedAt: BASE_TS + 9_000 };
    const old = { ...baseAgent('old'), outcome: 'error' as const, error: 'x', endedAt: BASE_TS + 1_000 };
    const journals: JournalStats[] = [followedJournal(2)];
    model.loadSnapshot(emptySnapshot({ at: BASE_TS + 10_000, agents: [live], finished: [old, recent], counters: counters({ alive: 1, spawned: 3 }) }), journals, NOW);

    expect([...model.agents.keys()]).toEqual(['lead', 'recent']);
    expect(model.agents.get('lead')).toMatchObject({ currentTool: 'Bash', toolCalls: 3, seenAt: NOW });
    // It ended 1 s ago on the host: 3 s of linger are left.
    expect(model.agents.get('recent')?.finishedAt).toBe(NOW - 1_000);
    expect(model.counters).toMatchObject({ alive: 1, spawned: 3 });
    expect(model.journals).toBe(journals);
    expect(model.lastEventTs).toBe(BASE_TS);
    model.applyBatch([ev('tool_result', { agent_id: 'lead', tool_use_id: 'tu-9', ok: true })], counters(), undefined, NOW);
    expect(model.agents.get('lead')?.currentTool).toBeUndefined();
    expect(model.expire(NOW + 3_000)).toBe(true);
    expect([...model.agents.keys()]).toEqual(['lead']);
  });

  it('keeps the newest event time and takes journal health only when it is sent', () => {
    const model = new FleetModel();
    const journals = [followedJournal(1)];
    model.applyBatch([ev('log', { ts: BASE_TS + 20 }), ev('log', { ts: BASE_TS + 10 })], counters(), journals, NOW);
    model.applyBatch([ev('log', { ts: BASE_TS + 5 })], counters(), undefined, NOW);
    expect(model.lastEventTs).toBe(BASE_TS + 20);
    expect(model.journals).toBe(journals);
  });
});

function baseAgent(id: string) {
  return {
    id,
    parentId: undefined,
    sessionId: undefined,
    source: 'demo',
    name: id,
    model: 'm',
    status: 'running' as const,
    currentTool: undefined,
    currentToolUseId: undefined,
    toolCalls: 0,
    tokensIn: 0,
    tokensOut: 0,
    cacheRead: 0,
    cacheWrite: 0,
    costUsd: 0,
    costEstimated: false,
    startedAt: BASE_TS,
    lastEventAt: BASE_TS,
    stale: false,
    runtimeMs: 0,
    runId: undefined,
    terminalId: undefined,
    pid: undefined,
    pidStart: undefined,
    host: undefined,
    details: {},
    actions: agentActions(id, { source: 'demo', parentId: undefined, sessionId: undefined, runId: undefined, pid: undefined, details: {} }),
  };
}
