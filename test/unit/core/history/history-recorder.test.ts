import { describe, expect, it, vi } from 'vitest';
import { LiveState } from '../../../../src-shared/events/live-state';
import { createEventIngest } from '../../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../../src-main/core/events/sqlite-offset-store';
import { createHistoryFeature } from '../../../../src-main/core/history/history-feature';
import { CheckpointRepository } from '../../../../src-main/core/history/checkpoint-repository';
import { HistoryReader } from '../../../../src-main/core/history/history-reader';
import { HistoryRecorder } from '../../../../src-main/core/history/history-recorder';
import { openStore } from '../../../../src-main/core/store/database';
import { SettingsRepository } from '../../../../src-main/core/store/settings-repository';
import { ev } from '../../../support/event-builders';
import { historyCall, oracleAt, scratch, scratchHarness } from './history-harness';
import { randomHistory } from './random-history';

const T0 = 1_750_000_000_000;

const space = scratch();

describe('HistoryRecorder', () => {
  it('folds a store from before checkpoints in the background, in chunks, and then seeks by them', async () => {
    const file = space.storeFile();
    const events = randomHistory({ seed: 21, events: 3_000, startTs: T0 });
    const clock = { now: Math.max(...events.map((e) => e.ts)) + 10_000 };
    const store = openStore(file);
    space.defer(() => store.db.close());
    const repository = new EventRepository(store.db);
    repository.insertBatch(events);
    const checkpoints = new CheckpointRepository(store.db);
    const recorder = new HistoryRecorder({ repository, checkpoints, now: () => clock.now, tuning: { everyEvents: 200, everyMs: Number.MAX_SAFE_INTEGER, chunk: 500 } });
    space.defer(() => recorder.dispose());

    // More events than it may replay at start: the caller restores the old way, nothing is folded yet.
    expect(recorder.resume(1_000)).toBeUndefined();
    expect(checkpoints.count()).toBe(0);
    // A chunk per turn of the event loop: after one turn some checkpoints, not all of them.
    await new Promise((resolve) => setImmediate(resolve));
    expect(checkpoints.count()).toBe(2);
    await vi.waitFor(() => expect(checkpoints.latest()?.events).toBe(3_000), { timeout: 10_000, interval: 20 });

    const reader = new HistoryReader({ repository, checkpoints, now: () => clock.now, staleAfterMs: () => 30 * 60_000, eventCount: () => 3_000 });
    for (const event of events.filter((_, i) => i % 250 === 0)) expect(reader.at(event.ts).snapshot).toEqual(oracleAt(events, event.ts));
  });

  it('places a batch ingested from inside another listener’s call by its ids, not by when it was heard', () => {
    const store = openStore(space.storeFile());
    space.defer(() => store.db.close());
    const clock = { now: T0 + 10_000 };
    const repository = new EventRepository(store.db);
    const liveState = new LiveState({ now: () => clock.now });
    const ingest = createEventIngest({ db: store.db, repository, offsets: new SqliteOffsetStore(store.db), liveState });
    // Like a budget warning recorded while the ingest that crossed the line is still being published,
    // by a listener that was there before history's.
    let nested = false;
    ingest.onIngested(() => {
      if (nested) return;
      nested = true;
      ingest.ingestEvents([ev('agent_done', { ts: T0, agent_id: 'a1', outcome: 'error' })]);
    });
    const history = createHistoryFeature({ db: store.db, repository, ingest, liveState, settings: new SettingsRepository(store.db), now: () => clock.now });
    space.defer(() => history.dispose());
    const outer = [ev('agent_spawn', { ts: T0, agent_id: 'a1' }), ev('tool_use', { ts: T0, agent_id: 'a1' })];
    ingest.ingestEvents(outer);
    history.recorder.flush();
    const stored = [...outer, ev('agent_done', { ts: T0, agent_id: 'a1', outcome: 'error' })];
    const at = historyCall({ history }, 'history.at', { ts: T0 });
    expect(at.snapshot).toEqual(oracleAt(stored, T0));
    expect(at.snapshot.finished.map((a) => [a.id, a.outcome, a.toolCalls])).toEqual([['a1', 'error', 1]]);
  });

  it('folds at once what waits beyond its bound, so a flood cannot grow memory', () => {
    const file = space.storeFile();
    const clock = { now: T0 };
    const h = scratchHarness(space, file, clock, { everyEvents: 100, reorderMarginMs: 60_000, maxPending: 250, chunk: 1_000_000 });
    const checkpoints = new CheckpointRepository(h.store.db);
    // All of them younger than the margin: only the bound lets them be folded.
    h.ingest.ingestEvents(Array.from({ length: 1_000 }, (_, i) => ev('log', { ts: T0 + i, message: `m${i}` })));
    return vi.waitFor(() => expect(checkpoints.latest()?.events).toBe(700), { timeout: 5_000, interval: 10 });
  });
});
