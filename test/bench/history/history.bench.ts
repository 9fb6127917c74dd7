// History: seeking in a store of 1,000,000 events, and start-up with 10,000 and 1,000,000.
// - history.seek_ms_p50 / _p99: history.at at random moments (nearest checkpoint + the events
//   after it, then the snapshot). Baseline: the same moment by replaying from the start.
// - startup.first_snapshot_ms_10k / _1m: opening the store until the live state's first snapshot,
//   restored from the newest checkpoint. Baseline: the start-up of before, a fresh live state fed
//   the last 6 hours' events (at most 200,000). The events span the last 5.5 hours, so it replays
//   the most it ever did. Targets: seek p99 ≤ 200 ms; start-up ≤ 1 s for both.
// Usage: node --import ./test/support/ts-source-hook.mjs test/bench/history/history.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printFigure, quantile } from '../support/bench-host.mjs';
import { LiveState } from '../../../src-shared/events/live-state';
import { createEventIngest } from '../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../src-main/core/events/sqlite-offset-store';
import { CheckpointRepository } from '../../../src-main/core/history/checkpoint-repository';
import { createHistoryFeature } from '../../../src-main/core/history/history-feature';
import { HistoryReader } from '../../../src-main/core/history/history-reader';
import { foldFrom, replayInto } from '../../../src-main/core/history/history-replay';
import { openStore } from '../../../src-main/core/store/database';
import { SettingsRepository } from '../../../src-main/core/store/settings-repository';
import { buildStore } from './bench-store';

/** The large store; fewer only to try the bench out quickly. */
const LARGE = Number(process.env.BENCH_HISTORY_EVENTS ?? 1_000_000);
const SEEKS = Number(process.env.BENCH_SEEKS ?? 200);
const BASELINE_SEEKS = Number(process.env.BENCH_BASELINE_SEEKS ?? 7);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const SPAN_MS = 5.5 * 60 * 60_000;
const OLD_WINDOW_MS = 6 * 60 * 60_000;
const OLD_MAX_EVENTS = 200_000;

const dir = mkdtempSync(join(tmpdir(), 'orrery-bench-history-'));
try {
  const now = Date.now();
  const small = join(dir, '10k.db');
  const large = join(dir, '1m.db');
  const started = performance.now();
  buildStore(small, 10_000, now - SPAN_MS, now - 60_000);
  buildStore(large, LARGE, now - SPAN_MS, now - 60_000);
  process.stderr.write(`history bench: stores built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

  seekFigures(large, now);
  await startupFigures(small, '10k', now);
  await startupFigures(large, LARGE === 1_000_000 ? '1m' : String(LARGE), now);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function seekFigures(file: string, now: number): void {
  const store = openStore(file);
  const repository = new EventRepository(store.db);
  const checkpoints = new CheckpointRepository(store.db);
  const reader = new HistoryReader({ repository, checkpoints, now: () => now, staleAfterMs: () => 30 * 60_000, eventCount: () => LARGE });
  const { firstTs, lastTs } = repository.bounds() as { firstTs: number; lastTs: number };
  const moment = (): number => Math.floor(firstTs + Math.random() * (lastTs - firstTs));
  const seeks: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < SEEKS; i++) {
    const ts = moment();
    const started = performance.now();
    const startedCpu = process.cpuUsage();
    reader.at(ts);
    seeks.push(performance.now() - started);
    const { user, system } = process.cpuUsage(startedCpu);
    cpu.push((user + system) / 1000);
  }
  // On a shared machine wall time includes waiting for a core; CPU time shows what the seek costs.
  process.stderr.write(`history bench: seek CPU time p50 ${quantile(cpu, 0.5).toFixed(1)} ms, p99 ${quantile(cpu, 0.99).toFixed(1)} ms\n`);
  const replays: number[] = [];
  for (let i = 0; i < BASELINE_SEEKS; i++) {
    const ts = moment();
    const started = performance.now();
    const { fold } = replayInto(repository, foldFrom(undefined), ts);
    fold.snapshotAt(ts, repository.latestUpTo(ts, 200));
    replays.push(performance.now() - started);
  }
  process.stderr.write(`history bench: ${checkpoints.count()} checkpoints; replays from the start took ${replays.map((ms) => ms.toFixed(0)).join(', ')} ms\n`);
  printFigure('history.seek_ms_p50', quantile(seeks, 0.5), 'ms', quantile(replays, 0.5));
  printFigure('history.seek_ms_p99', quantile(seeks, 0.99), 'ms', quantile(replays, 0.99));
  store.db.close();
}

async function startupFigures(file: string, label: string, now: number): Promise<void> {
  const ours: number[] = [];
  const opening: number[] = [];
  const before: number[] = [];
  // Alternating, so the page cache and the machine's load treat both alike.
  for (let i = 0; i < STARTS; i++) {
    const { total, open } = await timedStart(file, now);
    ours.push(total);
    opening.push(open);
    before.push(timedOldStart(file, now));
  }
  // Opening the store (its integrity check reads the whole file) is the same for both.
  process.stderr.write(`history bench: start-up ${label}: opening the store ${quantile(opening, 0.5).toFixed(0)} ms of ${quantile(ours, 0.5).toFixed(0)} ms\n`);
  printFigure(`startup.first_snapshot_ms_${label}`, quantile(ours, 0.5), 'ms', quantile(before, 0.5));
}

async function timedStart(file: string, now: number): Promise<{ total: number; open: number }> {
  const started = performance.now();
  const store = openStore(file);
  const open = performance.now() - started;
  const repository = new EventRepository(store.db);
  const liveState = new LiveState({ now: () => now });
  const ingest = createEventIngest({ db: store.db, repository, offsets: new SqliteOffsetStore(store.db), liveState });
  const history = createHistoryFeature({ db: store.db, repository, ingest, liveState, settings: new SettingsRepository(store.db), now: () => now });
  liveState.snapshot();
  const total = performance.now() - started;
  await history.dispose();
  store.db.close();
  return { total, open };
}

function timedOldStart(file: string, now: number): number {
  const started = performance.now();
  const store = openStore(file);
  const liveState = new LiveState({ now: () => now });
  liveState.applyBatch(new EventRepository(store.db).recentSince(now - OLD_WINDOW_MS, OLD_MAX_EVENTS));
  liveState.snapshot();
  const elapsed = performance.now() - started;
  store.db.close();
  return elapsed;
}
