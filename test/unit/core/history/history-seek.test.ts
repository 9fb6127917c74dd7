import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../../resources/demo/seeded-random.mjs';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { HISTORY_EVENTS_MAX_LIMIT, historyMethods } from '../../../../src-shared/history/history-contract';
import { CheckpointRepository } from '../../../../src-main/core/history/checkpoint-repository';
import { foldAt } from '../../../../src-main/core/history/history-replay';
import { ev } from '../../../support/event-builders';
import { historyCall, ingestLive, oracleAt, scratch, scratchHarness } from './history-harness';
import type { Clock, Harness } from './history-harness';
import { batches, randomHistory } from './random-history';

const T0 = 1_750_000_000_000;
const EVERY = 60;
const TUNING = { everyEvents: EVERY, reorderMarginMs: 1_500, maxPending: 150, chunk: 50, foldIntervalMs: 1 };

const space = scratch();
const harness = (clock: Clock, tuning: object = TUNING): Harness => scratchHarness(space, space.storeFile(), clock, tuning);
const call = historyCall;

/** Every event dated in (fromTs, toTs], by ts then arrival. */
function expectedBetween(arrivals: readonly OrreryEvent[], fromTs: number, toTs: number): OrreryEvent[] {
  return arrivals
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => event.ts > fromTs && event.ts <= toTs)
    .sort((a, b) => a.event.ts - b.event.ts || a.index - b.index)
    .map(({ event }) => event);
}

describe('seeking in history', () => {
  it.each([1, 2, 3, 4, 5])('shows what a replay from the start shows, at any moment (randomized history, seed %i)', async (seed) => {
    const clock = { now: T0 };
    const h = harness(clock);
    const events = randomHistory({ seed, events: 2_500, startTs: T0, jitter: 25, late: 8 });
    await ingestLive(h, clock, batches(events, seededRandom(seed + 100)));
    h.history.recorder.flush();
    const checkpoints = new CheckpointRepository(h.store.db);

    const { firstTs, lastTs } = call(h, 'history.range', {});
    const rand = seededRandom(seed + 200);
    const moments = [firstTs!, lastTs!, clock.now, ...events.slice(0, 20).map((e) => e.ts), ...Array.from({ length: 40 }, () => Math.floor(firstTs! + rand() * (clock.now - firstTs!)))];
    for (const ts of moments) {
      expect(call(h, 'history.at', { ts }).snapshot, `at ${ts}`).toEqual(oracleAt(events, ts));
      // The nearest checkpoint was used: never more than one interval of events replayed.
      expect(foldAt(h.repository, checkpoints, ts, Number.POSITIVE_INFINITY).replayed).toBeLessThanOrEqual(EVERY);
    }
  });

  it('writes checkpoints while events come in, each in its own transaction off the ingest call', async () => {
    const clock = { now: T0 + 60_000 + TUNING.reorderMarginMs };
    const h = harness(clock, { ...TUNING, maxPending: 10_000 });
    const checkpoints = new CheckpointRepository(h.store.db);
    const events = Array.from({ length: 600 }, (_, i) => ev('log', { ts: T0 + i * 100, message: `m${i}` }));
    h.ingest.ingestEvents(events);
    // The listener only queues: nothing is folded or written during the ingest call itself.
    expect(checkpoints.count()).toBe(0);
    await vi.waitFor(() => expect(checkpoints.count()).toBe(events.length / EVERY), { timeout: 5_000, interval: 10 });
  });

  it('drops the checkpoints a late line makes wrong and rebuilds them with it', async () => {
    const clock = { now: T0 };
    const h = harness(clock);
    const events = Array.from({ length: 600 }, (_, i) => ev(i % 2 ? 'tool_use' : 'usage', { ts: T0 + i * 1_000, agent_id: `a${i % 7}`, tool_use_id: `t${i}` }));
    await ingestLive(h, clock, batches(events, seededRandom(9)));
    h.history.recorder.flush();
    const checkpoints = new CheckpointRepository(h.store.db);
    const before = checkpoints.count();

    // A journal of old lines: an agent that started and ended in the middle of that history.
    const late = [ev('agent_spawn', { ts: T0 + 200_500, agent_id: 'old' }), ev('agent_done', { ts: T0 + 200_600, agent_id: 'old', outcome: 'error' })];
    h.ingest.ingestEvents(late);
    expect(checkpoints.latest()!.ts).toBeLessThanOrEqual(late[0]!.ts);
    expect(checkpoints.count()).toBeLessThan(before);

    h.history.recorder.flush();
    expect(checkpoints.count()).toBeGreaterThanOrEqual(before);
    const all = [...events, ...late];
    for (const ts of [T0 + 200_550, T0 + 200_601, T0 + 400_000, clock.now]) expect(call(h, 'history.at', { ts }).snapshot).toEqual(oracleAt(all, ts));
    expect(call(h, 'history.at', { ts: T0 + 200_550 }).snapshot.agents.map((a) => a.id)).toContain('old');
    expect(call(h, 'history.at', { ts: clock.now }).snapshot.counters).toMatchObject({ done: 1, errors: 1, spawned: 8 });
  });

  it('takes lines a little out of order, within the margin, without rebuilding anything', async () => {
    const clock = { now: T0 };
    const h = harness(clock, { ...TUNING, reorderMarginMs: 5_000, maxPending: 100_000 });
    const rand = seededRandom(4);
    const events = Array.from({ length: 800 }, (_, i) => ev('log', { ts: T0 + i * 100 - Math.floor(rand() * 3_000), agent_id: `a${i % 5}`, message: `m${i}` }));
    await ingestLive(h, clock, batches(events, rand));
    h.history.recorder.flush();
    const { n, last } = h.store.db.prepare('SELECT COUNT(*) AS n, MAX(id) AS last FROM history_checkpoints').get() as { n: number; last: number };
    // Row ids are handed out in order: none missing means none was ever dropped.
    expect(n).toBe(last);
    expect(n).toBeGreaterThanOrEqual(Math.floor(events.length / EVERY));
    for (const ts of [T0 + 10_000, T0 + 50_000, clock.now]) expect(call(h, 'history.at', { ts }).snapshot).toEqual(oracleAt(events, ts));
  });
});

