// The renderer's replay against the host's real history (an SQLite store, the real ingest and the
// history feature on a clock the test moves), called as the api would call it.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../src-shared/api/api-client';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { historyMethods } from '../../../../src-shared/history/history-contract';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
import { HistoryPlayer, TICK_MS, useReplayStore } from '../../../../src-renderer/src/history/history-player';
import type { ReplayTarget } from '../../../../src-renderer/src/history/history-player';
import { ReplayCounters } from '../../../../src-renderer/src/history/replay-counters';
import { ev } from '../../../support/event-builders';
import { ingestLive, openHarness, tempDir } from '../../core/history/history-harness';
import type { Clock, Harness } from '../../core/history/history-harness';
import { batches, random, randomHistory } from '../../core/history/random-history';

const T0 = 1_750_000_000_000;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function harness(clock: Clock): Harness {
  const tmp = tempDir();
  const opened = openHarness(join(tmp.dir, 'orrery.db'), clock, { everyEvents: 200, reorderMarginMs: 1_500, maxPending: 1_000, chunk: 100, foldIntervalMs: 1 });
  cleanup.push(async () => {
    await opened.close();
    tmp.remove();
  });
  return opened;
}

/** The history api as a client calls it: inputs parsed by the contract, answers asynchronous. */
function historyApi(h: Harness): Pick<ApiClient, 'call'> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    call: (async (method: keyof typeof historyMethods, input: unknown) => {
      calls.push(method);
      const handler = h.history.handlers.methods[method] as (input: unknown) => unknown;
      return handler(historyMethods[method].input.parse(input));
    }) as unknown as ApiClient['call'],
  };
}

function at(h: Harness, ts: number) {
  return (h.history.handlers.methods['history.at'] as (input: { ts: number }) => { ts: number; snapshot: import('../../../../src-shared/events/live-state').LiveSnapshot })({ ts });
}

function eventsBetween(h: Harness, fromTs: number, toTs: number): OrreryEvent[] {
  const page = (h.history.handlers.methods['history.events'] as (input: { fromTs: number; toTs: number; limit: number }) => { events: OrreryEvent[]; more: boolean })({ fromTs, toTs, limit: 50_000 });
  expect(page.more).toBe(false);
  return page.events;
}

describe('ReplayCounters', () => {
  it.each([1, 2, 3])('counts the events after a moment as the host counts the fleet at a later one (randomized history, seed %i)', async (seed) => {
    const clock = { now: T0 };
    const h = harness(clock);
    const events = randomHistory({ seed, events: 1_500, startTs: T0, jitter: 20, late: 5, longSilences: false });
    await ingestLive(h, clock, batches(events, random(seed + 10)));
    h.history.recorder.flush();
    const rand = random(seed + 20);
    for (let trial = 0; trial < 8; trial++) {
      const from = Math.floor(T0 + rand() * (clock.now - T0) * 0.8);
      const to = Math.floor(from + rand() * (clock.now - from));
      const counters = new ReplayCounters(at(h, from).snapshot);
      // Folded in several ticks, as a playing replay does.
      const between = eventsBetween(h, from, to);
      let folded = 0;
      let tick = from;
      while (folded < between.length) {
        const take = 1 + Math.floor(rand() * 60);
        const chunk = between.slice(folded, folded + take);
        folded += chunk.length;
        tick = Math.max(tick, (chunk.at(-1) as OrreryEvent).ts);
        counters.advance(chunk, tick);
      }
      expect(counters.advance([], to), `from ${from} to ${to}`).toEqual(at(h, to).snapshot.counters);
    }
  });

  it('lets agents go stale and past their linger by the replayed clock, not the wall clock', async () => {
    const clock = { now: T0 };
    const h = harness(clock);
    await ingestLive(h, clock, [[ev('agent_spawn', { ts: T0, agent_id: 'lead' }), ev('agent_spawn', { ts: T0, agent_id: 'quick' }), ev('usage', { ts: T0 + 10, agent_id: 'lead', tokens_in: 100, tokens_out: 5, cost_usd: 0.5 })], [ev('agent_done', { ts: T0 + 1_000, agent_id: 'quick', outcome: 'error' })], [ev('log', { ts: T0 + 3_600_000, agent_id: 'other' })]]);
    clock.now = T0 + 3_600_000;
    const counters = new ReplayCounters(at(h, T0 + 500).snapshot);
    expect(counters.advance([], T0 + 500)).toMatchObject({ alive: 2, done: 0, costUsd: 0.5 });
    expect(counters.advance(eventsBetween(h, T0 + 500, T0 + 2_000), T0 + 2_000)).toMatchObject({ alive: 1, done: 1, errors: 1 });
    // Thirty minutes of silence make the lead stale: no longer counted alive.
    expect(counters.advance([], T0 + 31 * 60_000)).toMatchObject({ alive: 0, done: 1 });
    expect(counters.advance([], T0 + 31 * 60_000)).toEqual(at(h, T0 + 31 * 60_000).snapshot.counters);
  });
});

