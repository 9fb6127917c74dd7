/**
 * The search worker: holds decoded copies of scrollback segments and scans them. It runs in a
 * worker thread so a catastrophic regex blocks only this thread, which the host terminates.
 *
 * {@link searchWorkerMain} is shipped to the thread as source text (`Function#toString`), which
 * works the same under vitest and in the electron-vite bundle without a separate entry file.
 * So it must stay self-contained: no imports, no module-level helpers, only globals that
 * Node provides (`Buffer`, `performance`). Types are fine; they vanish before it runs.
 */

export type SearchMatcher =
  | { kind: 'plain'; needle: string }
  /** `literal` is a string every match contains ('' if unknown), used to skip ahead with indexOf. */
  | { kind: 'regex'; source: string; flags: string; literal: string };

export interface SegmentTransfer {
  id: number;
  firstLine: number;
  lineCount: number;
  data: SharedArrayBuffer;
  encoding: 'latin1' | 'utf16le';
}

export interface TailTransfer {
  key: number;
  firstLine: number;
  lineCount: number;
  text: string;
}

export interface SyncMessage {
  type: 'sync';
  add: SegmentTransfer[];
  drop: number[];
  tails: TailTransfer[];
  dropTails: number[];
}

/** One terminal's scrollback as of the request: its segments in order, then its tail (by key). */
export interface SearchTarget {
  key: number;
  segmentIds: number[];
  firstLine: number;
  endLine: number;
}

export interface SearchMessage {
  type: 'search';
  id: number;
  matcher: SearchMatcher;
  limit: number;
  contextLines: number;
  newestFirst: boolean;
  budgetMs: number;
  targets: SearchTarget[];
}

export type ToSearchWorker = SyncMessage | SearchMessage;

export interface WorkerHit {
  line: number;
  text: string;
  /** Flat [start, end) pairs, one per match in the line. */
  ranges: number[];
  before: string[];
  after: string[];
}

export type FromSearchWorker =
  | { type: 'started'; id: number }
  | { type: 'hits'; id: number; key: number; hits: WorkerHit[] }
  | { type: 'done'; id: number; timedOut: boolean; limitedKeys: number[] }
  | { type: 'error'; id: number; message: string };

export interface SearchWorkerPort {
  on(event: 'message', listener: (message: ToSearchWorker) => void): void;
  postMessage(message: FromSearchWorker): void;
}