describe('history.events', () => {
  it('pages through a range in history order, never ending a page inside a millisecond', async () => {
    const clock = { now: T0 };
    const h = harness(clock);
    const events = randomHistory({ seed: 11, events: 1_500, startTs: T0, jitter: 10 });
    await ingestLive(h, clock, batches(events, seededRandom(12)));
    const fromTs = events[100]!.ts;
    const toTs = events[1_200]!.ts;
    const pages: OrreryEvent[][] = [];
    for (let cursor = fromTs, more = true; more; ) {
      const page = call(h, 'history.events', { fromTs: cursor, toTs, limit: 7 });
      expect(page.events.length).toBeLessThanOrEqual(7);
      expect(page.events.length).toBeGreaterThan(0);
      pages.push(page.events);
      more = page.more;
      cursor = page.events.at(-1)!.ts;
    }
    expect(pages.flat()).toEqual(expectedBetween(events, fromTs, toTs));
    // Same-millisecond runs are common in this history, so some pages came out short.
    expect(pages.some((page) => page.length < 7)).toBe(true);
  });

  it('cuts a millisecond that alone holds more than the limit, and says there is more', () => {
    const clock = { now: T0 + 1 };
    const h = harness(clock);
    h.ingest.ingestEvents(Array.from({ length: 10 }, (_, i) => ev('log', { ts: T0, message: `m${i}` })));
    const page = call(h, 'history.events', { fromTs: T0 - 1, toTs: T0, limit: 4 });
    expect(page.events.map((e) => (e.type === 'log' ? e.message : ''))).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(page.more).toBe(true);
    expect(call(h, 'history.events', { fromTs: T0, toTs: T0 + 1, limit: 4 })).toEqual({ events: [], more: false });
  });

  it('refuses a backward range and a limit above the maximum', () => {
    expect(historyMethods['history.events'].input.safeParse({ fromTs: T0, toTs: T0 - 1 }).error?.issues[0]?.message).toBe('fromTs must not be after toTs');
    expect(historyMethods['history.events'].input.safeParse({ fromTs: T0, toTs: T0, limit: HISTORY_EVENTS_MAX_LIMIT + 1 }).success).toBe(false);
  });
});

describe('moments history cannot show', () => {
  it('says so for an empty store, a moment before the history and one in the future', () => {
    const clock = { now: T0 + 60_000 };
    const h = harness(clock);
    expect(() => call(h, 'history.at', { ts: T0 })).toThrow(expect.objectContaining({ code: 'failed_precondition', message: 'Nothing is stored yet, so there is no history to show.' }));
    h.ingest.ingestEvents([ev('agent_spawn', { ts: T0 })]);
    expect(() => call(h, 'history.at', { ts: T0 - 1 })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', message: '2025-06-15T15:06:39.999Z is before the stored history, which starts at 2025-06-15T15:06:40.000Z.' }),
    );
    expect(() => call(h, 'history.at', { ts: T0 + 60_001 })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', message: "2025-06-15T15:07:40.001Z is in the future: the host's clock says 2025-06-15T15:07:40.000Z." }),
    );
    // Between the last event and now is allowed: the fleet as it stood then.
    expect(call(h, 'history.at', { ts: T0 + 60_000 }).snapshot.agents.map((a) => a.id)).toEqual(['a1']);
    expect(call(h, 'history.range', {})).toEqual({ firstTs: T0, lastTs: T0, events: 1, checkpoints: 0 });
  });
});
