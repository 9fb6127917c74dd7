import { describe, expect, it } from 'vitest';
import { END_SILENT_AFTER_MS, STALE_AFTER_MS, staleAfterMsFromSetting } from '../../../../src-shared/events/fleet-lifecycle';
import { LiveState } from '../../../../src-shared/events/live-state';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
import { BASE_TS, counters, ev } from '../../../support/event-builders';

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
    expect(snapshot.counters).toEqual({ alive: 0, spawned: 1, toolCalls: 1, done: 1, errors: 0, toolErrors: 0, events: 7, tokensIn: 150, tokensOut: 25, cacheRead: 7, cacheWrite: 0, costUsd: 0.75, costEstimated: false });
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
    const state = new LiveState({ now: () => BASE_TS });
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

  it('adds up the usage of the fleet, from agents that left and stragglers after an end, and says when some cost is estimated', () => {
    let now = BASE_TS;
    const state = new LiveState({ now: () => now });
    state.apply(ev('usage', { agent_id: 'a', tokens_in: 100, tokens_out: 10, cache_read: 300, cost_usd: 0.5 }));
    state.apply(ev('agent_done', { agent_id: 'a' }));
    state.apply(ev('usage', { agent_id: 'a', tokens_in: 0, tokens_out: 5, cache_write: 40, cost_usd: 0.25 }));
    now += 60_000;
    expect(state.snapshot().finished).toEqual([]);
    expect(state.counters()).toMatchObject({ tokensIn: 100, tokensOut: 15, cacheRead: 300, cacheWrite: 40, costUsd: 0.75, costEstimated: false });
    state.apply(ev('usage', { agent_id: 'b', tokens_in: 1, tokens_out: 1, cost_usd: 0.01, cost_estimated: true }));
    expect(state.counters()).toMatchObject({ costUsd: 0.76, costEstimated: true });
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

describe('LiveState: ends the rules bring', () => {
  const MINUTE = 60_000;

  it("a session's end ends its subagents that never reported theirs, and theirs, with its outcome", () => {
    const state = new LiveState({ now: () => BASE_TS });
    state.apply(ev('agent_spawn', { agent_id: 'lead' }));
    state.apply(ev('agent_spawn', { agent_id: 'sub', parent_id: 'lead' }));
    state.apply(ev('agent_spawn', { agent_id: 'subsub', parent_id: 'sub' }));
    state.apply(ev('agent_spawn', { agent_id: 'reported', parent_id: 'lead' }));
    state.apply(ev('agent_done', { agent_id: 'reported', outcome: 'error', error: 'its own', ...at(50) }));
    state.apply(ev('agent_spawn', { agent_id: 'other' }));
    state.apply(ev('agent_done', { agent_id: 'lead', outcome: 'cancelled', error: 'interrupted', ...at(100) }));

    const finished = Object.fromEntries(state.snapshot().finished.map((agent) => [agent.id, [agent.outcome, agent.error, agent.endedAt]]));
    expect(finished).toEqual({
      reported: ['error', 'its own', BASE_TS + 50],
      lead: ['cancelled', 'interrupted', BASE_TS + 100],
      sub: ['cancelled', 'its session ended: interrupted', BASE_TS + 100],
      subsub: ['cancelled', 'its session ended: its session ended: interrupted', BASE_TS + 100],
    });
    expect(state.snapshot().agents.map((agent) => agent.id)).toEqual(['other']);
    expect(state.counters()).toMatchObject({ alive: 1, done: 4, events: 7 });
  });

  it('a successful end ends its subagents as successes, without an error', () => {
    const state = new LiveState({ now: () => BASE_TS });
    state.apply(ev('agent_spawn', { agent_id: 'lead' }));
    state.apply(ev('tool_use', { agent_id: 'sub', parent_id: 'lead' }));
    state.apply(ev('agent_done', { agent_id: 'lead', outcome: 'success' }));
    expect(state.agent('sub')).toMatchObject({ outcome: 'success', error: undefined });
  });

  it('a subagent that moved to another parent ends with that one', () => {
    const state = new LiveState({ now: () => BASE_TS });
    state.apply(ev('agent_spawn', { agent_id: 'sub', parent_id: 'first' }));
    state.apply(ev('status', { agent_id: 'sub', parent_id: 'second', status: 'running' }));
    state.apply(ev('agent_done', { agent_id: 'first' }));
    expect(state.agent('sub')).not.toHaveProperty('outcome');
    state.apply(ev('agent_done', { agent_id: 'second' }));
    expect(state.agent('sub')).toMatchObject({ outcome: 'success' });
  });

  it('an agent silent for the stale-after time is stale: flagged, and not counted alive, until it speaks again', () => {
    let now = BASE_TS;
    const state = new LiveState({ now: () => now });
    state.apply(ev('agent_spawn', { agent_id: 'quiet' }));
    state.apply(ev('agent_spawn', { agent_id: 'busy' }));
    now = BASE_TS + STALE_AFTER_MS - 1;
    state.apply(ev('tool_use', { agent_id: 'busy', ts: now }));
    expect(state.snapshot().agents.map((agent) => agent.stale)).toEqual([false, false]);
    now = BASE_TS + STALE_AFTER_MS;
    expect(state.snapshot().agents.map((agent) => [agent.id, agent.stale])).toEqual([['quiet', true], ['busy', false]]);
    expect(state.agent('quiet')).toMatchObject({ stale: true, status: 'running' });
    expect(state.counters().alive).toBe(1);
    state.apply(ev('log', { agent_id: 'quiet', ts: now }));
    expect(state.counters().alive).toBe(2);
    expect(state.snapshot()).toMatchObject({ staleAfterMs: STALE_AFTER_MS });
  });

  it('takes its stale-after time from the setting (minutes), falling back to 30 minutes', () => {
    expect(staleAfterMsFromSetting(5)).toBe(5 * MINUTE);
    for (const bad of [undefined, 0, -3, '10', Number.NaN, null]) expect(staleAfterMsFromSetting(bad)).toBe(30 * MINUTE);
    let now = BASE_TS;
    const state = new LiveState({ now: () => now, staleAfterMs: staleAfterMsFromSetting(5) });
    state.apply(ev('agent_spawn'));
    now = BASE_TS + 5 * MINUTE;
    expect(state.snapshot()).toMatchObject({ agents: [{ stale: true }], staleAfterMs: 5 * MINUTE, counters: { alive: 0 } });
  });

  it('an agent silent for 6 hours is ended as interrupted, dated at its last sign of life, its subagents with it', () => {
    let now = BASE_TS;
    // A linger long enough to look at the ends (the usual one is over long before: see below).
    const state = new LiveState({ now: () => now, lingerMs: 2 * END_SILENT_AFTER_MS });
    state.apply(ev('agent_spawn', { agent_id: 'lead' }));
    state.apply(ev('tool_use', { agent_id: 'sub', parent_id: 'lead', ...at(1_000) }));
    state.apply(ev('agent_spawn', { agent_id: 'later', ...at(2_000) }));
    now = BASE_TS + END_SILENT_AFTER_MS - 1;
    expect(state.snapshot().agents.map((agent) => [agent.id, agent.stale])).toEqual([['lead', true], ['sub', true], ['later', true]]);
    now = BASE_TS + END_SILENT_AFTER_MS;
    // The lead's silence ends it, and with it its subagent (dated at the subagent's own last event).
    const finished = state.snapshot().finished.map((agent) => [agent.id, agent.outcome, agent.error, agent.endedAt]);
    expect(finished).toEqual([
      ['lead', 'interrupted', 'sent nothing for 6 hours', BASE_TS],
      ['sub', 'interrupted', 'its session ended: sent nothing for 6 hours', BASE_TS + 1_000],
    ]);
    expect(state.snapshot().agents.map((agent) => agent.id)).toEqual(['later']);
    expect(state.counters()).toMatchObject({ alive: 0, done: 2, errors: 0 });
  });

  it('a silent end is old news: with the usual linger it is gone at once', () => {
    let now = BASE_TS;
    const state = new LiveState({ now: () => now });
    state.apply(ev('agent_spawn', { agent_id: 'lead' }));
    now = BASE_TS + END_SILENT_AFTER_MS;
    expect(state.snapshot()).toMatchObject({ agents: [], finished: [] });
    // Should it speak again after all, it is a new agent: what it said before is gone with the old one.
    state.apply(ev('status', { agent_id: 'lead', status: 'running', ts: now }));
    expect(state.snapshot().agents).toMatchObject([{ id: 'lead', stale: false, status: 'running' }]);
  });

  it('the page reaches what the host holds by the same rules: subagents ended with their session, stale flags, silent ends', () => {
    let now = BASE_TS;
    const host = new LiveState({ now: () => now });
    const page = new FleetModel();
    page.loadSnapshot(host.snapshot(), [], now);
    const send = (event: ReturnType<typeof ev>) => {
      host.apply(event);
      page.applyBatch([event], counters(), undefined, now);
    };
    const hostView = () => {
      const snapshot = host.snapshot();
      return [...snapshot.agents.map((agent) => `${agent.id}:${agent.stale ? 'stale' : 'alive'}`), ...snapshot.finished.map((agent) => `${agent.id}:${agent.outcome}`)].sort();
    };
    const pageView = () => {
      page.expire(now);
      return [...page.agents.values()].map((agent) => `${agent.id}:${agent.outcome ?? (page.isStale(agent, now) ? 'stale' : 'alive')}`).sort();
    };
    send(ev('agent_spawn', { agent_id: 'lead', ts: now }));
    send(ev('agent_spawn', { agent_id: 'sub', parent_id: 'lead', ts: now }));
    send(ev('agent_spawn', { agent_id: 'idle', ts: now }));
    now += STALE_AFTER_MS;
    send(ev('tool_use', { agent_id: 'lead', ts: now }));
    expect(pageView()).toEqual(hostView());
    expect(hostView()).toEqual(['idle:stale', 'lead:alive', 'sub:stale']);
    expect(page.aliveAt(now)).toBe(host.counters().alive);
    send(ev('agent_done', { agent_id: 'lead', outcome: 'error', ts: now }));
    expect(pageView()).toEqual(hostView());
    expect(hostView()).toEqual(['idle:stale', 'lead:error', 'sub:error']);
    now = BASE_TS + END_SILENT_AFTER_MS;
    // The page lingers on the silent end it just saw (its linger counts from then); the host's is long over.
    expect(pageView()).toEqual(['idle:interrupted']);
    expect(hostView()).toEqual([]);
    now += page.lingerMs;
    expect(pageView()).toEqual(hostView());
  });
});
