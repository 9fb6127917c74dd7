import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { EventPosition, EventRepository, StoredEvent } from '../events/event-repository';
import type { CheckpointRepository } from './checkpoint-repository';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import type { CheckpointState } from './checkpoint-codec';
import { HistoryFold } from './history-fold';
import { foldFrom, replayInto } from './history-replay';

export interface HistoryRecorderTuning {
  /** A checkpoint after this many events folded since the last one… */
  everyEvents: number;
  /** …or once this much event time has passed since it. */
  everyMs: number;
  /**
   * Events are folded once they are this old, so writers whose lines arrive slightly out of order
   * (several journals, several clocks) land in order without rebuilding anything.
   */
  reorderMarginMs: number;
  /** Waiting events beyond this are folded at once, margin or not: memory stays bounded under a flood. */
  maxPending: number;
  /** Events folded per turn of the event loop, so ingest is never held up for long. */
  chunk: number;
  /** Waiting events are looked at this often. */
  foldIntervalMs: number;
}

export const DEFAULT_RECORDER_TUNING: HistoryRecorderTuning = {
  everyEvents: 10_000,
  everyMs: 15 * 60_000,
  reorderMarginMs: 5_000,
  maxPending: 50_000,
  chunk: 5_000,
  foldIntervalMs: 1_000,
};

export interface HistoryRecorderOptions {
  repository: EventRepository;
  checkpoints: CheckpointRepository;
  now: () => number;
  tuning?: Partial<HistoryRecorderTuning>;
  onError?: (error: unknown) => void;
}

/**
 * Keeps the history's checkpoints: a fold of every stored event in history order (ts, then id),
 * written every N events or T of event time, each in its own small transaction, off the ingest
 * path (the listener only queues; folding and writing happen on later turns of the event loop).
 *
 * An event that arrives dated before what is already folded (a journal added with old lines, a
 * writer with a slow clock) makes the checkpoints after its ts wrong: they are dropped, and the
 * fold is rebuilt from the newest checkpoint left, reading the store in chunks (catching up).
 */
export class HistoryRecorder {
  private readonly repository: EventRepository;
  private readonly checkpoints: CheckpointRepository;
  private readonly now: () => number;
  private readonly tuning: HistoryRecorderTuning;
  private readonly onError: (error: unknown) => void;
  private fold!: HistoryFold;
  private position!: EventPosition;
  /** Where the event-time interval counts from: the last checkpoint, or the first event folded. */
  private lastCheckpointTs: number | undefined;
  private sinceCheckpoint = 0;
  /** Stored but not yet folded, in arrival order; from `pendingHead` on. */
  private pending: StoredEvent[] = [];
  private pendingHead = 0;
  private pendingSorted = true;
  /** Rebuilding from the store; arrivals are read from there too, in their turn. */
  private catchingUp = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private disposed = false;

  constructor(options: HistoryRecorderOptions) {
    this.repository = options.repository;
    this.checkpoints = options.checkpoints;
    this.now = options.now;
    this.tuning = { ...DEFAULT_RECORDER_TUNING, ...options.tuning };
    this.onError = options.onError ?? ((error) => console.error('[history]', error));
    this.resetToLatestCheckpoint();
  }

  /**
   * At start: the fold from the newest checkpoint through every event stored after it (what the
   * live state should show), or undefined when there is no checkpoint and more than `maxReplay`
   * events, which are then folded in the background (a store from before checkpoints).
   */
  resume(maxReplay: number): CheckpointState | undefined {
    if (this.checkpoints.latest() === undefined && this.repository.count() > maxReplay) {
      this.startCatchUp();
      return undefined;
    }
    this.foldStored(this.now() - this.tuning.reorderMarginMs);
    this.pending = this.repository.after(this.position, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    this.pendingHead = 0;
    // The live state gets records of its own, with the events still waiting here folded in too.
    const live = new HistoryFold(decodeCheckpoint(encodeCheckpoint(this.fold.checkpointState())));
    for (const { event } of this.pending) live.apply(event);
    this.armTimer();
    return live.checkpointState();
  }

  /** The ingest listener: `firstId` is the stored id of `events[0]` (the rest follow it). */
  record(events: readonly OrreryEvent[], firstId: number | undefined): void {
    if (this.disposed || events.length === 0) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const event of events) if (event.ts < earliest) earliest = event.ts;
    // Without ids the events cannot be placed among the stored ones: read them back from the store.
    if (earliest < this.position.ts || firstId === undefined) {
      this.lateArrival(events, Math.min(earliest, this.position.ts));
      return;
    }
    if (this.catchingUp) return;
    const last = this.pending.at(-1);
    // A listener may ingest from inside another's call, so a batch can arrive after a later one.
    const first = events[0] as OrreryEvent;
    const behind = last !== undefined && (first.ts < last.event.ts || (first.ts === last.event.ts && firstId < last.id));
    if (behind || !tsAscending(events)) this.pendingSorted = false;
    for (let i = 0; i < events.length; i++) this.pending.push({ id: firstId + i, event: events[i] as OrreryEvent });
    this.armTimer();
  }

