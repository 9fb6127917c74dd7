import type { Database } from 'better-sqlite3';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { EventRepository } from './event-repository';
import type { JournalBatch } from './journal-tailer';
import type { LiveState } from '../../../src-shared/events/live-state';
import type { OffsetStore } from './offset-store';

export interface EventIngestOptions {
  db: Database;
  repository: EventRepository;
  /** Must write to `db`, so saving a position joins the events' transaction. */
  offsets: OffsetStore;
  liveState: LiveState;
  /** Called after the batch is committed and reduced; the place to fan out to subscribers. */
  onIngested?: (events: readonly OrreryEvent[]) => void;
  /** Failures after the commit (reduce, publish). Defaults to console.error. */
  onError?: (error: unknown) => void;
}

export interface EventIngest {
  /** Use as the tailer's `onBatch`. */
  ingestJournalBatch(batch: JournalBatch): void;
  /** For events that do not come from a journal (orchestrator, adapters), already validated. */
  ingestEvents(events: readonly OrreryEvent[]): void;
}

/**
 * The one ingest path: persist (one transaction per batch) → reduce → publish.
 *
 * A journal batch's events and its journal position commit in the same SQLite transaction. A crash
 * before the commit loses both, so the tailer re-reads the same lines on restart; a crash after it
 * keeps both, so those lines are never read again. Either way each event is stored exactly once.
 * Reducing only after the commit keeps live state from showing what the store does not hold.
 */
export function createEventIngest(options: EventIngestOptions): EventIngest {
  const { db, repository, offsets, liveState, onIngested, onError = console.error } = options;
  const persistJournalBatch = db.transaction((batch: JournalBatch) => {
    repository.insertBatch(batch.events);
    offsets.save(batch.journal, batch.position);
  });
  const publish = (events: readonly OrreryEvent[]): void => {
    // Never let this throw back into the tailer: it would rewind and re-deliver a committed batch.
    try {
      liveState.applyBatch(events);
      onIngested?.(events);
    } catch (error) {
      onError(error);
    }
  };
  return {
    ingestJournalBatch(batch) {
      persistJournalBatch(batch);
      if (batch.events.length > 0) publish(batch.events);
    },
    ingestEvents(events) {
      if (events.length === 0) return;
      repository.insertBatch(events);
      publish(events);
    },
  };
}