export function searchWorkerMain(port: SearchWorkerPort): void {
  interface Block {
    firstLine: number;
    lineCount: number;
    text: string;
    starts: Int32Array;
  }
  interface LineMatcher {
    /** Appends indexes of lines from `from` on that may match, ascending; false if the deadline passed. */
    scan(block: Block, from: number, out: number[], deadline: number): boolean;
    /** Flat [start, end) pairs of every match in one line. */
    ranges(line: string): number[];
  }

  const MAX_RANGES_PER_LINE = 1000;
  /** Cheap steps (an indexOf, a regex pass that found a line) between looks at the clock. */
  const DEADLINE_CHECK_EVERY = 16;
  /**
   * The literal prefilter pays a per-line regex run for each occurrence that is no match. Past
   * one such wasted run per this many chars, one regex pass over the segment is cheaper.
   */
  const PREFILTER_CHARS_PER_MISS = 512;
  const segments = new Map<number, Block>();
  const tails = new Map<number, Block>();

  function makeBlock(firstLine: number, lineCount: number, text: string): Block {
    const starts = new Int32Array(lineCount);
    let pos = 0;
    for (let i = 0; i < lineCount; i++) {
      starts[i] = pos;
      pos = text.indexOf('\n', pos) + 1;
    }
    return { firstLine, lineCount, text, starts };
  }

  function lineEnd(block: Block, index: number): number {
    return index + 1 < block.lineCount ? (block.starts[index + 1] as number) - 1 : block.text.length;
  }

  function lineText(block: Block, index: number): string {
    return block.text.slice(block.starts[index], lineEnd(block, index));
  }

  function lineIndexAt(block: Block, offset: number): number {
    const starts = block.starts;
    let lo = 0;
    let hi = block.lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function plainMatcher(needle: string): LineMatcher {
    return {
      scan(block, from, out, deadline) {
        const text = block.text;
        let pos = block.starts[from] as number;
        let found = 0;
        while (pos <= text.length) {
          const at = text.indexOf(needle, pos);
          if (at < 0) break;
          const index = lineIndexAt(block, at);
          // A match running past its line's end means no later one in that line fits either.
          if (at + needle.length <= lineEnd(block, index)) out.push(index);
          pos = lineEnd(block, index) + 1;
          if (++found % DEADLINE_CHECK_EVERY === 0 && performance.now() > deadline) return false;
        }
        return true;
      },
      ranges(line) {
        const ranges: number[] = [];
        let at = line.indexOf(needle);
        while (at >= 0 && ranges.length < MAX_RANGES_PER_LINE * 2) {
          ranges.push(at, at + needle.length);
          at = line.indexOf(needle, at + needle.length);
        }
        return ranges;
      },
    };
  }

  function regexMatcher(source: string, flags: string, literal: string): LineMatcher {
    // One pass over a whole segment finds candidate lines; each is then matched on its own, so
    // a match that only exists across a newline (e.g. via `\s`) is never reported.
    const wide = new RegExp(source, flags + 'gm');
    const narrow = new RegExp(source, flags + 'g');
    const probe = new RegExp(source, flags);
    const unicode = flags.includes('u') || flags.includes('v');
    // Once the literal proves too common it stays off for the rest of this search.
    let prefilter = literal !== '';
    return {
      scan(block, from, out, deadline) {
        const text = block.text;
        let pos = block.starts[from] as number;
        let found = 0;
        if (prefilter) {
          const start = pos;
          let misses = 0;
          for (;;) {
            const at = text.indexOf(literal, pos);
            if (at < 0) return true;
            const index = lineIndexAt(block, at);
            if (probe.test(lineText(block, index))) out.push(index);
            else misses++;
            pos = lineEnd(block, index) + 1;
            if (pos > text.length) return true;
            // Each step runs the regex once, so the clock is cheap by comparison.
            if (performance.now() > deadline) return false;
            if (misses >= DEADLINE_CHECK_EVERY && misses * PREFILTER_CHARS_PER_MISS > pos - start) {
              prefilter = false;
              break;
            }
          }
        }
        wide.lastIndex = pos;
        for (;;) {
          const match = wide.exec(text);
          if (match === null) break;
          const index = lineIndexAt(block, match.index);
          out.push(index);
          const next = lineEnd(block, index) + 1;
          if (next > text.length) break;
          wide.lastIndex = next;
          if (++found % DEADLINE_CHECK_EVERY === 0 && performance.now() > deadline) return false;
        }
        return true;
      },
      ranges(line) {
        const ranges: number[] = [];
        narrow.lastIndex = 0;
        while (ranges.length < MAX_RANGES_PER_LINE * 2) {
          const match = narrow.exec(line);
          if (match === null) break;
          const start = match.index;
          const end = start + match[0].length;
          ranges.push(start, end);
          if (end === start) {
            if (end >= line.length) break;
            const code = line.charCodeAt(end);
            narrow.lastIndex = end + (unicode && code >= 0xd800 && code <= 0xdbff ? 2 : 1);
          }
        }
        return ranges;
      },
    };
  }

  function sync(message: SyncMessage): void {
    for (const id of message.drop) segments.delete(id);
    for (const key of message.dropTails) tails.delete(key);
    for (const segment of message.add) {
      const text = Buffer.from(segment.data).toString(segment.encoding);
      segments.set(segment.id, makeBlock(segment.firstLine, segment.lineCount, text));
    }
    for (const tail of message.tails) tails.set(tail.key, makeBlock(tail.firstLine, tail.lineCount, tail.text));
  }

  function search(message: SearchMessage): void {
    const { id, limit, contextLines, newestFirst } = message;
    const deadline = performance.now() + message.budgetMs;
    port.postMessage({ type: 'started', id });
    const matcher =
      message.matcher.kind === 'plain' ? plainMatcher(message.matcher.needle) : regexMatcher(message.matcher.source, message.matcher.flags, message.matcher.literal);
    const limitedKeys: number[] = [];
    let timedOut = false;

    for (const target of message.targets) {
      const blocks: Block[] = [];
      for (const segmentId of target.segmentIds) {
        const block = segments.get(segmentId);
        if (block) blocks.push(block);
      }
      const tail = tails.get(target.key);
      if (tail && tail.lineCount > 0) blocks.push(tail);

      const lineAt = (line: number): string => {
        let lo = 0;
        let hi = blocks.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if ((blocks[mid] as Block).firstLine <= line) lo = mid;
          else hi = mid - 1;
        }
        const block = blocks[lo] as Block;
        return lineText(block, line - block.firstLine);
      };
      const linesBetween = (from: number, to: number): string[] => {
        const lines: string[] = [];
        for (let line = Math.max(from, target.firstLine); line < Math.min(to, target.endLine); line++) lines.push(lineAt(line));
        return lines;
      };

      let count = 0;
      for (let b = 0; b < blocks.length && !timedOut; b++) {
        const block = blocks[newestFirst ? blocks.length - 1 - b : b] as Block;
        if (block.firstLine + block.lineCount <= target.firstLine) continue;
        if (performance.now() > deadline) {
          timedOut = true;
          break;
        }
        const candidates: number[] = [];
        const scanned = matcher.scan(block, Math.max(0, target.firstLine - block.firstLine), candidates, deadline);
        const hits: WorkerHit[] = [];
        for (let c = 0; c < candidates.length; c++) {
          const index = candidates[newestFirst ? candidates.length - 1 - c : c] as number;
          const text = lineText(block, index);
          const ranges = matcher.ranges(text);
          if (ranges.length > 0) {
            const line = block.firstLine + index;
            hits.push({
              line,
              text,
              ranges,
              before: contextLines > 0 ? linesBetween(line - contextLines, line) : [],
              after: contextLines > 0 ? linesBetween(line + 1, line + 1 + contextLines) : [],
            });
            if (++count >= limit) break;
          }
          if (performance.now() > deadline) {
            timedOut = true;
            break;
          }
        }
        if (!scanned) timedOut = true;
        if (hits.length > 0) port.postMessage({ type: 'hits', id, key: target.key, hits });
        if (count >= limit) {
          limitedKeys.push(target.key);
          break;
        }
      }
      if (timedOut) break;
    }
    port.postMessage({ type: 'done', id, timedOut, limitedKeys });
  }

  port.on('message', (message) => {
    if (message.type === 'sync') {
      sync(message);
      return;
    }
    try {
      search(message);
    } catch (error) {
      port.postMessage({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
