// Claude Code hook latency: wall time of one hook process (spawn → read payload → append to the
// journal → exit), as Claude Code pays it on every tool call. Baseline, same run: a bare Node
// start (`node -e ""`), the floor no Node hook can go below. Runs are interleaved so drift
// affects both sides alike.
// Usage: node test/bench/hooks/hook-latency.bench.mjs [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const HOOK = join(root, 'resources/hooks/orrery-claude-hook.mjs');
// The most frequent payload, and the one that does the most work (summary + redaction).
const PAYLOAD = readFileSync(join(root, 'test/fixtures/claude-code/pre-tool-use.json'), 'utf8');
const RUNS = Number(process.argv[2] ?? 50);
const WARMUP_RUNS = 5;

const home = mkdtempSync(join(tmpdir(), 'orrery-bench-hook-'));
const env = { PATH: process.env.PATH, HOME: home, ORRERY_HOME: home };

/** @param {string[]} args @param {string} input */
function timeRun(args, input) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { input, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0 || result.stdout.length > 0) throw new Error(`run failed: ${args.join(' ')} → ${result.status} ${result.stderr}`);
  return elapsed;
}

/** @param {number[]} samples @param {number} q */
function quantile(samples, q) {
  const sorted = [...samples].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
}

try {
  for (let i = 0; i < WARMUP_RUNS; i++) {
    timeRun([HOOK], PAYLOAD);
    timeRun(['-e', ''], '');
  }
  /** @type {number[]} */
  const hook = [];
  /** @type {number[]} */
  const bare = [];
  for (let i = 0; i < RUNS; i++) {
    hook.push(timeRun([HOOK], PAYLOAD));
    bare.push(timeRun(['-e', ''], ''));
  }
  const lines = readFileSync(join(home, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).length;
  if (lines !== RUNS + WARMUP_RUNS) throw new Error(`expected ${RUNS + WARMUP_RUNS} journal lines, found ${lines}`);
  const round = (/** @type {number} */ ms) => Math.round(ms * 10) / 10;
  for (const [name, q] of /** @type {const} */ ([['p50', 0.5], ['p99', 0.99]])) {
    console.log(JSON.stringify({ bench: `hook.latency_${name}`, value: round(quantile(hook, q)), unit: 'ms', baseline: round(quantile(bare, q)) }));
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
