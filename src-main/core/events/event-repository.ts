import type { Database, Statement } from 'better-sqlite3';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';

type EventRow = [ts: number, type: string, agentId: string, parentId: string | null, sessionId: string | null, source: string, body: string];

/**
 * Where an event sits in history: by event time, then by id (the order it was ingested). Every
 * history query orders by it, so a seek, a checkpoint and a page all fold events in one order.
 */
export interface EventPosition {
  ts: number;
  id: number;
}

/** Before every stored event (timestamps are epoch ms far above 0). */
export const BEFORE_ALL_EVENTS: EventPosition = { ts: -1, id: 0 };

export interface StoredEvent {
  id: number;
  event: OrreryEvent;
}

/**
 * The system of record for events. `body` is the validated event (unknown fields included, `ts`
 * normalised), so reading it back never needs the schema again; the other columns exist to be queried.
 */
export class EventRepository {
  private readonly insert: Statement<EventRow>;
  private readonly selectRecentForAgent: Statement<[string, number], { body: string }>;
  private readonly selectRecentSince: Statement<[number, number], { body: string }>;
  private readonly selectAfter: Statement<[number, number, number, number], { id: number; body: string }>;
  private readonly selectLatestUpTo: Statement<[number, number], { body: string }>;
  private readonly selectFirstTs: Statement<[], { ts: number | null }>;
  private readonly selectLastTs: Statement<[], { ts: number | null }>;
  private readonly selectOldest: Statement<[], EventPosition>;
  private readonly selectCount: Statement<[], { n: number }>;
  private readonly deleteUpTo: Statement<[number, number, number]>;
  private readonly insertAll: (events: readonly OrreryEvent[]) => number;
  /** Each inserted batch's first id; a batch's ids are consecutive (one connection, one transaction). */
  private readonly firstIds = new WeakMap<readonly OrreryEvent[], number>();

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO events (ts, type, agent_id, parent_id, session_id, source, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectRecentForAgent = db.prepare('SELECT body FROM events WHERE agent_id = ? ORDER BY id DESC LIMIT ?');
    this.selectRecentSince = db.prepare('SELECT body FROM events WHERE ts >= ? ORDER BY id DESC LIMIT ?');
    // Row values walk the ts index (which ends in the rowid) from the position on, no sort.
    this.selectAfter = db.prepare('SELECT id, body FROM events WHERE (ts, id) > (?, ?) AND ts <= ? ORDER BY ts, id LIMIT ?');
    this.selectLatestUpTo = db.prepare('SELECT body FROM events WHERE ts <= ? ORDER BY ts DESC, id DESC LIMIT ?');
    // Apart: SQLite answers a lone MIN or MAX from the index, both in one query by a full scan.
    this.selectFirstTs = db.prepare('SELECT MIN(ts) AS ts FROM events');
    this.selectLastTs = db.prepare('SELECT MAX(ts) AS ts FROM events');
    this.selectOldest = db.prepare('SELECT ts, id FROM events ORDER BY ts, id LIMIT 1');
    this.selectCount = db.prepare('SELECT COUNT(*) AS n FROM events');
    this.deleteUpTo = db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE (ts, id) <= (?, ?) ORDER BY ts, id LIMIT ?)');
    // Inside a caller's transaction this becomes a savepoint, so it composes with the offset save.
    this.insertAll = db.transaction((events: readonly OrreryEvent[]) => {
      let firstId = 0;
      for (const event of events) {
        const { lastInsertRowid } = this.insert.run(
          event.ts,
          event.type,
          event.agent_id,
          event.parent_id ?? null,
          event.session_id ?? null,
          event.source,
          JSON.stringify(event),
        );
        if (firstId === 0) firstId = Number(lastInsertRowid);
      }
      return firstId;
    });
  }

  insertBatch(events: readonly OrreryEvent[]): void {
    if (events.length > 0) this.firstIds.set(events, this.insertAll(events));
  }

  /** The id insertBatch gave the first event of exactly this array (the rest follow it), if it stored it. */
  firstIdOf(events: readonly OrreryEvent[]): number | undefined {
    return this.firstIds.get(events);
  }

  /** The agent's last `limit` events, oldest first. */
  recentForAgent(agentId: string, limit: number): OrreryEvent[] {
    return oldestFirst(this.selectRecentForAgent.all(agentId, limit));
  }

  /** The last `limit` events stored with `ts >= sinceTs`, in the order they were ingested. */
  recentSince(sinceTs: number, limit: number): OrreryEvent[] {
    return oldestFirst(this.selectRecentSince.all(sinceTs, limit));
  }

  /** Up to `limit` events after `position` with `ts <= toTs`, in history order. */
  after(position: EventPosition, toTs: number, limit: number): StoredEvent[] {
    return this.selectAfter.all(position.ts, position.id, toTs, limit).map((row) => ({ id: row.id, event: JSON.parse(row.body) as OrreryEvent }));
  }

  /** The last `limit` events with `ts <= ts` in history order, oldest first. */
  latestUpTo(ts: number, limit: number): OrreryEvent[] {
    return oldestFirst(this.selectLatestUpTo.all(ts, limit));
  }

  bounds(): { firstTs: number | null; lastTs: number | null } {
    return { firstTs: this.selectFirstTs.get()?.ts ?? null, lastTs: this.selectLastTs.get()?.ts ?? null };
  }

  oldestPosition(): EventPosition | undefined {
    return this.selectOldest.get();
  }

  count(): number {
    return this.selectCount.get()?.n ?? 0;
  }

  /** Deletes up to `limit` of the oldest events at or before `position`; returns how many. */
  pruneUpTo(position: EventPosition, limit: number): number {
    return this.deleteUpTo.run(position.ts, position.id, limit).changes;
  }
}

function oldestFirst(newestFirstRows: readonly { body: string }[]): OrreryEvent[] {
  const events: OrreryEvent[] = new Array<OrreryEvent>(newestFirstRows.length);
  for (let i = 0; i < newestFirstRows.length; i++) {
    events[newestFirstRows.length - 1 - i] = JSON.parse((newestFirstRows[i] as { body: string }).body) as OrreryEvent;
  }
  return events;
}
