import { readdir, stat, open, type FileHandle } from 'node:fs/promises';
import { statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseEvent, type OrreryEvent } from '../../../src-shared/events/event-schema';
import { LineSplitter, type LineSink } from './line-splitter';
import { DirectoryWatches } from './directory-watches';
import type { JournalPosition, OffsetStore } from './offset-store';
import type { JournalStats, RejectReason, Rejection } from '../../../src-shared/events/journal-stats';

export type { JournalStats, RejectReason, Rejection } from '../../../src-shared/events/journal-stats';

/**
 * Everything read from one journal in one read cycle. `position` is where the line after the last
 * one covered here starts. The consumer must persist `events` and `position` in ONE transaction
 * (see event-ingest.ts): that is what makes delivery exactly-once across crashes.
 */
export interface JournalBatch {
  journal: string;
  events: OrreryEvent[];
  position: JournalPosition;
}

export interface JournalTailerOptions {
  /** Journal files (may not exist yet) and existing directories whose `*.jsonl` files are all tailed. */
  sources: readonly string[];
  /** Only read here; saving is the consumer's job, inside its own transaction. */
  offsets: Pick<OffsetStore, 'load'>;
  /**
   * Synchronous on purpose: the batch counts as delivered when this returns. If it throws, the
   * journal is rewound to its last delivered position and retried on the next poll.
   */
  onBatch: (batch: JournalBatch) => void;
  /** File-system or consumer failures; the tailer keeps going either way. */
  onError?: (error: unknown, journal: string) => void;
  /** Safety-net stat poll for missed watch events, missing files and failed deliveries. */
  pollIntervalMs?: number;
  /** false: poll only, for filesystems whose change events never arrive (NFS, SMB, some containers). */
  watch?: boolean;
  maxLineBytes?: number;
  /** A batch closes once this much was read, so one transaction never holds the loop for long. */
  maxBatchBytes?: number;
  rejectionsKept?: number;
}

/** Why a journal source could not be removed; `removed` when it was. */
export type RemoveOutcome = 'removed' | 'unknown' | 'permanent';

export interface JournalTailer {
  /**
   * Adds a journal file or a directory of `*.jsonl` files; adding a known one is a no-op. Sources
   * added this way can be removed again; those the tailer was created with are permanent.
   */
  add(source: string): void;
  /** Stops following a source added with `add`, and every journal only it brought in. */
  remove(source: string): Promise<RemoveOutcome>;
  stats(): JournalStats[];
  /** Stops watching and releases every file descriptor; no batch is delivered after it resolves. */
  close(): Promise<void>;
}

const DEFAULTS = {
  pollIntervalMs: 1500,
  watch: true,
  maxLineBytes: 1024 * 1024,
  maxBatchBytes: 1024 * 1024,
  rejectionsKept: 20,
};
const READ_CHUNK_BYTES = 256 * 1024;
const EXCERPT_CHARS = 120;
const JOURNAL_SUFFIX = '.jsonl';

export function createJournalTailer(options: JournalTailerOptions): JournalTailer {
  return new Tailer(options);
}

class Journal {
  readonly path: string;
  readonly splitter: LineSplitter;
  /** The sources (itself, or folders it sits in) that brought it in; it goes when the last one does. */
  readonly sources = new Set<string>();
  unwatch: (() => void) | undefined;
  handle: FileHandle | undefined;
  dev = 0;
  ino = 0;
  /** Last position the consumer accepted; a failed delivery rewinds to here. */
  committed: JournalPosition | undefined;
  committedLine: number | undefined = 1;
  /** Saved positions apply only to the first file opened at this path. */
  resumable = true;
  running: Promise<void> | undefined;
  again = false;
  lastError: string | undefined;
  delivered = 0;
  readonly rejected: Record<RejectReason, number> = {
    malformed_json: 0,
    schema_violation: 0,
    oversize_line: 0,
    invalid_utf8: 0,
  };
  readonly recentRejections: Rejection[] = [];

  constructor(path: string, maxLineBytes: number) {
    this.path = path;
    this.splitter = new LineSplitter(maxLineBytes);
  }
}

/** Collects one batch; rejections are only counted once the batch is accepted, so retries never double-count. */
class BatchCollector implements LineSink {
  events: OrreryEvent[] = [];
  rejections: Rejection[] = [];

  line(text: string, start: number, lineNumber: number | undefined): void {
    const result = parseEvent(text);
    if (result.ok) this.events.push(result.event);
    else this.reject(result.reason, result.detail, start, lineNumber, text.slice(0, EXCERPT_CHARS));
  }

  reject(reason: RejectReason, detail: string, offset: number, line: number | undefined, excerpt: string): void {
    this.rejections.push({ reason, detail, offset, line, excerpt, at: Date.now() });
  }
}

interface Source {
  permanent: boolean;
  /** For a directory source: stops its watch. */
  unwatch: (() => void) | undefined;
}

