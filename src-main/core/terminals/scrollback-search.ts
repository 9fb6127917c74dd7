import { Worker } from 'node:worker_threads';
import type { ScrollbackBuffer } from './scrollback-buffer';
import { compileSearchQuery } from './search-query';
import type { CompiledSearchQuery, SearchQuery } from './search-query';
import { searchWorkerMain } from './search-worker';
import type { FromSearchWorker, SearchMessage, SyncMessage, WorkerHit } from './search-worker';

export interface SearchSource {
  readonly terminalId: string;
  readonly terminalName: string;
  readonly buffer: ScrollbackBuffer;
}

export interface SearchHit {
  terminalId: string;
  terminalName: string;
  /** Absolute line number in the terminal's scrollback. */
  line: number;
  text: string;
  /** [start, end) of every match in `text`, for highlighting. */
  matches: [number, number][];
  /** Up to `contextLines` lines before and after, clipped at both ends of the scrollback. */
  before: string[];
  after: string[];
  /** When the line was last written, ms since epoch; orders hits across terminals. */
  time: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** The budget ran out: hits are what was found until then. */
  timedOut: boolean;
  /** The limit was reached: more hits may exist. */
  limitReached: boolean;
  durationMs: number;
}

export interface ScrollbackSearchOptions {
  /**
   * How long past its budget a search may run before its worker is terminated. A well-behaved
   * scan stops itself at the budget; only a single runaway regex match outlives it.
   */
  killGraceMs?: number;
}

interface MirrorState {
  key: number;
  segmentIds: Set<number>;
  tailVersion: number;
}

interface ActiveSearch {
  id: number;
  hits: Map<number, WorkerHit[]>;
  finish(timedOut: boolean, limitedKeys: readonly number[]): void;
  fail(error: Error): void;
  startTimer(): void;
}

const WORKER_SOURCE = `(${searchWorkerMain.toString()})(require('node:worker_threads').parentPort);`;

/**
 * Searches scrollback off the main thread. Segments are mirrored into one long-lived worker by
 * handing over their shared memory; the unsealed tail is sent only when it changed. Searches run
 * one at a time. Each has a time budget that the worker honours between steps; a regex stuck in
 * one catastrophic match is stopped by terminating the worker, and a fresh one is seeded from
 * the same shared memory in the background.
 */
export class ScrollbackSearch {
  private readonly killGraceMs: number;
  private readonly mirrors = new Map<ScrollbackBuffer, MirrorState>();
  private worker: Worker | undefined;
  private active: ActiveSearch | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextKey = 1;
  private nextSearchId = 1;
  private disposed = false;

  constructor(options: ScrollbackSearchOptions = {}) {
    this.killGraceMs = options.killGraceMs ?? 50;
  }

