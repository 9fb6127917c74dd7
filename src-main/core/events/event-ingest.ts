import type { Database } from 'better-sqlite3';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { LiveState } from '../../../src-shared/events/live-state';
import { ListenerSet } from '../util/listener-set';
import type { Dispose } from '../util/listener-set';
import { withEstimatedCosts } from '../hooks/usage-cost-estimate';
import type { EventRepository } from './event-repository';
import type { JournalBatch } from './journal-tailer';
import type { OffsetStore } from './offset-store';

export interface EventIngestOptions {
  db: Database;
  repository: EventRepository;
  /** Must write to `db`, so saving a position joins the events' transaction. */
  offsets: OffsetStore;
  liveState: LiveState;
  /** Failures after the commit (reduce, listeners). Defaults to console.error. */
  onError?: (error: unknown) => void;
}

export interface EventIngest {
  /** Use as the tailer's `onBatch`. */
  ingestJournalBatch(batch: JournalBatch): void;
  /**
   * For events that do not come from a journal (the runs layer, adapters), already validated.
   * `alongside` runs inside the same transaction as the insert: what a source records about its
   * own progress (a run's state, an adapter's cursor) commits with the events or not at all.
   */
  ingestEvents(events: readonly OrreryEvent[], alongside?: () => void): void;
  /** Called after each batch is committed and reduced, in registration order. */
  onIngested(listener: (events: readonly OrreryEvent[]) => void): Dispose;
}

/**
 * The one ingest path: persist (one transaction per batch) → reduce → publish.
 *
 * A journal batch's events and its journal position commit in the same SQLite transaction. A crash
 * before the commit loses both, so the tailer re-reads the same lines on restart; a crash after it
 * keeps both, so those lines are never read again. Either way each event is stored exactly once.
 * Other sources commit their own position the same way through `alongside`. Reducing only after
 * the commit keeps live state from showing what the store does not hold.
 */
export function createEventIngest(options: EventIngestOptions): EventIngest {
  const { db, repository, offsets, liveState, onError = console.error } = options;
  const listeners = new ListenerSet<readonly OrreryEvent[]>();
  const persistJournalBatch = db.transaction((batch: JournalBatch) => {
    repository.insertBatch(batch.events);
    offsets.save(batch.journal, batch.position);
  });
  const persistEvents = db.transaction((events: readonly OrreryEvent[], alongside: (() => void) | undefined) => {
    repository.insertBatch(events);
    alongside?.();
  });
  const publish = (events: readonly OrreryEvent[]): void => {
    // Never let this throw back into the caller: the tailer would rewind and re-deliver a committed batch.
    try {
      liveState.applyBatch(events);
      listeners.emit(events);
    } catch (error) {
      onError(error);
    }
  };
  return {
    ingestJournalBatch(batch) {
      // Journal writers such as the Claude Code hook report tokens and model; the price table is here.
      const priced = { ...batch, events: withEstimatedCosts(batch.events) };
      persistJournalBatch(priced);
      if (priced.events.length > 0) publish(priced.events);
    },
    ingestEvents(events, alongside) {
      if (events.length === 0 && alongside === undefined) return;
      persistEvents(events, alongside);
      if (events.length > 0) publish(events);
    },
    onIngested: (listener) => listeners.add(listener),
  };
}
