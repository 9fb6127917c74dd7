// Claude Code hook latency: wall time of one hook process (spawn → read payload → append to the
// journal → exit), as Claude Code pays it on every tool call. Runs are interleaved with their
// baseline so drift affects both sides alike.
// - hook.latency_*: a PreToolUse whose transcript does not exist. Baseline: a bare Node start
//   (`node -e ""`), the floor no Node hook can go below.
// - hook.transcript_latency_*: a PreToolUse of a session whose transcript is 64 MiB and has
//   grown by more than the hook's read budget since its previous call (so each call reads its
//   whole budget: the worst case). Baseline: the naive hook, reading the whole transcript for its
//   usage on every call.
// Usage: node test/bench/hooks/hook-latency.bench.mjs [runs]
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { READ_BUDGET_BYTES } from '../../../resources/hooks/transcript-usage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const HOOK = join(root, 'resources/hooks/orrery-claude-hook.mjs');
// The most frequent payload, and the one that does the most work (summary + redaction).
const PAYLOAD = readFileSync(join(root, 'test/fixtures/claude-code/pre-tool-use.json'), 'utf8');
const RECORDED_PRE_TOOL_USE = readFileSync(join(root, 'test/fixtures/agent-clis/claude-hooks-tool-call.jsonl'), 'utf8')
  .split('\n')
  .map((line) => (line === '' ? undefined : JSON.parse(line)))
  .find((payload) => payload?.hook_event_name === 'PreToolUse');
const RUNS = Number(process.argv[2] ?? 50);
const WARMUP_RUNS = 5;
const TRANSCRIPT_BYTES = 64 * 1024 * 1024;

const home = mkdtempSync(join(tmpdir(), 'orrery-bench-hook-'));

/**
 * Lines of the shape Claude Code writes: mostly tool results, an assistant message now and then.
 * @param {number} index
 */
function transcriptChunk(index) {
  const message = { id: `msg_${index}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'Reading the next file.' }], usage: { input_tokens: 12, output_tokens: 34, cache_read_input_tokens: 5000, cache_creation_input_tokens: 20 } };
  const assistant = JSON.stringify({ parentUuid: 'p', isSidechain: false, message, type: 'assistant', uuid: `u${index}` });
  const result = JSON.stringify({ parentUuid: 'p', isSidechain: false, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${index}`, content: 'x'.repeat(8000) }] }, type: 'user' });
  return `${assistant}\n${result}\n`;
}

/**
 * Appends at least `bytes` of transcript lines; returns the next message index.
 * @param {string} path @param {number} bytes @param {number} first
 */
function grow(path, bytes, first) {
  let written = 0;
  let index = first;
  const parts = [];
  while (written < bytes) {
    const chunk = transcriptChunk(index++);
    parts.push(chunk);
    written += chunk.length;
  }
  appendFileSync(path, parts.join(''));
  return index;
}

/** What a hook without a cursor would do: read the whole transcript and add up its usage. */
const NAIVE_HOOK = `
const text = require('node:fs').readFileSync(process.argv[1], 'utf8');
let tokens = 0;
for (const line of text.split('\\n')) if (line.includes('"role":"assistant"')) tokens += JSON.parse(line).message.usage.output_tokens;
if (tokens === 0) process.exit(1);
`;

/** @param {string[]} args @param {string} input @param {NodeJS.ProcessEnv} env */
function timeRun(args, input, env) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { input, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0 || result.stdout.length > 0 || result.stderr.length > 0) throw new Error(`run failed: ${args.join(' ')} → ${result.status} ${result.stderr}`);
  return elapsed;
}

/** @param {number[]} samples @param {number} q */
function quantile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
}

const round = (/** @type {number} */ ms) => Math.round(ms * 10) / 10;

/** @param {string} name @param {number[]} measured @param {number[]} baseline */
function report(name, measured, baseline) {
  for (const [quantileName, q] of /** @type {const} */ ([['p50', 0.5], ['p99', 0.99]])) {
    console.log(JSON.stringify({ bench: `${name}_${quantileName}`, value: round(quantile(measured, q)), unit: 'ms', baseline: round(quantile(baseline, q)) }));
  }
}

try {
  const plainEnv = { PATH: process.env.PATH, HOME: home, ORRERY_HOME: join(home, 'plain') };
  /** @type {number[]} */
  const hook = [];
  /** @type {number[]} */
  const bare = [];
  for (let i = 0; i < WARMUP_RUNS + RUNS; i++) {
    const hookMs = timeRun([HOOK], PAYLOAD, plainEnv);
    const bareMs = timeRun(['-e', ''], '', plainEnv);
    if (i >= WARMUP_RUNS) {
      hook.push(hookMs);
      bare.push(bareMs);
    }
  }
  const lines = readFileSync(join(home, 'plain', 'events.jsonl'), 'utf8').split('\n').filter(Boolean).length;
  if (lines !== RUNS + WARMUP_RUNS) throw new Error(`expected ${RUNS + WARMUP_RUNS} journal lines, found ${lines}`);
  report('hook.latency', hook, bare);

  const transcript = join(home, 'projects', 'bench', 'session.jsonl');
  mkdirSync(dirname(transcript), { recursive: true });
  let next = grow(transcript, TRANSCRIPT_BYTES, 0);
  const transcriptEnv = { PATH: process.env.PATH, HOME: home, ORRERY_HOME: join(home, 'transcript') };
  const payload = JSON.stringify({ ...RECORDED_PRE_TOOL_USE, transcript_path: transcript });
  timeRun([HOOK], payload, transcriptEnv); // first sight: the cursor starts at the end
  /** @type {number[]} */
  const bounded = [];
  /** @type {number[]} */
  const naive = [];
  for (let i = 0; i < WARMUP_RUNS + RUNS; i++) {
    next = grow(transcript, READ_BUDGET_BYTES + 64 * 1024, next);
    const boundedMs = timeRun([HOOK], payload, transcriptEnv);
    const naiveMs = timeRun(['-e', NAIVE_HOOK, transcript], '', transcriptEnv);
    if (i >= WARMUP_RUNS) {
      bounded.push(boundedMs);
      naive.push(naiveMs);
    }
  }
  const usageEvents = readFileSync(join(home, 'transcript', 'events.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"type":"usage"')).length;
  if (usageEvents < RUNS) throw new Error(`expected a usage event per call, found ${usageEvents} in ${RUNS + WARMUP_RUNS} calls`);
  report('hook.transcript_latency', bounded, naive);
} finally {
  rmSync(home, { recursive: true, force: true });
}
