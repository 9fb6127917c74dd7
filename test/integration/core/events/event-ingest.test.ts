import { spawn } from 'node:child_process';
import { writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventIngest, type EventIngest } from '../../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../../src-main/core/events/event-repository';
import { validateEvent, type OrreryEvent } from '../../../../src-shared/events/event-schema';
import { createJournalTailer, type JournalTailer } from '../../../../src-main/core/events/journal-tailer';
import { LiveState } from '../../../../src-shared/events/live-state';
import type { OffsetStore } from '../../../../src-main/core/events/offset-store';
import { SqliteOffsetStore } from '../../../../src-main/core/events/sqlite-offset-store';
import { eventInput, eventLine } from '../../../support/event-builders';
import { makeTempDir, waitFor } from '../../../unit/core/events/helpers';
import { applyMigrations } from '../../../../src-main/core/store/migrations';

const CRASH_CHILD = fileURLToPath(new URL('../../../fixtures/events/ingest-until-killed.mjs', import.meta.url));

const lines = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, i) => eventLine('log', { agent_id: `a${(from + i) % 7}`, message: `m${from + i}` })).join('');

interface Harness {
  db: Database.Database;
  liveState: LiveState;
  ingest: EventIngest;
  tailer: JournalTailer;
  errors: unknown[];
}

describe('journal ingest into SQLite', () => {
  let dir: string;
  let cleanup: () => void;
  let journal: string;
  let databaseFile: string;
  const open: Harness[] = [];

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    journal = join(dir, 'events.jsonl');
    databaseFile = join(dir, 'orrery.db');
  });
  afterEach(async () => {
    for (const harness of open.splice(0)) {
      await harness.tailer.close();
      harness.db.close();
    }
    cleanup();
  });

  /** A fresh connection, as after a restart. */
  function startIngest(
    wrapOffsets: (store: OffsetStore) => OffsetStore = (store) => store,
    afterBatch: (harness: Harness) => void = () => {},
  ): Harness {
    const db = new Database(databaseFile);
    db.pragma('journal_mode = WAL');
    applyMigrations(db);
    const offsets = wrapOffsets(new SqliteOffsetStore(db));
    const liveState = new LiveState();
    const errors: unknown[] = [];
    const ingest = createEventIngest({ db, repository: new EventRepository(db), offsets, liveState });
    const tailer = createJournalTailer({
      sources: [journal],
      offsets,
      onBatch: (batch) => {
        ingest.ingestJournalBatch(batch);
        afterBatch(harness);
      },
      onError: (error) => errors.push(error),
      pollIntervalMs: 100,
      maxBatchBytes: 2048,
    });
    const harness = { db, liveState, ingest, tailer, errors };
    open.push(harness);
    return harness;
  }

  const storedCount = (db: Database.Database): number =>
    (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;

  /** Every message exactly once and in journal order. */
  function expectExactlyOnce(db: Database.Database, total: number): void {
    const messages = db
      .prepare("SELECT body ->> '$.message' AS message FROM events ORDER BY id")
      .all()
      .map((row) => (row as { message: string }).message);
    expect(messages).toEqual(Array.from({ length: total }, (_, i) => `m${i}`));
  }

  it('resumes after a restart with no event lost and none stored twice', async () => {
    writeFileSync(journal, lines(0, 1000));
    let stopping: Promise<void> | undefined;
    const first = startIngest(undefined, (harness) => {
      if (storedCount(harness.db) >= 100) stopping ??= harness.tailer.close();
    });
    await waitFor(() => stopping !== undefined, 'some events stored');
    await stopping; // Mid-stream: most of the journal is still unread.
    const stoppedAt = storedCount(first.db);
    expect(stoppedAt).toBeLessThan(1000);
    first.db.close();
    open.splice(open.indexOf(first), 1);

    appendFileSync(journal, lines(1000, 1500));
    const second = startIngest();
    await waitFor(() => storedCount(second.db) >= 1500, 'all events stored');
    await new Promise((resolve) => setTimeout(resolve, 150)); // Room for any duplicate to show up.
    expectExactlyOnce(second.db, 1500);
    expect(second.liveState.counters().events).toBe(1500 - stoppedAt);
  });

  it('stores nothing of a batch whose offset save failed, then retries it', async () => {
    writeFileSync(journal, lines(0, 300));
    let saves = 0;
    const harness = startIngest((store) => ({
      load: (path) => store.load(path),
      save: (path, position) => {
        if (++saves === 3) throw new Error('disk I/O error');
        store.save(path, position);
      },
    }));
    await waitFor(() => storedCount(harness.db) >= 300, 'all events stored');
    expectExactlyOnce(harness.db, 300);
    expect(harness.errors).toMatchObject([{ message: 'disk I/O error' }]);
    expect(harness.liveState.counters().events).toBe(300);
  });

  it('survives SIGKILL in the middle of ingest', async () => {
    writeFileSync(journal, lines(0, 20_000));
    const child = spawn(process.execPath, [CRASH_CHILD, journal, databaseFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const observer = new Database(databaseFile, { fileMustExist: false });
    try {
      await waitFor(() => {
        if (child.exitCode !== null) throw new Error(`child exited: ${stderr}`);
        try {
          return storedCount(observer) >= 2_000;
        } catch {
          return false; // Tables not created yet.
        }
      }, 'the child to store events', 10_000);
    } finally {
      observer.close();
      child.kill('SIGKILL');
      await exited;
    }

    const resumed = startIngest();
    const beforeResume = storedCount(resumed.db);
    expect(beforeResume).toBeGreaterThan(0);
    expect(beforeResume).toBeLessThan(20_000); // The kill really landed mid-ingest.
    await waitFor(() => storedCount(resumed.db) >= 20_000, 'all events stored', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expectExactlyOnce(resumed.db, 20_000);
  });

  it('ingests non-journal events and keeps publish failures away from the tailer', () => {
    const db = new Database(':memory:');
    applyMigrations(db);
    const liveState = new LiveState();
    const errors: unknown[] = [];
    const published: OrreryEvent[][] = [];
    const ingest = createEventIngest({
      db,
      repository: new EventRepository(db),
      offsets: new SqliteOffsetStore(db),
      liveState,
      onError: (error) => errors.push(error),
    });
    ingest.onIngested((events) => {
      published.push([...events]);
      throw new Error('subscriber bug');
    });
    const result = validateEvent(eventInput('agent_spawn', { source: 'orrery' }));
    if (!result.ok) throw new Error(result.detail);
    ingest.ingestEvents([result.event]);
    expect(() =>
      ingest.ingestJournalBatch({ journal: '/j.jsonl', events: [result.event], position: { dev: 1, ino: 2, offset: 10 } }),
    ).not.toThrow();
    expect(storedCount(db)).toBe(2);
    expect(new SqliteOffsetStore(db).load('/j.jsonl')).toEqual({ dev: 1, ino: 2, offset: 10 });
    expect(published).toHaveLength(2);
    expect(errors).toHaveLength(2);
    expect(liveState.counters()).toMatchObject({ spawned: 1, events: 2 });
    db.close();
  });
});