  /** Throws {@link InvalidSearchQueryError} (as a rejection) for a bad pattern, flag or bound. */
  async search(sources: readonly SearchSource[], query: SearchQuery): Promise<SearchResult> {
    const compiled = compileSearchQuery(query);
    const run = this.queue.then(() => this.run(sources, compiled));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Drops a buffer's mirror, e.g. when its terminal is removed. */
  forget(buffer: ScrollbackBuffer): void {
    const mirror = this.mirrors.get(buffer);
    if (!mirror) return;
    this.mirrors.delete(buffer);
    this.worker?.postMessage({ type: 'sync', add: [], drop: [...mirror.segmentIds], tails: [], dropTails: [mirror.key] } satisfies SyncMessage);
  }

  dispose(): void {
    this.disposed = true;
    this.mirrors.clear();
    this.active?.fail(new Error('Scrollback search was disposed'));
    this.discardWorker();
  }

  private async run(sources: readonly SearchSource[], query: CompiledSearchQuery): Promise<SearchResult> {
    if (this.disposed) throw new Error('Scrollback search was disposed');
    const startedAt = performance.now();
    const worker = this.ensureWorker();
    this.sync(sources.map((source) => source.buffer));
    const targets = sources.map((source) => ({
      key: (this.mirrors.get(source.buffer) as MirrorState).key,
      segmentIds: source.buffer.sealedSegments().map((segment) => segment.id),
      firstLine: source.buffer.firstLine,
      endLine: source.buffer.endLine,
    }));
    const id = this.nextSearchId++;
    const { matcher, limit, contextLines, newestFirst, budgetMs } = query;
    worker.postMessage({ type: 'search', id, matcher, limit, contextLines, newestFirst, budgetMs, targets } satisfies SearchMessage);

    const outcome = await new Promise<{ timedOut: boolean; limitedKeys: readonly number[]; hits: Map<number, WorkerHit[]> }>(
      (resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const hits = new Map<number, WorkerHit[]>();
        const settle = (): void => {
          clearTimeout(timer);
          this.active = undefined;
        };
        this.active = {
          id,
          hits,
          startTimer: () => {
            timer = setTimeout(() => {
              this.discardWorker();
              this.ensureWorker();
              this.sync([...this.mirrors.keys()]);
              settle();
              resolve({ timedOut: true, limitedKeys: [], hits });
            }, budgetMs + this.killGraceMs);
          },
          finish: (timedOut, limitedKeys) => {
            settle();
            resolve({ timedOut, limitedKeys, hits });
          },
          fail: (error) => {
            settle();
            reject(error);
          },
        };
      },
    );

    const keyToSource = new Map(sources.map((source, index) => [targets[index]?.key as number, { source, index }]));
    const merged: (SearchHit & { order: number })[] = [];
    for (const [key, hits] of outcome.hits) {
      const entry = keyToSource.get(key);
      if (!entry) continue;
      for (const hit of hits) merged.push(toSearchHit(entry.source, hit, entry.index));
    }
    if (sources.length > 1) {
      const direction = newestFirst ? -1 : 1;
      merged.sort((a, b) => direction * (a.time - b.time) || a.order - b.order || direction * (a.line - b.line));
    }
    const limited = outcome.limitedKeys.length > 0 || merged.length > limit;
    return {
      hits: merged.slice(0, limit).map(({ order: _order, ...hit }) => hit),
      timedOut: outcome.timedOut,
      limitReached: limited,
      durationMs: performance.now() - startedAt,
    };
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // Searching must never keep the app (or a test run) alive.
    worker.unref();
    worker.on('message', (message: FromSearchWorker) => this.onMessage(message));
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      this.discardWorker();
      this.active?.fail(new Error(`Search worker failed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.discardWorker();
      this.active?.fail(new Error(`Search worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private discardWorker(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    void worker.terminate();
    for (const mirror of this.mirrors.values()) {
      mirror.segmentIds.clear();
      mirror.tailVersion = -1;
    }
  }

  private onMessage(message: FromSearchWorker): void {
    const active = this.active;
    if (!active || active.id !== message.id) return;
    switch (message.type) {
      case 'started':
        active.startTimer();
        return;
      case 'hits': {
        const list = active.hits.get(message.key);
        if (list) list.push(...message.hits);
        else active.hits.set(message.key, message.hits);
        return;
      }
      case 'done':
        active.finish(message.timedOut, message.limitedKeys);
        return;
      case 'error':
        active.fail(new Error(`Search failed: ${message.message}`));
        return;
    }
  }

  private sync(buffers: readonly ScrollbackBuffer[]): void {
    const message: SyncMessage = { type: 'sync', add: [], drop: [], tails: [], dropTails: [] };
    for (const buffer of buffers) {
      let mirror = this.mirrors.get(buffer);
      if (!mirror) {
        mirror = { key: this.nextKey++, segmentIds: new Set(), tailVersion: -1 };
        this.mirrors.set(buffer, mirror);
      }
      const current = new Set<number>();
      for (const segment of buffer.sealedSegments()) {
        current.add(segment.id);
        if (mirror.segmentIds.has(segment.id)) continue;
        mirror.segmentIds.add(segment.id);
        const { id, firstLine, lineCount, data, encoding } = segment;
        message.add.push({ id, firstLine, lineCount, data, encoding });
      }
      for (const id of mirror.segmentIds) {
        if (current.has(id)) continue;
        mirror.segmentIds.delete(id);
        message.drop.push(id);
      }
      const tail = buffer.tail();
      if (tail.version !== mirror.tailVersion) {
        mirror.tailVersion = tail.version;
        message.tails.push({ key: mirror.key, firstLine: tail.firstLine, lineCount: tail.lineCount, text: tail.text });
      }
    }
    if (message.add.length + message.drop.length + message.tails.length > 0) this.worker?.postMessage(message);
  }
}

function toSearchHit(source: SearchSource, hit: WorkerHit, order: number): SearchHit & { order: number } {
  const matches: [number, number][] = [];
  for (let i = 0; i + 1 < hit.ranges.length; i += 2) matches.push([hit.ranges[i] as number, hit.ranges[i + 1] as number]);
  return {
    terminalId: source.terminalId,
    terminalName: source.terminalName,
    line: hit.line,
    text: hit.text,
    matches,
    before: hit.before,
    after: hit.after,
    time: source.buffer.lineTime(hit.line),
    order,
  };
}
