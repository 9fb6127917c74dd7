import type { EventPosition, EventRepository, StoredEvent } from '../events/event-repository';
import { BEFORE_ALL_EVENTS } from '../events/event-repository';
import type { CheckpointRepository, CheckpointRow } from './checkpoint-repository';
import { decodeCheckpoint } from './checkpoint-codec';
import { HistoryFold } from './history-fold';

/** Events read from the store per query while replaying: bounded memory, few round trips. */
const REPLAY_CHUNK = 10_000;

export interface Replayed {
  fold: HistoryFold;
  /** The last event folded (or the checkpoint's, when none came after it). */
  position: EventPosition;
  /** Events folded after the checkpoint. */
  replayed: number;
}

/** A fold restored from `checkpoint`, or empty before any event when there is none. */
export function foldFrom(checkpoint: CheckpointRow | undefined, staleAfterMs?: number): { fold: HistoryFold; position: EventPosition } {
  if (checkpoint === undefined) return { fold: new HistoryFold(undefined, staleAfterMs), position: BEFORE_ALL_EVENTS };
  return { fold: new HistoryFold(decodeCheckpoint(checkpoint.body), staleAfterMs), position: { ts: checkpoint.ts, id: checkpoint.id } };
}

/**
 * Folds the stored events after `position` with `ts <= toTs` into `fold`, in history order, at most
 * `maxEvents` of them; `each` sees every event as it is folded.
 */
export function replayInto(
  repository: EventRepository,
  start: { fold: HistoryFold; position: EventPosition },
  toTs: number,
  maxEvents = Number.POSITIVE_INFINITY,
  each?: (stored: StoredEvent) => void,
): Replayed {
  const { fold } = start;
  let position = start.position;
  let replayed = 0;
  while (replayed < maxEvents) {
    const chunk = repository.after(position, toTs, Math.min(REPLAY_CHUNK, maxEvents - replayed));
    for (const stored of chunk) {
      fold.apply(stored.event);
      each?.(stored);
    }
    replayed += chunk.length;
    const last = chunk.at(-1);
    if (last === undefined) break;
    position = { ts: last.event.ts, id: last.id };
    if (chunk.length < REPLAY_CHUNK) break;
  }
  return { fold, position, replayed };
}

/** The fold at `ts`: the nearest checkpoint at or before it, then the events up to it. */
export function foldAt(repository: EventRepository, checkpoints: CheckpointRepository, ts: number, maxEvents: number, staleAfterMs?: number): Replayed {
  return replayInto(repository, foldFrom(checkpoints.latestAtOrBefore(ts), staleAfterMs), ts, maxEvents);
}
