import { seededRandom } from '../../../resources/demo/seeded-random.mjs';

/** Deterministic terminal output that looks like agents and build tools at work. */

const WORDS = [
  'compiling', 'module', 'src/index.ts', 'request', 'processed', 'worker', 'cache', 'hit', 'miss', 'user',
  'session', 'tool_use', 'Read', 'Edit', 'Bash', 'npm', 'install', 'test', 'passed', 'failed', 'retry',
  'connection', 'latency', 'bytes', 'token', 'response', 'assistant', 'queued', 'done', 'agent',
];
const LEVELS = ['\x1b[32mINFO\x1b[0m', '\x1b[32mINFO\x1b[0m', '\x1b[32mINFO\x1b[0m', '\x1b[33mWARN\x1b[0m', '\x1b[2mDEBUG\x1b[0m', '\x1b[31mERROR\x1b[0m'];

/** One raw line as a PTY delivers it: colours, CRLF, 40 to 110 visible chars. */
export function rawLine(next: () => number, index: number): string {
  const pick = (list: readonly string[]): string => list[Math.floor(next() * list.length)] as string;
  const target = 40 + Math.floor(next() * 70);
  let line = `12:${String(index % 60).padStart(2, '0')}:${String(index % 1000).padStart(3, '0')} ${pick(LEVELS)} `;
  while (line.length < target) line += `${pick(WORDS)} `;
  line += `id=${Math.floor(next() * 0xffffff).toString(16)} status=${200 + Math.floor(next() * 4) * 100 + Math.floor(next() * 5)}`;
  return `${line}\r\n`;
}

/** Raw output cut into chunks of the sizes node-pty reads (a few KiB up to 64 KiB). */
export function rawChunks(seed: number, totalChars: number): string[] {
  const next = seededRandom(seed);
  const chunks: string[] = [];
  let pending = '';
  let produced = 0;
  let index = 0;
  while (produced < totalChars) {
    const size = 4096 + Math.floor(next() * 60 * 1024);
    while (pending.length < size) pending += rawLine(next, index++);
    chunks.push(pending.slice(0, size));
    pending = pending.slice(size);
    produced += size;
  }
  return chunks;
}
