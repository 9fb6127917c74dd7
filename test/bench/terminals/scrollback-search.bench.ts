/**
 * Search latency over 20 terminals × 100,000 lines (about 170 MB of text, 90 chars a line),
 * plain and regex, p50 and p99, against a per-line loop over arrays of lines on the main thread. Budgets are generous so every search
 * scans as far as it needs to; the worker is warm (the first, mirroring search is not timed).
 * Run: node --import ./test/support/ts-source-hook.mjs test/bench/terminals/scrollback-search.bench.ts
 */
import { ScrollbackBuffer } from '../../../src-main/core/terminals/scrollback-buffer';
import { ScrollbackSearch } from '../../../src-main/core/terminals/scrollback-search';
import type { SearchSource } from '../../../src-main/core/terminals/scrollback-search';
import { naiveSearch } from './naive-scrollback';
import { seededRandom } from '../../../resources/demo/seeded-random.mjs';
import { rawLine } from './synthetic-output';

const TERMINALS = 20;
const LINES = 100_000;
const REPEATS = 15;
const LIMIT = 100;
const CONTEXT = 2;
const BUDGET_MS = 10_000;

// Rare and absent needles force full scans; common ones stop at the limit.
const PLAIN = ['connection reset by peer', 'id=abcdef ', 'tool_use Edit', 'ERROR', 'status=503'];
const REGEX = ['status=5\\d\\d$', 'id=[0-9a-f]{5}z', '\\bretry\\b.*\\bfailed\\b', '^\\S+ WARN .*latency', 'timeout after \\d+ms'];

const sources: SearchSource[] = [];
const arrays: string[][] = [];
for (let t = 0; t < TERMINALS; t++) {
  const buffer = new ScrollbackBuffer({ maxBytes: 64 * 1024 * 1024 });
  const next = seededRandom(t + 1);
  let chunk = '';
  for (let i = 0; i < LINES; i++) {
    chunk += rawLine(next, i);
    if (chunk.length > 32 * 1024) {
      buffer.append(chunk);
      chunk = '';
    }
  }
  buffer.append(chunk);
  sources.push({ terminalId: `t${t}`, terminalName: `terminal ${t}`, buffer });
  arrays.push(buffer.getLines(buffer.firstLine, buffer.endLine));
}

const search = new ScrollbackSearch();
await search.search(sources, { pattern: 'warm up', budgetMs: BUDGET_MS });

async function timeOurs(pattern: string, regex: boolean): Promise<number> {
  const start = performance.now();
  const result = await search.search(sources, { pattern, regex, limit: LIMIT, contextLines: CONTEXT, budgetMs: BUDGET_MS });
  if (result.timedOut) throw new Error(`bench search timed out: ${pattern}`);
  return performance.now() - start;
}

function timeNaive(pattern: string, regex: boolean): number {
  const start = performance.now();
  const re = new RegExp(pattern);
  naiveSearch(arrays, regex ? (line) => re.test(line) : (line) => line.includes(pattern), LIMIT, CONTEXT);
  return performance.now() - start;
}

async function measure(patterns: readonly string[], regex: boolean): Promise<{ ours: number[]; naive: number[] }> {
  const ours: number[] = [];
  const naive: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    for (const pattern of patterns) {
      ours.push(await timeOurs(pattern, regex));
      naive.push(timeNaive(pattern, regex));
    }
  }
  return { ours, naive };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const round = (value: number): number => Math.round(value * 10) / 10;
for (const [kind, patterns, regex] of [['plain', PLAIN, false], ['regex', REGEX, true]] as const) {
  const { ours, naive } = await measure(patterns, regex);
  for (const p of [50, 99]) {
    console.log(
      JSON.stringify({
        bench: `scrollback.search_${kind}_p${p}_ms`,
        value: round(percentile(ours, p)),
        unit: 'ms',
        baseline: round(percentile(naive, p)),
      }),
    );
  }
}
search.dispose();