class Tailer implements JournalTailer {
  private readonly options: JournalTailerOptions & typeof DEFAULTS;
  private readonly journals = new Map<string, Journal>();
  private readonly sources = new Map<string, Source>();
  private readonly directories = new Set<string>();
  private readonly watches = new DirectoryWatches();
  /** Journals are read concurrently, so each running read borrows its own buffer. */
  private readonly freeBuffers: Buffer[] = [];
  private readonly poll: NodeJS.Timeout;
  private closed = false;

  constructor(options: JournalTailerOptions) {
    this.options = {
      ...options,
      pollIntervalMs: options.pollIntervalMs ?? DEFAULTS.pollIntervalMs,
      watch: options.watch ?? DEFAULTS.watch,
      maxLineBytes: options.maxLineBytes ?? DEFAULTS.maxLineBytes,
      maxBatchBytes: options.maxBatchBytes ?? DEFAULTS.maxBatchBytes,
      rejectionsKept: options.rejectionsKept ?? DEFAULTS.rejectionsKept,
    };
    for (const source of options.sources) this.addSource(source, true);
    this.poll = setInterval(() => this.tick(), this.options.pollIntervalMs);
    // The host owns the process lifetime; a forgotten tailer must not keep it alive.
    this.poll.unref();
  }

  add(source: string): void {
    this.addSource(source, false);
  }

  async remove(source: string): Promise<RemoveOutcome> {
    const path = resolve(source);
    const entry = this.sources.get(path);
    if (!entry) return 'unknown';
    if (entry.permanent) return 'permanent';
    this.sources.delete(path);
    this.directories.delete(path);
    entry.unwatch?.();
    const leaving = [...this.journals.values()].filter((journal) => journal.sources.delete(path) && journal.sources.size === 0);
    for (const journal of leaving) {
      this.journals.delete(journal.path);
      journal.unwatch?.();
    }
    // A read under way finishes (its batch is delivered); only then is the file let go.
    await Promise.all(leaving.map((journal) => journal.running));
    await Promise.all(leaving.map((journal) => journal.handle?.close()));
    return 'removed';
  }

  private addSource(source: string, permanent: boolean): void {
    if (this.closed) return;
    const path = resolve(source);
    const known = this.sources.get(path);
    if (known) {
      known.permanent ||= permanent;
      return;
    }
    const entry: Source = { permanent, unwatch: undefined };
    this.sources.set(path, entry);
    if (isDirectory(path)) entry.unwatch = this.addDirectory(path);
    else this.addJournal(path, path);
  }

  stats(): JournalStats[] {
    return [...this.journals.values()].map((journal) => ({
      journal: journal.path,
      source: [...journal.sources][0] ?? journal.path,
      removable: [...journal.sources].every((path) => this.sources.get(path)?.permanent === false),
      state: journal.handle ? 'following' : 'waiting',
      position: journal.committed && { ...journal.committed },
      delivered: journal.delivered,
      rejected: { ...journal.rejected },
      recentRejections: journal.recentRejections.map((rejection) => ({ ...rejection })),
    }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.poll);
    this.watches.close();
    const journals = [...this.journals.values()];
    await Promise.all(journals.map((journal) => journal.running));
    await Promise.all(journals.map((journal) => journal.handle?.close()));
    this.journals.clear();
  }

  private addDirectory(dir: string): (() => void) | undefined {
    this.directories.add(dir);
    const unwatch = this.options.watch
      ? this.watches.subscribe(dir, (filename) => {
          if (filename === null) void this.scan(dir);
          else if (filename.endsWith(JOURNAL_SUFFIX)) this.addJournal(join(dir, filename), dir);
        })
      : undefined;
    void this.scan(dir);
    return unwatch;
  }

  private async scan(dir: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return; // A vanished directory is retried on the next tick.
    }
    // Removed while the listing was read: what it found is no longer wanted.
    if (!this.directories.has(dir)) return;
    for (const name of names) {
      if (name.endsWith(JOURNAL_SUFFIX)) this.addJournal(join(dir, name), dir);
    }
  }

  /** Known journals only learn the new source: their own directory listener already wakes them. */
  private addJournal(path: string, source: string): void {
    if (this.closed) return;
    const known = this.journals.get(path);
    if (known) {
      known.sources.add(source);
      return;
    }
    const journal = new Journal(path, this.options.maxLineBytes);
    journal.sources.add(source);
    this.journals.set(path, journal);
    const name = basename(path);
    if (this.options.watch) {
      journal.unwatch = this.watches.subscribe(dirname(path), (filename) => {
        if (filename === null || filename === name) this.schedule(journal);
      });
    }
    this.schedule(journal);
  }

  private tick(): void {
    this.watches.reattach();
    for (const dir of this.directories) void this.scan(dir);
    for (const journal of this.journals.values()) this.schedule(journal);
  }

