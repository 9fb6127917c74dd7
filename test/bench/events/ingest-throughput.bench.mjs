// Ingest throughput: journal lines → parse + validate → SQLite (file, WAL) → live state.
// Measured: the real path (tailer reading a journal file, one transaction per batch with the
// journal position). Baseline, same run: the naive path, one transaction per event.
// Usage: node test/bench/events/ingest-throughput.bench.mjs [events]   (Node ≥ 22.18)
await import('../../support/ts-source-hook.mjs');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { parseEvent } = await import('../../../src-shared/events/event-schema');
const { createJournalTailer } = await import('../../../src-main/core/events/journal-tailer');
const { createEventIngest } = await import('../../../src-main/core/events/event-ingest');
const { EventRepository } = await import('../../../src-main/core/events/event-repository');
const { SqliteOffsetStore } = await import('../../../src-main/core/events/sqlite-offset-store');
const { LiveState } = await import('../../../src-shared/events/live-state');
const { openStore } = await import('../../../src-main/core/store/database');

const EVENTS = Number(process.argv[2] ?? 200_000);
const EVENTS_PER_AGENT = 200;
const WARMUP_EVENTS = 20_000;

const dir = mkdtempSync(join(tmpdir(), 'orrery-bench-ingest-'));
try {
  const journal = join(dir, 'events.jsonl');
  writeFileSync(journal, journalText(EVENTS));
  writeFileSync(join(dir, 'warmup.jsonl'), journalText(WARMUP_EVENTS));

  await tailerIngest(join(dir, 'warmup.jsonl'), join(dir, 'warmup.db'), WARMUP_EVENTS);
  // The naive run goes last: its thousands of small commits leave write-back behind that would
  // otherwise slow whichever run follows it.
  const value = await tailerIngest(journal, join(dir, 'batched.db'), EVENTS);
  const baseline = naiveIngest(journal, join(dir, 'naive.db'));
  console.log(JSON.stringify({ bench: 'ingest.throughput', value: Math.round(value), unit: 'events/s', baseline: Math.round(baseline) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A plausible mix: agents with subagents, tool calls, usage, logs; a quarter of ts as ISO strings.
 * @param {number} count
 */
function journalText(count) {
  const lines = [];
  const base = Date.parse('2025-06-01T12:00:00Z');
  for (let i = 0; lines.length < count; i++) {
    const agent = `agent-${Math.floor(i / EVENTS_PER_AGENT)}`;
    const step = i % EVENTS_PER_AGENT;
    const ms = base + i;
    const common = {
      v: 1,
      ts: i % 4 === 0 ? new Date(ms).toISOString() : ms,
      agent_id: agent,
      session_id: 'bench-session',
      source: 'demo',
    };
    const parent = Math.floor(i / EVENTS_PER_AGENT) % 5 === 0 ? {} : { parent_id: 'agent-0' };
    let body;
    if (step === 0) body = { type: 'agent_spawn', ...parent, name: agent, model: 'claude-sonnet-4' };
    else if (step === EVENTS_PER_AGENT - 1) body = { type: 'agent_done', outcome: i % 3 ? 'success' : 'error' };
    else if (step % 4 === 1) body = { type: 'tool_use', tool: 'Read', tool_use_id: `tu-${i}`, input_summary: 'src/core/events/journal-tailer.ts' };
    else if (step % 4 === 2) body = { type: 'tool_result', tool_use_id: `tu-${i - 1}`, ok: true, duration_ms: 12 };
    else if (step % 4 === 3) body = { type: 'usage', tokens_in: 1200, tokens_out: 80, cache_read: 900, cache_write: 0, cost_usd: 0.0012 };
    else body = { type: 'log', level: 'info', message: 'thinking about the next step' };
    lines.push(JSON.stringify({ ...common, ...body }));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Events per second through the real tailer and ingest, until `expected` events are stored.
 * @param {string} journal
 * @param {string} databaseFile
 * @param {number} expected
 */
async function tailerIngest(journal, databaseFile, expected) {
  const { db } = openStore(databaseFile);
  const offsets = new SqliteOffsetStore(db);
  let ingested = 0;
  /** @type {() => void} */
  let done = () => {};
  const finished = new Promise((resolve) => (done = () => resolve(undefined)));
  const ingest = createEventIngest({
    db,
    repository: new EventRepository(db),
    offsets,
    liveState: new LiveState(),
  });
  ingest.onIngested((events) => {
    ingested += events.length;
    if (ingested >= expected) done();
  });
  const started = performance.now();
  const tailer = createJournalTailer({ sources: [journal], offsets, onBatch: (batch) => ingest.ingestJournalBatch(batch) });
  await finished;
  const elapsed = performance.now() - started;
  await tailer.close();
  db.close();
  return (expected / elapsed) * 1000;
}

/**
 * The naive path: every event its own transaction (event row + journal position).
 * @param {string} journal
 * @param {string} databaseFile
 */
function naiveIngest(journal, databaseFile) {
  const { db } = openStore(databaseFile);
  const repository = new EventRepository(db);
  const offsets = new SqliteOffsetStore(db);
  const liveState = new LiveState();
  const started = performance.now();
  const text = readFileSync(journal, 'utf8');
  let offset = 0;
  let count = 0;
  for (const line of text.split('\n')) {
    offset += Buffer.byteLength(line) + 1;
    if (line === '') continue;
    const result = parseEvent(line);
    if (!result.ok) continue;
    db.transaction(() => {
      repository.insertBatch([result.event]);
      offsets.save(journal, { dev: 0, ino: 0, offset });
    })();
    liveState.apply(result.event);
    count++;
  }
  const elapsed = performance.now() - started;
  db.close();
  return (count / elapsed) * 1000;
}
