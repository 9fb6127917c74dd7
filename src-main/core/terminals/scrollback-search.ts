import { Worker } from 'node:worker_threads';
import type { ScrollbackBuffer } from './scrollback-buffer';
import { compileSearchQuery } from './search-query';
import type { CompiledSearchQuery, SearchQuery } from './search-query';
import { searchWorkerMain } from './search-worker';
import type { CancelMessage, FromSearchWorker, SearchMessage, SyncMessage, WorkerHit } from './search-worker';
import type { TerminalSearchHit as SearchHit, TerminalSearchOutput as SearchResult } from '../../../src-shared/terminals/terminals-contract';

export interface SearchSource {
  readonly terminalId: string;
  readonly terminalName: string;
  readonly buffer: ScrollbackBuffer;
}

/** What a search returns is what the api sends: one definition, in the contract. */
export type { TerminalSearchHit as SearchHit, TerminalSearchOutput as SearchResult } from '../../../src-shared/terminals/terminals-contract';

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

interface SearchOutcome {
  timedOut: boolean;
  limitedKeys: readonly number[];
  hits: Map<number, WorkerHit[]>;
}

interface ActiveSearch {
  message: SearchMessage;
  hits: Map<number, WorkerHit[]>;
  finish(timedOut: boolean, limitedKeys: readonly number[]): void;
  fail(error: Error): void;
}

/** What an aborted search rejects with; the api answers it as `cancelled`. */
export class SearchCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('The search was cancelled');
  }
}

const WORKER_SOURCE = `(${searchWorkerMain.toString()})(require('node:worker_threads').parentPort);`;

/**
 * Searches scrollback off the main thread. Segments are mirrored into one long-lived worker by
 * handing over their shared memory; the unsealed tail is sent only when it changed. Searches run
 * side by side: the worker gives each a slice in turn, so one client's long search does not
 * hold up another's, and a cancelled one stops at its next turn. Each has a time budget (its own
 * slices, not the wall clock); a regex stuck in one catastrophic match is stopped by terminating
 * the worker, the searches it was running meanwhile start again on a fresh one seeded from the
 * same shared memory.
 */
export class ScrollbackSearch {
  private readonly killGraceMs: number;
  private readonly mirrors = new Map<ScrollbackBuffer, MirrorState>();
  private worker: Worker | undefined;
  private readonly active = new Map<number, ActiveSearch>();
  /** Fires when the search holding the worker's thread outlives its budget by the grace. */
  private watchdog: { id: number; timer: NodeJS.Timeout } | undefined;
  private nextKey = 1;
  private nextSearchId = 1;
  private disposed = false;

  constructor(options: ScrollbackSearchOptions = {}) {
    this.killGraceMs = options.killGraceMs ?? 50;
  }

  /**
   * Throws {@link InvalidSearchQueryError} (as a rejection) for a bad pattern, flag or bound, and
   * {@link SearchCancelledError} once `signal` aborts.
   */
  async search(sources: readonly SearchSource[], query: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
    const compiled = compileSearchQuery(query);
    if (signal?.aborted) throw new SearchCancelledError();
    return this.run(sources, compiled, signal);
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
    this.failAll(new Error('Scrollback search was disposed'));
    this.discardWorker();
  }

  private async run(sources: readonly SearchSource[], query: CompiledSearchQuery, signal: AbortSignal | undefined): Promise<SearchResult> {
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
    const message: SearchMessage = { type: 'search', id, matcher, limit, contextLines, newestFirst, budgetMs, targets };
    worker.postMessage(message);

    const outcome = await new Promise<SearchOutcome>((resolve, reject) => {
      const settle = (): void => {
        this.active.delete(id);
        signal?.removeEventListener('abort', cancel);
      };
      const cancel = (): void => {
        if (!this.active.has(id)) return;
        settle();
        this.worker?.postMessage({ type: 'cancel', id } satisfies CancelMessage);
        if (this.watchdog?.id === id) this.disarmWatchdog();
        reject(new SearchCancelledError());
      };
      const hits = new Map<number, WorkerHit[]>();
      this.active.set(id, {
        message,
        hits,
        finish: (timedOut, limitedKeys) => {
          settle();
          resolve({ timedOut, limitedKeys, hits });
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      });
      signal?.addEventListener('abort', cancel);
    });

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
      this.failAll(new Error(`Search worker failed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.discardWorker();
      this.failAll(new Error(`Search worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private discardWorker(): void {
    this.disarmWatchdog();
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    void worker.terminate();
    for (const mirror of this.mirrors.values()) {
      mirror.segmentIds.clear();
      mirror.tailVersion = -1;
    }
  }

  private failAll(error: Error): void {
    for (const search of [...this.active.values()]) search.fail(error);
  }

  private onMessage(message: FromSearchWorker): void {
    const search = this.active.get(message.id);
    if (message.type !== 'slice' && message.type !== 'hits' && this.watchdog?.id === message.id) this.disarmWatchdog();
    if (!search) return;
    switch (message.type) {
      case 'slice':
        this.armWatchdog(message.id, message.remainingMs);
        return;
      case 'paused':
        return;
      case 'hits': {
        const list = search.hits.get(message.key);
        if (list) list.push(...message.hits);
        else search.hits.set(message.key, message.hits);
        return;
      }
      case 'done':
        search.finish(message.timedOut, message.limitedKeys);
        return;
      case 'error':
        search.fail(new Error(`Search failed: ${message.message}`));
        return;
    }
  }

  /**
   * A well-behaved scan ends its slice within its budget; only a single runaway regex match
   * holds the thread longer. That search ends as timed out, and the others it held up start
   * again on a fresh worker.
   */
  private armWatchdog(id: number, remainingMs: number): void {
    this.disarmWatchdog();
    const timer = setTimeout(() => {
      const stuck = this.active.get(id);
      this.discardWorker();
      stuck?.finish(true, []);
      if (this.disposed || this.active.size === 0) return;
      const worker = this.ensureWorker();
      this.sync([...this.mirrors.keys()]);
      for (const search of this.active.values()) {
        search.hits.clear();
        worker.postMessage(search.message);
      }
    }, remainingMs + this.killGraceMs);
    this.watchdog = { id, timer };
  }

  private disarmWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog.timer);
    this.watchdog = undefined;
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
