/**
 * Append throughput of the scrollback under constant overflow (8 MiB bound, 64 MiB of raw
 * output), against the naive array-and-slice buffer in the same run.
 * Run: node --import ./test/support/ts-source-hook.mjs test/bench/terminals/scrollback-append.bench.ts
 */
import { ScrollbackBuffer } from '../../../src-main/core/terminals/scrollback-buffer';
import { NaiveScrollback } from './naive-scrollback';
import { rawChunks } from './synthetic-output';

const MAX_BYTES = 8 * 1024 * 1024;
const TOTAL_CHARS = 64 * 1024 * 1024;
const ROUNDS = 3;

const chunks = rawChunks(7, TOTAL_CHARS);
const megabytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0) / (1024 * 1024);

function throughput(append: (chunk: string) => void): number {
  const start = performance.now();
  for (const chunk of chunks) append(chunk);
  return megabytes / ((performance.now() - start) / 1000);
}

function best(make: () => (chunk: string) => void): number {
  let top = 0;
  for (let round = 0; round < ROUNDS; round++) top = Math.max(top, throughput(make()));
  return top;
}

const ours = best(() => {
  const buffer = new ScrollbackBuffer({ maxBytes: MAX_BYTES });
  return (chunk) => buffer.append(chunk);
});
const naive = best(() => {
  const buffer = new NaiveScrollback(MAX_BYTES);
  return (chunk) => buffer.append(chunk);
});

console.log(JSON.stringify({ bench: 'scrollback.append_mb_s', value: round(ours), unit: 'MB/s', baseline: round(naive) }));

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
