import { z } from 'zod';
import { eventSchema } from '../events/event-schema';
import { LiveSnapshotSchema } from '../events/events-contract';

/**
 * The history part of the api contract: the stored events as a timeline to seek in and play
 * forward from, and how long they are kept.
 *
 * History is event time. The fleet "at ts" is every stored event with `ts <= ts` folded by the same
 * rules as the live graph, in order of ts and, within one millisecond, in the order they were
 * ingested; agents alive then, finished ones still within the linger, counters as of then.
 * Playing forward from `history.at({ ts: t0 })` means folding `history.events({ fromTs: t0, … })`
 * into that snapshot in the order given: a page ends where the next, `fromTs = last event's ts`,
 * begins, so the two always agree with `history.at` at the end.
 */

/** Epoch milliseconds; a fraction (a drag between pixels) is floored. */
const Ts = z.number().nonnegative().max(8.64e15).transform(Math.floor);
const count = z.number().int().nonnegative();

/** The most events one `history.events` page may ask for. */
export const HISTORY_EVENTS_MAX_LIMIT = 50_000;
/** How long events are kept when no setting says otherwise. */
export const DEFAULT_RETENTION_DAYS = 30;

export const HistoryRange = z.object({
  /** The earliest ts `history.at` answers; null while nothing is stored. */
  firstTs: z.number().nullable(),
  /**
   * The newest stored event's ts (where the kept history starts, once every event was pruned);
   * null while nothing is stored. Seeking between it and now is allowed.
   */
  lastTs: z.number().nullable(),
  /** Stored events. */
  events: count,
  /** Stored checkpoints (a seek replays only the events after the nearest one). */
  checkpoints: count,
});
export type HistoryRange = z.output<typeof HistoryRange>;

export const HistoryMoment = z.object({
  /** The moment asked for, floored to a millisecond; `snapshot.at` is the same. */
  ts: z.number(),
  snapshot: LiveSnapshotSchema,
});
export type HistoryMoment = z.output<typeof HistoryMoment>;

export const HistoryEventsRequest = z
  .object({
    /** Exclusive: the snapshot `history.at({ ts: fromTs })` already holds the events at fromTs. */
    fromTs: Ts,
    /** Inclusive. */
    toTs: Ts,
    limit: z.number().int().min(1).max(HISTORY_EVENTS_MAX_LIMIT).default(10_000),
  })
  .strict()
  .refine((request) => request.fromTs <= request.toTs, { message: 'fromTs must not be after toTs', path: ['toTs'] });

export const HistoryEventsPage = z.object({
  /**
   * Events with fromTs < ts <= toTs, by ts then ingest order. A page never ends inside a
   * millisecond, so the next page starts at `fromTs` = the last event's ts; only a millisecond
   * that alone holds more than `limit` events is cut at `limit` (the rest of it is skipped).
   */
  events: z.array(eventSchema),
  /** More events lie in the range after this page. */
  more: z.boolean(),
});
export type HistoryEventsPage = z.output<typeof HistoryEventsPage>;

export const HistorySettings = z
  .object({
    /** Events older than this are pruned in the background (with the checkpoints before them). */
    retentionDays: z.number().int().min(1).max(3650),
  })
  .strict();
export type HistorySettings = z.output<typeof HistorySettings>;

export const historyMethods = {
  'history.range': { input: z.object({}).strict(), output: HistoryRange },
  /**
   * The fleet as it was at `ts`. A ts before `firstTs` or after the host's now is refused with
   * `invalid_argument` and a message saying the range; an empty store with `failed_precondition`,
   * and so is a moment whose checkpoints are still being rebuilt (try again in a moment).
   */
  'history.at': { input: z.object({ ts: Ts }).strict(), output: HistoryMoment },
  'history.events': { input: HistoryEventsRequest, output: HistoryEventsPage },
  'history.settings': { input: z.object({}).strict(), output: HistorySettings },
  'history.updateSettings': { input: HistorySettings.partial().strict(), output: HistorySettings },
} as const;