  /** Folds everything stored (pending, or the rest of a rebuild) and checkpoints it: at quit, and in tests. */
  flush(): void {
    if (this.catchingUp) this.catchUpStep(Number.POSITIVE_INFINITY);
    this.foldPending(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    if (this.sinceCheckpoint > 0) this.writeCheckpoint();
  }

  /** Checkpoints what is stored, so the next start replays nothing; call before the store closes. */
  dispose(): void {
    if (this.disposed) return;
    try {
      this.flush();
    } catch (error) {
      this.onError(error);
    }
    this.disposed = true;
    this.clearSchedule();
  }

  private resetToLatestCheckpoint(): void {
    const latest = this.checkpoints.latest();
    const { fold, position } = foldFrom(latest);
    this.fold = fold;
    this.position = position;
    this.lastCheckpointTs = latest?.ts;
    this.sinceCheckpoint = 0;
  }

  private lateArrival(events: readonly OrreryEvent[], earliest: number): void {
    // Lines dated before the kept history are no part of it (the next pruning takes them): only
    // the later ones make checkpoints wrong.
    const base = this.checkpoints.base();
    if (base !== undefined && earliest < base.ts) {
      let inHistory = Number.POSITIVE_INFINITY;
      for (const event of events) if (event.ts >= base.ts && event.ts < inHistory) inHistory = event.ts;
      if (inHistory === Number.POSITIVE_INFINITY) return;
      earliest = inHistory;
    }
    this.rebuildFrom(earliest);
  }

  private rebuildFrom(ts: number): void {
    this.checkpoints.invalidateLaterThan(ts);
    this.resetToLatestCheckpoint();
    this.pending = [];
    this.pendingHead = 0;
    this.pendingSorted = true;
    this.startCatchUp();
  }

  private startCatchUp(): void {
    this.catchingUp = true;
    this.clearSchedule();
    this.scheduleImmediate();
  }

  /** Folds stored events after the position up to `horizon` in chunks; returns true when none are left. */
  private catchUpStep(maxEvents: number): boolean {
    const horizon = this.now() - this.tuning.reorderMarginMs;
    const limit = Math.min(maxEvents, Number.MAX_SAFE_INTEGER);
    const { replayed } = this.foldStored(horizon, limit);
    if (replayed >= limit) return false;
    this.catchingUp = false;
    this.pending = this.repository.after(this.position, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    this.pendingHead = 0;
    this.pendingSorted = true;
    return true;
  }

  private foldStored(horizon: number, maxEvents = Number.POSITIVE_INFINITY): { replayed: number } {
    return replayInto(this.repository, { fold: this.fold, position: this.position }, horizon, maxEvents, (stored) => this.folded(stored));
  }

  private folded(stored: StoredEvent): void {
    this.position = { ts: stored.event.ts, id: stored.id };
    this.sinceCheckpoint++;
    this.lastCheckpointTs ??= stored.event.ts;
    if (this.sinceCheckpoint >= this.tuning.everyEvents || this.position.ts - this.lastCheckpointTs >= this.tuning.everyMs) this.writeCheckpoint();
  }

  /** Folds waiting events dated up to `horizon` (and any beyond the bound), at most `maxEvents`; returns how many. */
  private foldPending(horizon: number, maxEvents: number): number {
    if (!this.pendingSorted) {
      this.pending = this.pending.slice(this.pendingHead).sort((a, b) => a.event.ts - b.event.ts || a.id - b.id);
      this.pendingHead = 0;
      this.pendingSorted = true;
    }
    let count = 0;
    while (this.pendingHead < this.pending.length && count < maxEvents) {
      const stored = this.pending[this.pendingHead] as StoredEvent;
      const overflow = this.pending.length - this.pendingHead > this.tuning.maxPending;
      if (stored.event.ts > horizon && !overflow) break;
      this.fold.apply(stored.event);
      this.folded(stored);
      this.pendingHead++;
      count++;
    }
    // Drop the folded head now and then, not on every event (a shift is linear).
    if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.pendingHead);
      this.pendingHead = 0;
    }
    return count;
  }

  private writeCheckpoint(): void {
    const state = this.fold.checkpointState();
    this.checkpoints.save(this.position, state.image.counts.events, encodeCheckpoint(state), this.now());
    this.lastCheckpointTs = this.position.ts;
    this.sinceCheckpoint = 0;
  }

  /** A turn of work: a chunk of the rebuild, or of the waiting events whose margin has passed. */
  private work(): void {
    this.timer = undefined;
    this.immediate = undefined;
    if (this.disposed) return;
    try {
      if (this.catchingUp) {
        if (!this.catchUpStep(this.tuning.chunk)) {
          this.scheduleImmediate();
          return;
        }
      }
      const folded = this.foldPending(this.now() - this.tuning.reorderMarginMs, this.tuning.chunk);
      if (folded === this.tuning.chunk) this.scheduleImmediate();
      else this.armTimer();
    } catch (error) {
      this.onError(error);
      this.armTimer();
    }
  }

  private armTimer(): void {
    if (this.timer !== undefined || this.immediate !== undefined || this.disposed || this.catchingUp) return;
    if (this.pendingHead >= this.pending.length) return;
    const overflowing = this.pending.length - this.pendingHead > this.tuning.maxPending;
    // A look every interval, not a timer to the due time: host time may jump (a suspended laptop).
    this.timer = setTimeout(() => this.work(), overflowing ? 0 : this.tuning.foldIntervalMs);
    this.timer.unref();
  }

  private scheduleImmediate(): void {
    if (this.immediate !== undefined || this.disposed) return;
    this.immediate = setImmediate(() => this.work());
    this.immediate.unref();
  }

  private clearSchedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }
}

/** Ids rise within a batch, so only its timestamps can be out of history order. */
function tsAscending(events: readonly OrreryEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if ((events[i] as OrreryEvent).ts < (events[i - 1] as OrreryEvent).ts) return false;
  return true;
}
