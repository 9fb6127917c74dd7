// Ingest throughput with history on: the events of a busy fleet through the one ingest path (one
// transaction per batch of 1,000) with the history feature listening, until the recorder has
// folded and checkpointed all of them, the event loop turning between batches as a live host's
// does. Baseline, same run: the same ingest without history. Target: ≥ 100,000 events/s.
// Usage: node --import ./test/support/ts-source-hook.mjs test/bench/history/ingest-with-history.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import { LiveState } from '../../../src-shared/events/live-state';
import { printFigure, quantile } from '../support/bench-host.mjs';
import { createEventIngest } from '../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../src-main/core/events/sqlite-offset-store';
import { createHistoryFeature } from '../../../src-main/core/history/history-feature';
import { openStore } from '../../../src-main/core/store/database';
import { SettingsRepository } from '../../../src-main/core/store/settings-repository';
import { fleetEvents } from './bench-store';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const BATCH = 1_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const now = Date.now();
const events = [...fleetEvents(EVENTS, now - 60 * 60_000, now - 60_000)].flat();
const dir = mkdtempSync(join(tmpdir(), 'orrery-bench-ingest-history-'));
try {
  await run(join(dir, 'warmup.db'), events.slice(0, 50_000), true);
  // Alternating rounds, medians: on a shared machine one round says little.
  const withHistory: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    without.push(await run(join(dir, `plain-${round}.db`), events, false));
    withHistory.push(await run(join(dir, `history-${round}.db`), events, true));
  }
  printFigure('history.ingest_throughput', quantile(withHistory, 0.5), 'events/s', quantile(without, 0.5));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function run(file: string, all: readonly OrreryEvent[], history: boolean): Promise<number> {
  const store = openStore(file);
  const repository = new EventRepository(store.db);
  const liveState = new LiveState();
  const ingest = createEventIngest({ db: store.db, repository, offsets: new SqliteOffsetStore(store.db), liveState });
  const feature = history ? createHistoryFeature({ db: store.db, repository, ingest, liveState, settings: new SettingsRepository(store.db) }) : undefined;
  const started = performance.now();
  for (let i = 0; i < all.length; i += BATCH) {
    ingest.ingestEvents(all.slice(i, i + BATCH));
    await nextTurn();
  }
  // What the recorder has not done yet is part of the cost.
  feature?.recorder.flush();
  const elapsed = performance.now() - started;
  await feature?.dispose();
  store.db.close();
  return all.length / (elapsed / 1000);
}
