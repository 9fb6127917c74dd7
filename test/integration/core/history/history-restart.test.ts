import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../../resources/demo/seeded-random.mjs';
import type { LiveFeedItem } from '../../../../src-shared/events/events-contract';
import { LiveState } from '../../../../src-shared/events/live-state';
import { EventRepository } from '../../../../src-main/core/events/event-repository';
import { CheckpointRepository } from '../../../../src-main/core/history/checkpoint-repository';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';
import { openStore } from '../../../../src-main/core/store/database';
import { callCore } from '../../../support/core-calls';
import { ev } from '../../../support/event-builders';
import { ingestLive, scratch, scratchHarness } from '../../../unit/core/history/history-harness';
import { batches, randomHistory } from '../../../unit/core/history/random-history';

const T0 = 1_750_000_000_000;
/** What start-up replayed before checkpoints: the last 6 hours' events, at most 200,000 of them. */
const OLD_WINDOW_MS = 6 * 60 * 60 * 1000;
const OLD_MAX_EVENTS = 200_000;

const space = scratch();

/** The start-up of before: a fresh live state fed the window's events in the order they were stored. */
function oldReplay(file: string, now: number): LiveState {
  const store = openStore(file);
  try {
    const state = new LiveState({ now: () => now });
    state.applyBatch(new EventRepository(store.db).recentSince(now - OLD_WINDOW_MS, OLD_MAX_EVENTS));
    return state;
  } finally {
    store.db.close();
  }
}

describe('start-up from the newest checkpoint', () => {
  it.each([31, 32, 33])('restores exactly what the old replay did (randomized fleet within its window, seed %i)', async (seed) => {
    const file = space.storeFile();
    // In order, hours at most: what the old replay could see whole. (Ends followed by stragglers are
    // left out: the old replay, on the host's clock, let an ended agent go before its straggler came.)
    const events = randomHistory({ seed, events: 2_000, startTs: T0, afterEnds: false, longSilences: false });
    const clock = { now: T0 };
    const before = scratchHarness(space, file, clock, { everyEvents: 150 });
    await ingestLive(before, clock, batches(events, seededRandom(seed)));
    await before.close();
    const restartedAt = clock.now + 5_000;

    const after = scratchHarness(space, file, { now: restartedAt });
    expect(after.liveState.snapshot()).toEqual(oldReplay(file, restartedAt).snapshot());
  });

  it.each([41, 42])('restores exactly what the live state showed before the restart (stragglers, respawns, late checkpoints; seed %i)', async (seed) => {
    const file = space.storeFile();
    const events = randomHistory({ seed, events: 3_000, startTs: T0, longSilences: false });
    const clock = { now: T0 };
    // Quit before the recorder folded the last events: the start folds them from the store.
    const before = scratchHarness(space, file, clock, { everyEvents: 150, reorderMarginMs: 60 * 60_000, foldIntervalMs: 1 });
    // One event per batch, so the host's clock reads each event's own time as it is folded: a
    // linger then ends on the same event live as in history (with a clock ahead of the events, an
    // ended agent may leave before its straggler where history keeps it).
    await ingestLive(before, clock, batches(events, seededRandom(seed), 1), 50);
    const shown = before.liveState.snapshot();
    // Some checkpoints, and the last hour's events after the newest of them.
    const newest = new CheckpointRepository(before.store.db).latest();
    expect(newest!.ts).toBeLessThan(clock.now - 30 * 60_000);

    const after = scratchHarness(space, file, clock);
    expect(after.liveState.snapshot()).toEqual(shown);
  });

  it('starts a big store from before checkpoints the old way, and folds its history in the background', async () => {
    const file = space.storeFile();
    const now = T0 + 3 * 60 * 60_000;
    const store = openStore(file);
    const repository = new EventRepository(store.db);
    const events = Array.from({ length: 200_001 }, (_, i) => ev(i % 3 === 0 ? 'tool_use' : 'usage', { ts: T0 + Math.floor(i / 20), agent_id: `a${i % 40}`, tool_use_id: `t${i}` }));
    store.db.transaction(() => repository.insertBatch(events))();
    store.db.close();

    const h = scratchHarness(space, file, { now });
    expect(h.liveState.snapshot()).toEqual(oldReplay(file, now).snapshot());
    const checkpoints = new CheckpointRepository(h.store.db);
    // A checkpoint every 10,000 events; the last one comes with the next checkpoint or at quit.
    await vi.waitFor(() => expect(checkpoints.latest()?.events).toBe(200_000), { timeout: 30_000, interval: 50 });
  }, 60_000);

  it('reads only the events after the newest checkpoint, which quitting writes at the last event', async () => {
    const file = space.storeFile();
    const clock = { now: T0 };
    const before = scratchHarness(space, file, clock);
    await ingestLive(before, clock, batches(randomHistory({ seed: 5, events: 1_000, startTs: T0 }), seededRandom(5)));
    await before.close();
    const db = new Database(file, { readonly: true });
    const last = db.prepare('SELECT ts, id FROM events ORDER BY ts DESC, id DESC LIMIT 1').get();
    const checkpoint = db.prepare('SELECT ts, event_id AS id FROM history_checkpoints ORDER BY ts DESC, event_id DESC LIMIT 1').get();
    db.close();
    expect(checkpoint).toEqual(last);

    const read = vi.spyOn(EventRepository.prototype, 'after');
    space.defer(() => read.mockRestore());
    const after = scratchHarness(space, file, clock);
    // One read of what follows the checkpoint (nothing), one for what waits to be folded.
    expect(read.mock.results.map((result) => (result.value as unknown[]).length)).toEqual([0, 0]);
  });
});

