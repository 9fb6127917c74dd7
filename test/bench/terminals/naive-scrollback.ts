/**
 * The obvious scrollback, measured beside the real one: an array of stripped lines, trimmed
 * with `slice` on every append, searched by a loop over lines on the calling thread.
 */

const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export class NaiveScrollback {
  lines: string[] = [];
  private readonly maxBytes: number;
  private bytes = 0;
  private partial = '';

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  append(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() as string;
    for (const part of parts) {
      const visible = part.replace(ANSI, '');
      // Keep what follows the last carriage return that is not the one of CRLF.
      const line = visible.slice(visible.lastIndexOf('\r', visible.length - 2) + 1).replace(/\r$/, '');
      this.lines.push(line);
      this.bytes += Buffer.byteLength(line) + 1;
    }
    let drop = 0;
    while (this.bytes > this.maxBytes && drop < this.lines.length) {
      this.bytes -= Buffer.byteLength(this.lines[drop] as string) + 1;
      drop++;
    }
    this.lines = this.lines.slice(drop);
  }
}

export interface NaiveHit {
  terminal: number;
  line: number;
  before: string[];
  after: string[];
}

export function naiveSearch(terminals: readonly string[][], test: (line: string) => boolean, limit: number, context: number): NaiveHit[] {
  const hits: NaiveHit[] = [];
  for (let t = 0; t < terminals.length; t++) {
    const lines = terminals[t] as string[];
    let found = 0;
    for (let i = 0; i < lines.length && found < limit; i++) {
      if (!test(lines[i] as string)) continue;
      hits.push({ terminal: t, line: i, before: lines.slice(Math.max(0, i - context), i), after: lines.slice(i + 1, i + 1 + context) });
      found++;
    }
  }
  return hits.slice(0, limit);
}
