// A real store (an SQLite file) with the real ingest, a live state and the history feature on a
// clock the test moves, as the composition root wires them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { MethodInput, MethodOutput } from '../../../../src-shared/api/contract';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { LiveState } from '../../../../src-shared/events/live-state';
import type { LiveSnapshot } from '../../../../src-shared/events/live-state';
import { historyMethods } from '../../../../src-shared/history/history-contract';
import { createEventIngest } from '../../../../src-main/core/events/event-ingest';
import type { EventIngest } from '../../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../../src-main/core/events/sqlite-offset-store';
import { createHistoryFeature } from '../../../../src-main/core/history/history-feature';
import type { HistoryFeature } from '../../../../src-main/core/history/history-feature';
import { HistoryFold } from '../../../../src-main/core/history/history-fold';
import type { HistoryRecorderTuning } from '../../../../src-main/core/history/history-recorder';
import { openStore } from '../../../../src-main/core/store/database';
import type { OpenedStore } from '../../../../src-main/core/store/database';
import { SettingsRepository } from '../../../../src-main/core/store/settings-repository';

export interface Clock {
  now: number;
}

export interface Harness {
  store: OpenedStore;
  repository: EventRepository;
  settings: SettingsRepository;
  ingest: EventIngest;
  liveState: LiveState;
  history: HistoryFeature;
  /** Disposes the feature (its last checkpoint) and closes the store; once. */
  close(): Promise<void>;
}

export interface Scratch {
  /** Runs after the test, the last deferred first. */
  defer(step: () => Promise<unknown> | unknown): void;
  /** A database file in a folder of its own, removed after the test. */
  storeFile(): string;
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'orrery-history-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Call at the top of a test file: each test's deferred steps run after it. */
export function scratch(): Scratch {
  let steps: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of steps.reverse()) await step();
    steps = [];
  });
  return {
    defer: (step) => steps.push(step),
    storeFile() {
      const tmp = tempDir();
      steps.push(() => tmp.remove());
      return join(tmp.dir, 'orrery.db');
    },
  };
}

type HistoryMethod = keyof typeof historyMethods;

/** A history method through its contract's input schema, as the api server calls it. */
export function historyCall<M extends HistoryMethod>(h: Pick<Harness, 'history'>, method: M, input: MethodInput<M>): MethodOutput<M> {
  const handler = h.history.handlers.methods[method] as (input: unknown, context: never) => MethodOutput<M>;
  return handler(historyMethods[method].input.parse(input), undefined as never);
}

export function openHarness(file: string, clock: Clock, tuning?: Partial<HistoryRecorderTuning>): Harness {
  const store = openStore(file);
  const repository = new EventRepository(store.db);
  const settings = new SettingsRepository(store.db);
  const liveState = new LiveState({ now: () => clock.now });
  const ingest = createEventIngest({ db: store.db, repository, offsets: new SqliteOffsetStore(store.db), liveState });
  const history = createHistoryFeature({ db: store.db, repository, ingest, liveState, settings, now: () => clock.now, ...(tuning !== undefined && { tuning }) });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await history.dispose();
    store.db.close();
  };
  return { store, repository, settings, ingest, liveState, history, close };
}

/** A harness closed after the test, unless the test closed it. */
export function scratchHarness(space: Scratch, file: string, clock: Clock, tuning?: Partial<HistoryRecorderTuning>): Harness {
  const opened = openHarness(file, clock, tuning);
  space.defer(() => opened.close());
  return opened;
}

/**
 * Ingests batch after batch as a live host would, the clock following event time, letting the
 * recorder's timers run now and then.
 */
export async function ingestLive(harness: Harness, clock: Clock, batches: readonly OrreryEvent[][], yieldEvery = 5): Promise<void> {
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i] as OrreryEvent[];
    for (const event of batch) if (event.ts > clock.now) clock.now = event.ts;
    harness.ingest.ingestEvents(batch);
    if (i % yieldEvery === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Replay from the start: every event dated up to `ts`, by ts then arrival, through a fresh fold. */
export function oracleAt(arrivals: readonly OrreryEvent[], ts: number, staleAfterMs?: number): LiveSnapshot {
  const ordered = arrivals
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => event.ts <= ts)
    .sort((a, b) => a.event.ts - b.event.ts || a.index - b.index)
    .map(({ event }) => event);
  const fold = new HistoryFold(undefined, staleAfterMs);
  for (const event of ordered) fold.apply(event);
  return fold.snapshotAt(ts, ordered.slice(-200));
}
