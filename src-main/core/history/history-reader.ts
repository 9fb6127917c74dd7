import { RECENT_EVENT_COUNT } from '../../../src-shared/events/live-state';
import type { HistoryEventsPage, HistoryMoment, HistoryRange } from '../../../src-shared/history/history-contract';
import type { EventRepository } from '../events/event-repository';
import type { CheckpointRepository } from './checkpoint-repository';
import { foldAt } from './history-replay';

/**
 * A seek never folds more than this many events: past it the checkpoints there are still being
 * rebuilt (a store from before checkpoints, a journal of old lines just added), and waiting beats
 * holding the host's only thread for seconds.
 */
export const MAX_SEEK_EVENTS = 250_000;

/** A query about history that cannot be answered as asked; `code` reaches the client as it is. */
export class HistoryQueryError extends Error {
  readonly code: 'invalid_argument' | 'failed_precondition';

  constructor(code: HistoryQueryError['code'], message: string) {
    super(message);
    this.name = 'HistoryQueryError';
    this.code = code;
  }
}

export interface HistoryReaderOptions {
  repository: EventRepository;
  checkpoints: CheckpointRepository;
  now: () => number;
  /** The stale-after time history snapshots judge by (the live setting). */
  staleAfterMs: () => number;
  /** Stored events, kept up to date by whoever counts ingest and pruning. */
  eventCount: () => number;
}

/** Answers the history api from the checkpoints and the events after them. */
export class HistoryReader {
  private readonly options: HistoryReaderOptions;

  constructor(options: HistoryReaderOptions) {
    this.options = options;
  }

  range(): HistoryRange {
    const { repository, checkpoints, eventCount } = this.options;
    const { firstTs, lastTs } = repository.bounds();
    // Once events were pruned, the kept history starts at its base checkpoint (older strays are not part of it).
    const base = checkpoints.base();
    return {
      firstTs: base?.ts ?? firstTs,
      lastTs: lastTs ?? base?.ts ?? null,
      events: eventCount(),
      checkpoints: checkpoints.count(),
    };
  }

  at(ts: number): HistoryMoment {
    const { repository, checkpoints, now, staleAfterMs } = this.options;
    const { firstTs } = this.range();
    if (firstTs === null) throw new HistoryQueryError('failed_precondition', 'Nothing is stored yet, so there is no history to show.');
    if (ts < firstTs) throw new HistoryQueryError('invalid_argument', `${iso(ts)} is before the stored history, which starts at ${iso(firstTs)}.`);
    const hostNow = now();
    if (ts > hostNow) throw new HistoryQueryError('invalid_argument', `${iso(ts)} is in the future: the host's clock says ${iso(hostNow)}.`);
    const { fold, replayed } = foldAt(repository, checkpoints, ts, MAX_SEEK_EVENTS + 1, staleAfterMs());
    if (replayed > MAX_SEEK_EVENTS) {
      throw new HistoryQueryError('failed_precondition', `The history around ${iso(ts)} is still being indexed (over ${MAX_SEEK_EVENTS.toLocaleString('en')} events from the nearest checkpoint); try again in a moment.`);
    }
    return { ts, snapshot: fold.snapshotAt(ts, repository.latestUpTo(ts, RECENT_EVENT_COUNT)) };
  }

  events(fromTs: number, toTs: number, limit: number): HistoryEventsPage {
    // (ts, id) after (fromTs, the largest id) is simply ts > fromTs.
    const rows = this.options.repository.after({ ts: fromTs, id: Number.MAX_SAFE_INTEGER }, toTs, limit + 1);
    if (rows.length <= limit) return { events: rows.map((row) => row.event), more: false };
    let end = limit;
    const cut = (rows[limit - 1] as (typeof rows)[number]).event.ts;
    // End the page before the millisecond the limit cuts through, so the next page starts at it whole.
    if ((rows[limit] as (typeof rows)[number]).event.ts === cut) {
      while (end > 0 && (rows[end - 1] as (typeof rows)[number]).event.ts === cut) end--;
      if (end === 0) end = limit;
    }
    return { events: rows.slice(0, end).map((row) => row.event), more: true };
  }
}

function iso(ts: number): string {
  return Number.isFinite(ts) && Math.abs(ts) <= 8.64e15 ? new Date(ts).toISOString() : String(ts);
}