describe('the history api of a running Orrery', () => {
  let core: OrreryCore | undefined;
  afterEach(async () => {
    await core?.dispose();
    core = undefined;
  });

  function snapshotOf(target: OrreryCore): Promise<Extract<LiveFeedItem, { kind: 'snapshot' }>> {
    return new Promise((resolve) => {
      const stop = target.api.subscribe('events.live', {}, (item) => {
        const feed = item as LiveFeedItem;
        if (feed.kind !== 'snapshot') return;
        queueMicrotask(() => stop());
        resolve(feed);
      }, () => undefined);
    });
  }

  it('seeks, pages, refuses what it cannot show with the reason, and keeps its retention setting', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-history-core-'));
    space.defer(() => rmSync(home, { recursive: true, force: true }));
    const start = Date.now() - 60_000;
    const line = (ts: number, fields: object): string => `${JSON.stringify({ v: 1, ts, source: 'test', ...fields })}\n`;
    appendFileSync(
      join(home, 'events.jsonl'),
      line(start, { type: 'agent_spawn', agent_id: 'lead' }) +
        line(start + 1_000, { type: 'agent_spawn', agent_id: 'scout', parent_id: 'lead' }) +
        line(start + 2_000, { type: 'tool_use', agent_id: 'scout', tool: 'Grep', tool_use_id: 't1' }) +
        line(start + 30_000, { type: 'agent_done', agent_id: 'scout', outcome: 'success' }),
    );
    core = startCore({ runtime: 'headless', home });
    await vi.waitFor(async () => expect((await snapshotOf(core!)).snapshot.counters.events).toBe(4), { timeout: 5_000, interval: 50 });

    expect(await callCore(core, 'history.range', {})).toEqual({ firstTs: start, lastTs: start + 30_000, events: 4, checkpoints: 0 });
    const during = await callCore(core, 'history.at', { ts: start + 2_500.7 });
    expect(during.ts).toBe(start + 2_500);
    expect(during.snapshot.agents.map((a) => [a.id, a.currentTool ?? null])).toEqual([['lead', null], ['scout', 'Grep']]);
    expect(during.snapshot.counters).toMatchObject({ alive: 2, toolCalls: 1, events: 3 });
    const lingering = await callCore(core, 'history.at', { ts: start + 31_000 });
    expect(lingering.snapshot.finished.map((a) => a.id)).toEqual(['scout']);
    expect((await callCore(core, 'history.at', { ts: start + 40_000 })).snapshot.finished).toEqual([]);
    expect(await callCore(core, 'history.events', { fromTs: start + 1_000, toTs: start + 30_000 })).toMatchObject({ events: [{ type: 'tool_use' }, { type: 'agent_done' }], more: false });

    await expect(callCore(core, 'history.at', { ts: start - 1 })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('is before the stored history, which starts at') });
    await expect(callCore(core, 'history.at', { ts: Date.now() + 3_600_000 })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining("is in the future: the host's clock says") });
    await expect(callCore(core, 'history.events', { fromTs: start + 10, toTs: start })).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('fromTs must not be after toTs') });

    expect(await callCore(core, 'history.settings', {})).toEqual({ retentionDays: 30 });
    expect(await callCore(core, 'history.updateSettings', { retentionDays: 7 })).toEqual({ retentionDays: 7 });
    await expect(callCore(core, 'history.updateSettings', { retentionDays: 0 })).rejects.toMatchObject({ code: 'invalid_argument' });

    // Quitting checkpoints the last event; the next start restores from it and keeps the setting.
    await core.dispose();
    core = startCore({ runtime: 'headless', home });
    expect(await callCore(core, 'history.range', {})).toMatchObject({ events: 4, checkpoints: 1 });
    expect(await callCore(core, 'history.settings', {})).toEqual({ retentionDays: 7 });
    expect((await snapshotOf(core)).snapshot.agents.map((a) => a.id)).toEqual(['lead']);
  });
});
