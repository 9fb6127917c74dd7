import { describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../../resources/demo/seeded-random.mjs';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { CheckpointRepository } from '../../../../src-main/core/history/checkpoint-repository';
import { pruneHistory } from '../../../../src-main/core/history/history-retention';
import { ev } from '../../../support/event-builders';
import { historyCall, ingestLive, oracleAt, scratch, scratchHarness } from '../../../unit/core/history/history-harness';
import type { Harness } from '../../../unit/core/history/history-harness';
import { batches, randomHistory } from '../../../unit/core/history/random-history';

const T0 = 1_750_000_000_000;
const DAY_MS = 24 * 60 * 60_000;

const space = scratch();

async function weeksOfHistory(): Promise<{ h: Harness; clock: { now: number }; events: OrreryEvent[] }> {
  const clock = { now: T0 };
  const h = scratchHarness(space, space.storeFile(), clock, { everyEvents: 400, everyMs: DAY_MS, foldIntervalMs: 1 });
  const events = randomHistory({ seed: 77, events: 12_000, startTs: T0 });
  await ingestLive(h, clock, batches(events, seededRandom(78), 200), 20);
  h.history.recorder.flush();
  return { h, clock, events };
}

const storedCount = (h: Harness, where = '1'): number => (h.store.db.prepare(`SELECT COUNT(*) AS n FROM events WHERE ${where}`).get() as { n: number }).n;

describe('retention', () => {
  it('prunes in small transactions while ingest goes on, from the newest checkpoint before the cutoff', async () => {
    const { h, clock, events } = await weeksOfHistory();
    const checkpoints = new CheckpointRepository(h.store.db);
    const spanDays = (clock.now - T0) / DAY_MS;
    expect(spanDays).toBeGreaterThan(10);
    const retentionDays = Math.floor(spanDays / 2);
    const cutoff = clock.now - retentionDays * DAY_MS;
    const keptBefore = storedCount(h, `ts >= ${cutoff}`);
    const base = checkpoints.newestBefore(cutoff)!;

    // Ingest goes on meanwhile, a batch every 2 ms; the longest wait between two is what pruning cost it.
    const concurrent: OrreryEvent[] = [];
    let longestWaitMs = 0;
    let last = performance.now();
    const ingesting = setInterval(() => {
      const now = performance.now();
      longestWaitMs = Math.max(longestWaitMs, now - last);
      last = now;
      clock.now += 1;
      const batch = Array.from({ length: 20 }, (_, i) => ev('log', { ts: clock.now, agent_id: 'during', message: `m${concurrent.length + i}` }));
      concurrent.push(...batch);
      h.ingest.ingestEvents(batch);
    }, 2);
    const summary = await pruneHistory({ repository: h.repository, checkpoints, now: () => clock.now, retentionDays: () => retentionDays, batchSize: 500 });
    clearInterval(ingesting);

    console.log(`retention: ${summary.deleted} events in ${summary.transactions} transactions, longest ${summary.longestTransactionMs.toFixed(1)} ms; longest wait between ingest batches ${longestWaitMs.toFixed(1)} ms`);
    expect(summary.deleted).toBeGreaterThan(3_000);
    expect(summary.transactions).toBe(Math.floor(summary.deleted / 500) + 1);
    expect(summary.longestTransactionMs).toBeLessThan(100);
    expect(concurrent.length).toBeGreaterThan(0);
    expect(longestWaitMs).toBeLessThan(500);

    // Everything up to the base is gone; nothing younger than the cutoff is.
    expect(storedCount(h, `ts < ${base.ts} OR (ts = ${base.ts} AND id <= ${base.id})`)).toBe(0);
    expect(storedCount(h, `ts >= ${cutoff}`)).toBe(keptBefore + concurrent.length);
    expect(storedCount(h, `ts < ${cutoff}`)).toBeLessThan(400);
    // The base starts the kept history; the checkpoints before it went with their events.
    expect(checkpoints.base()).toMatchObject({ ts: base.ts, id: base.id, base: true });
    expect(h.store.db.prepare('SELECT COUNT(*) AS n FROM history_checkpoints WHERE ts < ?').get(base.ts)).toEqual({ n: 0 });

    expect(historyCall(h, 'history.range', {})).toMatchObject({ firstTs: base.ts, events: storedCount(h) });
    expect(() => historyCall(h, 'history.at', { ts: base.ts - 1 })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    // The base holds what the pruned events did: seeks still equal a replay of the whole history.
    const all = [...events, ...concurrent];
    const kept = all.filter((e) => e.ts > base.ts).sort((a, b) => a.ts - b.ts);
    for (const ts of [kept[250]!.ts, kept[2_000]!.ts, kept.at(-500)!.ts, clock.now]) {
      expect(historyCall(h, 'history.at', { ts }).snapshot).toEqual(oracleAt(all, ts));
    }

    expect(await pruneHistory({ repository: h.repository, checkpoints, now: () => clock.now, retentionDays: () => retentionDays })).toMatchObject({ deleted: 0 });
  });

  it('leaves its checkpoints alone when a line older than the kept history arrives, and prunes that line next time', async () => {
    const { h, clock } = await weeksOfHistory();
    const checkpoints = new CheckpointRepository(h.store.db);
    const retentionDays = 3;
    await pruneHistory({ repository: h.repository, checkpoints, now: () => clock.now, retentionDays: () => retentionDays });
    const { firstTs } = historyCall(h, 'history.range', {});

    const kept = checkpoints.count();
    h.ingest.ingestEvents([ev('log', { ts: T0 + 60_000, agent_id: 'old', message: 'from an old journal' })]);
    // No part of the kept history, so no checkpoint of it was made wrong.
    expect(checkpoints.count()).toBe(kept);
    h.history.recorder.flush();
    expect(checkpoints.base()?.ts).toBe(firstTs);
    expect(historyCall(h, 'history.range', {}).firstTs).toBe(firstTs);
    expect(await pruneHistory({ repository: h.repository, checkpoints, now: () => clock.now, retentionDays: () => retentionDays })).toMatchObject({ deleted: 1 });
  });

  it('prunes soon after the setting is lowered', async () => {
    const { h, clock } = await weeksOfHistory();
    const before = storedCount(h);
    expect(historyCall(h, 'history.updateSettings', { retentionDays: 2 })).toEqual({ retentionDays: 2 });
    await vi.waitFor(() => expect(storedCount(h, `ts < ${clock.now - 3 * DAY_MS}`)).toBe(0), { timeout: 10_000, interval: 20 });
    expect(storedCount(h)).toBeLessThan(before);
  });
});
