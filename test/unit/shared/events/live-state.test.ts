import { describe, expect, it } from 'vitest';
import { LiveState } from '../../../../src-shared/events/live-state';
import { BASE_TS, ev } from '../../../support/event-builders';

function at(ms: number): { ts: number } {
  return { ts: BASE_TS + ms };
}

describe('LiveState', () => {
  it('follows an agent from spawn through a tool call to its end', () => {
    let now = BASE_TS + 5_000;
    const state = new LiveState({ lingerMs: 10_000, now: () => now });
    state.apply(ev('agent_spawn', { ...at(0), name: 'scout', model: 'm1' }));
    state.apply(ev('tool_use', { ...at(100), tool: 'Read', tool_use_id: 't1' }));

    let agent = state.snapshot().agents[0];
    expect(agent).toMatchObject({ id: 'a1', name: 'scout', model: 'm1', source: 'demo', status: 'running' });
    expect(agent).toMatchObject({ currentTool: 'Read', currentToolUseId: 't1', toolCalls: 1, startedAt: BASE_TS });
    expect(agent?.runtimeMs).toBe(5_000);

    state.apply(ev('tool_result', { ...at(300), tool_use_id: 't1', ok: true }));
    state.apply(ev('usage', { ...at(400), tokens_in: 100, tokens_out: 20, cache_read: 7, cost_usd: 0.5 }));
    state.apply(ev('usage', { ...at(500), tokens_in: 50, tokens_out: 5, cost_usd: 0.25 }));
    state.apply(ev('status', { ...at(600), status: 'waiting' }));
    agent = state.snapshot().agents[0];
    expect(agent).toMatchObject({ currentTool: undefined, status: 'waiting', lastEventAt: BASE_TS + 600 });
    expect(agent).toMatchObject({ tokensIn: 150, tokensOut: 25, cacheRead: 7, cacheWrite: 0, costUsd: 0.75 });

    state.apply(ev('agent_done', { ...at(1_000), outcome: 'success' }));
    now = BASE_TS + 2_000;
    const snapshot = state.snapshot();
    expect(snapshot.agents).toEqual([]);
    expect(snapshot.finished).toMatchObject([{ id: 'a1', outcome: 'success', endedAt: BASE_TS + 1_000, runtimeMs: 1_000, tokensIn: 150 }]);
    expect(snapshot.counters).toEqual({ alive: 0, spawned: 1, toolCalls: 1, done: 1, errors: 0, toolErrors: 0, events: 7 });
  });

  it('creates an agent implicitly from its first event, whatever the type', () => {
    const state = new LiveState({ now: () => BASE_TS });
    state.apply(ev('tool_use', { agent_id: 'mid', tool: 'Bash', tool_use_id: 'x', parent_id: 'p', session_id: 's' }));
    expect(state.snapshot().agents).toMatchObject([{ id: 'mid', parentId: 'p', sessionId: 's', currentTool: 'Bash', startedAt: BASE_TS }]);
    expect(state.counters()).toMatchObject({ alive: 1, spawned: 1, toolCalls: 1 });
  });

  it('links subagents to their parent without inventing the parent', () => {
    const state = new LiveState({ now: () => BASE_TS });
    state.apply(ev('agent_spawn', { agent_id: 'lead' }));
    state.apply(ev('agent_spawn', { agent_id: 'sub-1', parent_id: 'lead' }));
    state.apply(ev('agent_spawn', { agent_id: 'sub-2', parent_id: 'lead' }));
    state.apply(ev('agent_spawn', { agent_id: 'orphan', parent_id: 'never-seen' }));
    const parents = Object.fromEntries(state.snapshot().agents.map((a) => [a.id, a.parentId]));
    expect(parents).toEqual({ lead: undefined, 'sub-1': 'lead', 'sub-2': 'lead', orphan: 'never-seen' });
  });

  it('tracks parallel tool calls and falls back to one still running', () => {
    const state = new LiveState();
    state.apply(ev('tool_use', { tool: 'Read', tool_use_id: 't1' }));
    state.apply(ev('tool_use', { tool: 'Grep', tool_use_id: 't2' }));
    state.apply(ev('tool_result', { tool_use_id: 't2', ok: false }));
    expect(state.snapshot().agents[0]).toMatchObject({ currentTool: 'Read', currentToolUseId: 't1', toolCalls: 2 });
    state.apply(ev('tool_result', { tool_use_id: 't1', ok: true }));
    expect(state.snapshot().agents[0]?.currentTool).toBeUndefined();
    expect(state.counters().toolErrors).toBe(1);
  });

  it('counts failed outcomes as errors', () => {
    const state = new LiveState();
    const outcomes = ['success', 'error', 'cancelled', 'timeout'] as const;
    outcomes.forEach((outcome, i) => state.apply(ev('agent_done', { agent_id: `a${i}`, outcome })));
    expect(state.counters()).toMatchObject({ alive: 0, spawned: 4, done: 4, errors: 2 });
  });

  it('lets finished agents linger, then forgets them', () => {
    let now = BASE_TS;
    const state = new LiveState({ lingerMs: 1_000, now: () => now });
    state.apply(ev('agent_done', { agent_id: 'old', outcome: 'success', ...at(0) }));
    state.apply(ev('agent_done', { agent_id: 'new', outcome: 'error', error: 'boom', ...at(800) }));
    expect(state.snapshot().finished.map((a) => a.id)).toEqual(['old', 'new']);
    now = BASE_TS + 1_000;
    expect(state.snapshot().finished).toMatchObject([{ id: 'new', outcome: 'error', error: 'boom' }]);
    now = BASE_TS + 1_800;
    expect(state.snapshot().finished).toEqual([]);
  });

  it('does not let agents from an old journal linger at all', () => {
    const state = new LiveState({ lingerMs: 1_000, now: () => BASE_TS + 3_600_000 });
    state.apply(ev('agent_done', { outcome: 'success' }));
    expect(state.snapshot().finished).toEqual([]);
  });

  it('bounds the number of lingering agents', () => {
    const state = new LiveState({ maxFinished: 2, now: () => BASE_TS });
    for (const id of ['a', 'b', 'c']) state.apply(ev('agent_done', { agent_id: id, outcome: 'success' }));
    expect(state.snapshot().finished.map((a) => a.id)).toEqual(['b', 'c']);
  });

  it('credits late usage to the finished run and respawns only on agent_spawn', () => {
    const state = new LiveState({ now: () => BASE_TS });
    state.apply(ev('agent_spawn'));
    state.apply(ev('agent_done', { outcome: 'success' }));
    state.apply(ev('usage', { tokens_in: 9, tokens_out: 1 }));
    expect(state.snapshot()).toMatchObject({ agents: [], finished: [{ id: 'a1', tokensIn: 9 }] });
    state.apply(ev('agent_spawn'));
    expect(state.snapshot()).toMatchObject({ agents: [{ id: 'a1', tokensIn: 0 }], finished: [] });
    expect(state.counters()).toMatchObject({ spawned: 2, done: 1, events: 4 });
  });

  it('keeps the most recent events in order', () => {
    const state = new LiveState({ recentEventCount: 3 });
    for (let i = 0; i < 5; i++) state.apply(ev('log', { message: `m${i}` }));
    expect(state.snapshot().recentEvents.map((e) => (e.type === 'log' ? e.message : ''))).toEqual(['m2', 'm3', 'm4']);
  });
});