  /** One reader per journal at a time; wake-ups during a cycle fold into one more cycle. */
  private schedule(journal: Journal): void {
    if (this.closed || this.journals.get(journal.path) !== journal) return;
    if (journal.running) {
      journal.again = true;
      return;
    }
    journal.running = this.run(journal).finally(() => {
      journal.running = undefined;
    });
  }

  private async run(journal: Journal): Promise<void> {
    do {
      journal.again = false;
      try {
        if (!(await this.cycle(journal))) return;
        journal.lastError = undefined;
      } catch (error) {
        // Lines read but not delivered would otherwise be skipped by the next read.
        this.rewind(journal);
        this.report(journal, error);
        return;
      }
    } while (journal.again && !this.closed && this.journals.get(journal.path) === journal);
  }

  /** Returns false when the journal should wait for the next poll (delivery failed). */
  private async cycle(journal: Journal): Promise<boolean> {
    const current = await statFile(journal.path);
    if (this.closed) return false;
    if (!journal.handle) {
      if (!current) return true; // Not there yet: waiting is the normal state of a journal.
      await this.openJournal(journal);
    } else if (!current || current.ino !== journal.ino || current.dev !== journal.dev) {
      // Renamed away or replaced. The writer may still be appending to the old file, so read it
      // to its end first; only once a new file exists is the old one finished for good.
      if (!(await this.readAvailable(journal))) return false;
      if (!current) return true;
      const last = new BatchCollector();
      journal.splitter.flush(last);
      if (!this.deliver(journal, last)) return false;
      await journal.handle.close();
      journal.handle = undefined;
      await this.openJournal(journal);
    } else if (current.size < journal.splitter.readOffset) {
      journal.splitter.reset(0, 1); // Truncated in place: it is a new journal under the same inode.
    }
    return this.readAvailable(journal);
  }

  private async openJournal(journal: Journal): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(journal.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // Gone again since the stat.
      throw error;
    }
    // The path may have been replaced between stat and open; trust the descriptor, not the name.
    const opened = await handle.stat();
    if (this.closed) {
      await handle.close();
      return;
    }
    const saved = journal.resumable ? this.options.offsets.load(journal.path) : undefined;
    journal.resumable = false;
    const resumes = saved !== undefined && saved.dev === opened.dev && saved.ino === opened.ino && saved.offset <= opened.size;
    const start = resumes ? saved.offset : 0;
    journal.handle = handle;
    journal.dev = opened.dev;
    journal.ino = opened.ino;
    journal.splitter.reset(start, start === 0 ? 1 : undefined);
    journal.committed = { dev: opened.dev, ino: opened.ino, offset: start };
    journal.committedLine = journal.splitter.lineNumber;
  }

  /** Reads to the current end of the file in batches. Returns false if a delivery failed. */
  private async readAvailable(journal: Journal): Promise<boolean> {
    const handle = journal.handle;
    if (!handle) return true;
    const buffer = this.freeBuffers.pop() ?? Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, this.options.maxBatchBytes));
    try {
      let batch = new BatchCollector();
      let batchBytes = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, journal.splitter.readOffset);
        if (this.closed) return false;
        if (bytesRead === 0) break;
        journal.splitter.push(buffer.subarray(0, bytesRead), batch);
        batchBytes += bytesRead;
        if (batchBytes >= this.options.maxBatchBytes) {
          if (!this.deliver(journal, batch)) return false;
          batch = new BatchCollector();
          batchBytes = 0;
        }
      }
      return this.deliver(journal, batch);
    } finally {
      this.freeBuffers.push(buffer);
    }
  }

  private deliver(journal: Journal, batch: BatchCollector): boolean {
    if (this.closed) return false;
    const committed = journal.committed;
    const position: JournalPosition = { dev: journal.dev, ino: journal.ino, offset: journal.splitter.boundary };
    const moved = !committed || committed.offset !== position.offset || committed.ino !== position.ino || committed.dev !== position.dev;
    if (!moved) return true;
    try {
      this.options.onBatch({ journal: journal.path, events: batch.events, position });
    } catch (error) {
      this.rewind(journal);
      this.report(journal, error);
      return false;
    }
    journal.committed = position;
    journal.committedLine = journal.splitter.lineNumber;
    journal.delivered += batch.events.length;
    this.record(journal, batch.rejections);
    return true;
  }

  private rewind(journal: Journal): void {
    journal.splitter.reset(journal.committed?.offset ?? 0, journal.committedLine);
  }

  private record(journal: Journal, rejections: readonly Rejection[]): void {
    for (const rejection of rejections) {
      journal.rejected[rejection.reason]++;
      journal.recentRejections.push(rejection);
    }
    const excess = journal.recentRejections.length - this.options.rejectionsKept;
    if (excess > 0) journal.recentRejections.splice(0, excess);
  }

  /** Reports each distinct failure once, not on every poll while it persists. */
  private report(journal: Journal, error: unknown): void {
    const key = error instanceof Error ? error.message : String(error);
    if (journal.lastError === key) return;
    journal.lastError = key;
    this.options.onError?.(error, journal.path);
  }
}

async function statFile(path: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
