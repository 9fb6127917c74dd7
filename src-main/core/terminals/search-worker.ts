/**
 * The search worker: holds decoded copies of scrollback segments and scans them. It runs in a
 * worker thread so a catastrophic regex blocks only this thread, which the host terminates.
 *
 * {@link searchWorkerMain} is shipped to the thread as source text (`Function#toString`), which
 * works the same under vitest and in the electron-vite bundle without a separate entry file.
 * So it must stay self-contained: no imports, no module-level helpers, only globals that
 * Node provides (`Buffer`, `performance`, `setImmediate`). Types are fine; they vanish before it runs.
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

/** The host no longer wants search `id`: the worker drops it at its next turn. */
export interface CancelMessage {
  type: 'cancel';
  id: number;
}

export type ToSearchWorker = SyncMessage | SearchMessage | CancelMessage;

export interface WorkerHit {
  line: number;
  text: string;
  /** Flat [start, end) pairs, one per match in the line. */
  ranges: number[];
  before: string[];
  after: string[];
}

export type FromSearchWorker =
  /** Search `id` holds the thread for at most `remainingMs` (its budget left); the host's watchdog arms. */
  | { type: 'slice'; id: number; remainingMs: number }
  /** The slice ended with budget left; the search waits for its next turn. */
  | { type: 'paused'; id: number }
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
    /**
     * Appends indexes of lines from `from` on that may match, ascending. Returns the line to go on
     * from when the slice ran out, or `block.lineCount` once the block is done.
     */
    scan(block: Block, from: number, out: number[]): number;
    /** Flat [start, end) pairs of every match in one line. */
    ranges(line: string): number[];
  }

  const MAX_RANGES_PER_LINE = 1000;
  /**
   * How long one search holds the thread before the next in line gets a turn: searches from
   * several clients interleave instead of queueing behind each other's whole budget, and a
   * cancel or a new search is read between slices.
   */
  const SLICE_MS = 10;
  /** Cheap steps (an indexOf that found a line) between looks at the clock. */
  const CLOCK_CHECK_EVERY = 16;
  /**
   * The literal prefilter pays a per-line regex run for each occurrence that is no match. Past
   * one such wasted run per this many chars, one regex pass over the segment is cheaper.
   */
  const PREFILTER_CHARS_PER_MISS = 512;
  const MIN_WINDOW_CHARS = 256;
  const MAX_WINDOW_CHARS = 1 << 20;
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
      scan(block, from, out) {
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
          if (++found % CLOCK_CHECK_EVERY === 0 && sliceOver()) return index + 1;
        }
        return block.lineCount;
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
    /** Adapts to the regex: a fast one gets long windows, a slow one short ones. */
    let windowChars = MIN_WINDOW_CHARS * 16;
    return {
      scan(block, from, out) {
        const text = block.text;
        let pos = block.starts[from] as number;
        if (prefilter) {
          const start = pos;
          let misses = 0;
          for (;;) {
            const at = text.indexOf(literal, pos);
            if (at < 0) return block.lineCount;
            const index = lineIndexAt(block, at);
            if (probe.test(lineText(block, index))) out.push(index);
            else misses++;
            pos = lineEnd(block, index) + 1;
            if (pos > text.length) return block.lineCount;
            // Each step runs the regex once, so the clock is cheap by comparison.
            if (sliceOver()) return index + 1;
            if (misses >= CLOCK_CHECK_EVERY && misses * PREFILTER_CHARS_PER_MISS > pos - start) {
              prefilter = false;
              break;
            }
          }
        }
        // One exec over a whole segment with no match is one unbroken step, however slow the
        // regex: windows of whole lines keep each step short enough to end a slice on time.
        let index = lineIndexAt(block, pos);
        while (index < block.lineCount) {
          const windowStart = block.starts[index] as number;
          const lastLine = Math.max(index, lineIndexAt(block, Math.min(text.length, windowStart + windowChars)));
          const window = text.slice(windowStart, lineEnd(block, lastLine));
          const startedAt = performance.now();
          wide.lastIndex = 0;
          for (;;) {
            const match = wide.exec(window);
            if (match === null) break;
            const line = lineIndexAt(block, windowStart + match.index);
            out.push(line);
            const next = lineEnd(block, line) + 1 - windowStart;
            if (next > window.length) break;
            wide.lastIndex = next;
          }
          index = lastLine + 1;
          const now = performance.now();
          windowChars = now - startedAt < 1 ? Math.min(windowChars * 2, MAX_WINDOW_CHARS) : Math.max(windowChars / 2, MIN_WINDOW_CHARS);
          if (now > sliceEndsAt) return index;
        }
        return block.lineCount;
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

  interface Plan {
    key: number;
    firstLine: number;
    endLine: number;
    blocks: Block[];
  }

  interface Progress {
    budgetMs: number;
    /** Time spent in its slices so far: the budget counts its own work, not others' turns. */
    usedMs: number;
    limitedKeys: number[];
    timedOut: boolean;
  }

  interface Running extends Progress {
    id: number;
    steps: Generator<void, void, void>;
  }

  /** In turn order: the next slice goes to the first, which then moves to the back. */
  const running = new Map<number, Running>();
  let sliceStartedAt = 0;
  let sliceEndsAt = 0;
  let turnScheduled = false;

  function sliceOver(): boolean {
    return performance.now() > sliceEndsAt;
  }

  function budgetSpent(search: Progress): boolean {
    return search.usedMs + (performance.now() - sliceStartedAt) >= search.budgetMs;
  }

  /**
   * The blocks each target had when the search arrived: later syncs (new output, trimmed
   * scrollback) change the maps, not a search already under way, so its line numbers hold.
   */
  function plan(message: SearchMessage): Plan[] {
    return message.targets.map((target) => {
      const blocks: Block[] = [];
      for (const segmentId of target.segmentIds) {
        const block = segments.get(segmentId);
        if (block) blocks.push(block);
      }
      const tail = tails.get(target.key);
      if (tail && tail.lineCount > 0) blocks.push(tail);
      return { key: target.key, firstLine: target.firstLine, endLine: target.endLine, blocks };
    });
  }

  /**
   * The search as steps: each `yield` ends a slice, with every hit found so far already posted.
   * Once the budget is spent it stops scanning, turns the candidates it has into hits and returns.
   */
  function* searchSteps(message: SearchMessage, plans: Plan[], search: Progress): Generator<void, void, void> {
    const { id, limit, contextLines, newestFirst } = message;
    const matcher =
      message.matcher.kind === 'plain' ? plainMatcher(message.matcher.needle) : regexMatcher(message.matcher.source, message.matcher.flags, message.matcher.literal);

    for (const target of plans) {
      const { blocks } = target;
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
      let hits: WorkerHit[] = [];
      const flush = (): void => {
        if (hits.length > 0) port.postMessage({ type: 'hits', id, key: target.key, hits });
        hits = [];
      };

      let count = 0;
      for (let b = 0; b < blocks.length; b++) {
        const block = blocks[newestFirst ? blocks.length - 1 - b : b] as Block;
        if (block.firstLine + block.lineCount <= target.firstLine) continue;
        // The whole block is scanned before any hit is taken: newest first needs its last candidates first.
        const candidates: number[] = [];
        let from = Math.max(0, target.firstLine - block.firstLine);
        for (;;) {
          from = matcher.scan(block, from, candidates);
          if (from >= block.lineCount) break;
          if (budgetSpent(search)) {
            search.timedOut = true;
            break;
          }
          yield;
        }
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
          if (sliceOver()) {
            if (budgetSpent(search)) {
              search.timedOut = true;
              break;
            }
            flush();
            yield;
          }
        }
        flush();
        if (count >= limit) {
          search.limitedKeys.push(target.key);
          break;
        }
        if (search.timedOut) return;
      }
    }
  }

  function scheduleTurn(): void {
    if (turnScheduled || running.size === 0) return;
    turnScheduled = true;
    // setImmediate, not a loop: messages (a cancel, a sync, another search) are read in between.
    setImmediate(takeTurn);
  }

  function takeTurn(): void {
    turnScheduled = false;
    const search = running.values().next().value;
    if (search === undefined) return;
    running.delete(search.id);
    running.set(search.id, search);
    sliceStartedAt = performance.now();
    const remainingMs = search.budgetMs - search.usedMs;
    sliceEndsAt = sliceStartedAt + Math.min(SLICE_MS, remainingMs);
    port.postMessage({ type: 'slice', id: search.id, remainingMs });
    try {
      const step = search.steps.next();
      search.usedMs += performance.now() - sliceStartedAt;
      // A search that paused just short of its budget has no time for another turn.
      if (step.done || search.usedMs >= search.budgetMs) {
        running.delete(search.id);
        port.postMessage({ type: 'done', id: search.id, timedOut: search.timedOut || !step.done, limitedKeys: search.limitedKeys });
      } else {
        port.postMessage({ type: 'paused', id: search.id });
      }
    } catch (error) {
      running.delete(search.id);
      port.postMessage({ type: 'error', id: search.id, message: error instanceof Error ? error.message : String(error) });
    }
    scheduleTurn();
  }

  function start(message: SearchMessage): void {
    const progress: Progress = { budgetMs: message.budgetMs, usedMs: 0, limitedKeys: [], timedOut: false };
    const steps = searchSteps(message, plan(message), progress);
    running.set(message.id, Object.assign(progress, { id: message.id, steps }));
    scheduleTurn();
  }

  port.on('message', (message) => {
    switch (message.type) {
      case 'sync':
        sync(message);
        return;
      case 'search':
        start(message);
        return;
      case 'cancel':
        running.delete(message.id);
        return;
    }
  });
}
