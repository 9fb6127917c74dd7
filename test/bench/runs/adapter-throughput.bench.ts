/**
 * Claude Code stream-json → ClaudeStreamAdapter → validated events → the app's ingest (SQLite
 * file in WAL mode, then live state), in lines per second. The lines are the recorded output of
 * the real CLI (test/fixtures/agent-clis), replayed as many runs, each with its own adapter.
 * Measured: events ingested in batches, one per 64 stdout lines (what one pipe read brings).
 * Baseline, same run: the same events ingested one transaction per event.
 * Run: node --import ./test/support/ts-source-hook.mjs test/bench/runs/adapter-throughput.bench.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventIngest } from '../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../src-main/core/events/sqlite-offset-store';
import { openStore } from '../../../src-main/core/store/database';
import { ClaudeStreamAdapter } from '../../../src-main/core/runs/adapters/claude-stream-adapter';
import { validateEvent, type OrreryEvent } from '../../../src-shared/events/event-schema';
import { LiveState } from '../../../src-shared/events/live-state';

const LINES = Number(process.argv[2] ?? 120_000);
const WARMUP_LINES = 10_000;
const LINES_PER_BATCH = 64;

const fixtures = join(import.meta.dirname, '../../fixtures/agent-clis');
/** One recorded run per file: the Claude stream-json recordings (the hook payload recordings are another format). */
const recordings = readdirSync(fixtures)
  .filter((name) => name.startsWith('claude-') && !name.startsWith('claude-hooks-') && name.endsWith('.jsonl'))
  .sort()
  .map((name) => readFileSync(join(fixtures, name), 'utf8').split('\n').filter((line) => line !== ''));
if (recordings.length === 0) throw new Error(`no Claude stream-json recordings in ${fixtures}`);

const dir = mkdtempSync(join(tmpdir(), 'orrery-bench-adapter-'));
try {
  replay(join(dir, 'warmup.db'), WARMUP_LINES, LINES_PER_BATCH);
  // The per-event run goes last: its many small commits leave write-back behind that would slow
  // whichever run followed it.
  const batched = replay(join(dir, 'batched.db'), LINES, LINES_PER_BATCH);
  const perEvent = replay(join(dir, 'per-event.db'), LINES, 0);
  console.log(JSON.stringify({ bench: 'runs.adapter_lines_per_s', value: Math.round(batched), unit: 'lines/s', baseline: Math.round(perEvent) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Lines per second from stdout line to stored and reduced event. `linesPerBatch` 0 ingests each
 * event on its own (its own transaction).
 */
function replay(databaseFile: string, lines: number, linesPerBatch: number): number {
  const { db } = openStore(databaseFile);
  const ingest = createEventIngest({ db, repository: new EventRepository(db), offsets: new SqliteOffsetStore(db), liveState: new LiveState() });
  let clock = Date.parse('2026-06-01T12:00:00Z');
  const now = () => (clock += 1);
  let pending: OrreryEvent[] = [];
  let fed = 0;
  let stored = 0;
  const started = performance.now();
  for (let run = 0; fed < lines; run++) {
    const recording = recordings[run % recordings.length] as string[];
    const adapter = new ClaudeStreamAdapter({ runId: `run-${run}`, agentId: `run-${run}-main`, source: 'claude-code', terminalId: `term-${run}`, now });
    for (const line of recording) {
      for (const input of adapter.stdoutLine(line).events) {
        const parsed = validateEvent(input);
        if (!parsed.ok) throw new Error(`the adapter made an invalid event: ${parsed.detail}`);
        if (linesPerBatch === 0) ingest.ingestEvents([parsed.event]);
        else pending.push(parsed.event);
        stored++;
      }
      fed++;
      if (linesPerBatch > 0 && fed % linesPerBatch === 0) {
        ingest.ingestEvents(pending);
        pending = [];
      }
    }
    for (const input of adapter.finish('success').events) {
      const parsed = validateEvent(input);
      if (parsed.ok) pending.push(parsed.event);
    }
  }
  ingest.ingestEvents(pending);
  const elapsed = performance.now() - started;
  const rows = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  db.close();
  if (rows < stored) throw new Error(`stored ${rows} of ${stored} events`);
  return (fed / elapsed) * 1000;
}
