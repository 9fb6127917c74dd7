import type { Database, Statement } from 'better-sqlite3';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';

type EventRow = [ts: number, type: string, agentId: string, parentId: string | null, sessionId: string | null, source: string, body: string];

/**
 * The system of record for events. `body` is the validated event (unknown fields included, `ts`
 * normalised), so reading it back never needs the schema again; the other columns exist to be queried.
 */
export class EventRepository {
  private readonly insert: Statement<EventRow>;
  private readonly selectRecentForAgent: Statement<[string, number], { body: string }>;
  private readonly selectRecentSince: Statement<[number, number], { body: string }>;
  private readonly insertAll: (events: readonly OrreryEvent[]) => void;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO events (ts, type, agent_id, parent_id, session_id, source, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectRecentForAgent = db.prepare('SELECT body FROM events WHERE agent_id = ? ORDER BY id DESC LIMIT ?');
    this.selectRecentSince = db.prepare('SELECT body FROM events WHERE ts >= ? ORDER BY id DESC LIMIT ?');
    // Inside a caller's transaction this becomes a savepoint, so it composes with the offset save.
    this.insertAll = db.transaction((events: readonly OrreryEvent[]) => {
      for (const event of events) {
        this.insert.run(
          event.ts,
          event.type,
          event.agent_id,
          event.parent_id ?? null,
          event.session_id ?? null,
          event.source,
          JSON.stringify(event),
        );
      }
    });
  }

  insertBatch(events: readonly OrreryEvent[]): void {
    if (events.length > 0) this.insertAll(events);
  }

  /** The agent's last `limit` events, oldest first. */
  recentForAgent(agentId: string, limit: number): OrreryEvent[] {
    return oldestFirst(this.selectRecentForAgent.all(agentId, limit));
  }

  /** The last `limit` events stored with `ts >= sinceTs`, in the order they were ingested. */
  recentSince(sinceTs: number, limit: number): OrreryEvent[] {
    return oldestFirst(this.selectRecentSince.all(sinceTs, limit));
  }
}

function oldestFirst(newestFirstRows: readonly { body: string }[]): OrreryEvent[] {
  const events: OrreryEvent[] = new Array<OrreryEvent>(newestFirstRows.length);
  for (let i = 0; i < newestFirstRows.length; i++) {
    events[newestFirstRows.length - 1 - i] = JSON.parse((newestFirstRows[i] as { body: string }).body) as OrreryEvent;
  }
  return events;
}