describe('HistoryPlayer', () => {
  let wall = 0;
  let ticks: (() => void)[] = [];
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  /** Moves the wall clock on by one tick at a time and lets answers arrive in between. */
  async function run(ms: number): Promise<void> {
    for (let elapsed = 0; elapsed < ms; elapsed += TICK_MS) {
      wall += TICK_MS;
      for (const tick of ticks) tick();
      await flush();
    }
  }

  beforeEach(() => {
    wall = 0;
    ticks = [];
    useReplayStore.setState({ mode: 'live', at: undefined, playing: false, speed: 1, atEnd: false, range: undefined, seeking: false, error: undefined });
  });

  /** The fleet model a replay drives, as the fleet feed hands it over (the feed itself is the e2e test's). */
  function replayTarget(): ReplayTarget & { model: FleetModel; replayAt: number | undefined } {
    const target = {
      model: new FleetModel(),
      replayAt: undefined as number | undefined,
      showReplay(at: number, item?: Parameters<ReplayTarget['showReplay']>[1]) {
        target.replayAt = at;
        if (item?.kind === 'snapshot') target.model.loadSnapshot(item.snapshot, item.journals, wall);
        else if (item?.kind === 'batch') target.model.applyBatch(item.events, item.counters, item.journals, wall);
      },
      returnToLive() {
        target.replayAt = undefined;
      },
    };
    return target;
  }

  function player(h: Harness, clock: Clock) {
    const api = historyApi(h);
    const feed = replayTarget();
    const instance = new HistoryPlayer({
      api,
      target: feed,
      now: () => wall,
      hostNow: () => clock.now,
      every: (tick) => {
        ticks.push(tick);
        return () => (ticks = ticks.filter((t) => t !== tick));
      },
    });
    return { api, feed, instance };
  }

  async function scene(): Promise<{ h: Harness; clock: Clock }> {
    const clock = { now: T0 };
    const h = harness(clock);
    await ingestLive(h, clock, [
      [ev('agent_spawn', { ts: T0, agent_id: 'lead', name: 'lead' }), ev('tool_use', { ts: T0 + 1_000, agent_id: 'lead', tool: 'Bash', tool_use_id: 't1' })],
      [ev('agent_spawn', { ts: T0 + 2_000, agent_id: 'scout', parent_id: 'lead' }), ev('usage', { ts: T0 + 2_500, agent_id: 'scout', tokens_in: 10, tokens_out: 2, cost_usd: 0.25 })],
      [ev('agent_done', { ts: T0 + 5_000, agent_id: 'scout', outcome: 'error', error: 'boom' })],
      [ev('tool_result', { ts: T0 + 6_000, agent_id: 'lead', tool_use_id: 't1', ok: true }), ev('agent_done', { ts: T0 + 8_000, agent_id: 'lead', outcome: 'success' })],
    ]);
    clock.now = T0 + 12_000;
    return { h, clock };
  }

  it('seeks to a moment: the fleet model shows it', async () => {
    const { h, clock } = await scene();
    const { feed, instance } = player(h, clock);
    instance.seek(T0 + 3_000);
    expect(useReplayStore.getState()).toMatchObject({ mode: 'replay', at: T0 + 3_000, seeking: true });
    await flush();
    expect(useReplayStore.getState().seeking).toBe(false);
    expect([...feed.model.agents.keys()]).toEqual(['lead', 'scout']);
    expect(feed.model.agents.get('lead')?.currentTool).toBe('Bash');
    expect(feed.model.counters).toMatchObject({ alive: 2, spawned: 2, toolCalls: 1, costUsd: 0.25 });
    expect(feed.replayAt).toBe(T0 + 3_000);
  });

  it('plays forward through the same model, in order, at the chosen speed, and stops at the end of history', async () => {
    const { h, clock } = await scene();
    const { api, feed, instance } = player(h, clock);
    instance.seek(T0 + 3_000);
    await flush();
    instance.setSpeed(4);
    instance.play();
    await flush();
    await run(400);
    // 0.4 s of wall time at 4× is 1.6 s of history: the scout has not ended yet.
    expect(useReplayStore.getState().at).toBe(T0 + 4_600);
    expect(feed.model.agents.get('scout')?.endedAt).toBeUndefined();
    await run(200);
    expect(feed.model.agents.get('scout')).toMatchObject({ outcome: 'error', error: 'boom' });
    expect(feed.model.counters).toMatchObject({ done: 1, errors: 1 });

    instance.setSpeed(16);
    await run(1_000);
    expect(useReplayStore.getState()).toMatchObject({ atEnd: true, playing: false, at: T0 + 12_000 });
    // Every event once, in order: the counters are the host's at the end.
    expect(feed.model.counters).toEqual(at(h, T0 + 12_000).snapshot.counters);
    expect(api.calls.filter((method) => method === 'history.events').length).toBeGreaterThan(0);

    instance.live();
    expect(useReplayStore.getState()).toMatchObject({ mode: 'live', at: undefined, playing: false });
    expect(feed.replayAt).toBeUndefined();
    expect(ticks).toEqual([]);
  });

  it('while dragging, runs one seek at a time and ends at the latest moment asked for', async () => {
    const { h, clock } = await scene();
    const { api, feed, instance } = player(h, clock);
    for (const ms of [1_000, 2_000, 3_000, 6_000, 9_000]) instance.seek(T0 + ms);
    for (let i = 0; i < 5; i++) await flush();
    expect(api.calls.filter((method) => method === 'history.at')).toHaveLength(2);
    expect(useReplayStore.getState()).toMatchObject({ at: T0 + 9_000, seeking: false });
    expect(feed.model.agents.get('lead')?.outcome).toBe('success');
  });

  it('says why a moment cannot be shown', async () => {
    const { h, clock } = await scene();
    const { instance } = player(h, clock);
    instance.seek(T0 - 60_000);
    await flush();
    expect(useReplayStore.getState().error).toMatch(/before the stored history/);
  });
});
