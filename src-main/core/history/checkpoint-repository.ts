import type { Database, Statement } from 'better-sqlite3';
import type { EventPosition } from '../events/event-repository';

export interface CheckpointRow extends EventPosition {
  /** Events folded into it since history began (pruned ones included). */
  events: number;
  /** The events before it were pruned: the kept history starts here. */
  base: boolean;
  body: string;
}

type RawRow = { ts: number; id: number; events: number; base: number; body: string };
const SELECT = 'SELECT ts, event_id AS id, events, base, body FROM history_checkpoints';

/** Checkpoints of the history fold, by the position (ts, event id) of the last event each holds. */
export class CheckpointRepository {
  private readonly insert: Statement<[number, number, number, string, number]>;
  private readonly selectLatest: Statement<[], RawRow>;
  private readonly selectLatestAtOrBefore: Statement<[number], RawRow>;
  private readonly selectBase: Statement<[], RawRow>;
  private readonly selectNewestBefore: Statement<[number], RawRow>;
  private readonly selectCount: Statement<[], { n: number }>;
  private readonly deleteLaterThan: Statement<[number]>;
  private readonly deleteBefore: Statement<[number, number]>;
  private readonly updateBase: Statement<[number, number]>;

  constructor(db: Database) {
    // One position, one fold: a checkpoint already there holds the same state.
    this.insert = db.prepare('INSERT OR IGNORE INTO history_checkpoints (ts, event_id, events, body, created_at) VALUES (?, ?, ?, ?, ?)');
    this.selectLatest = db.prepare(`${SELECT} ORDER BY ts DESC, event_id DESC LIMIT 1`);
    this.selectLatestAtOrBefore = db.prepare(`${SELECT} WHERE ts <= ? ORDER BY ts DESC, event_id DESC LIMIT 1`);
    this.selectBase = db.prepare(`${SELECT} WHERE base = 1 ORDER BY ts DESC, event_id DESC LIMIT 1`);
    this.selectNewestBefore = db.prepare(`${SELECT} WHERE ts < ? ORDER BY ts DESC, event_id DESC LIMIT 1`);
    this.selectCount = db.prepare('SELECT COUNT(*) AS n FROM history_checkpoints');
    // A base is where the kept history starts: no late event can make it wrong, it is before them all.
    this.deleteLaterThan = db.prepare('DELETE FROM history_checkpoints WHERE ts > ? AND base = 0');
    this.deleteBefore = db.prepare('DELETE FROM history_checkpoints WHERE (ts, event_id) < (?, ?)');
    this.updateBase = db.prepare('UPDATE history_checkpoints SET base = 1 WHERE ts = ? AND event_id = ?');
  }

  save(position: EventPosition, events: number, body: string, now: number): void {
    this.insert.run(position.ts, position.id, events, body, now);
  }

  latest(): CheckpointRow | undefined {
    return row(this.selectLatest.get());
  }

  latestAtOrBefore(ts: number): CheckpointRow | undefined {
    return row(this.selectLatestAtOrBefore.get(ts));
  }

  /** Where the kept history starts, once events were pruned. */
  base(): CheckpointRow | undefined {
    return row(this.selectBase.get());
  }

  newestBefore(ts: number): CheckpointRow | undefined {
    return row(this.selectNewestBefore.get(ts));
  }

  count(): number {
    return this.selectCount.get()?.n ?? 0;
  }

  /** An event dated `ts` arrived after these were taken, so they lack it. */
  invalidateLaterThan(ts: number): void {
    this.deleteLaterThan.run(ts);
  }

  /** The kept history will start at this checkpoint: the events up to it are about to be pruned. */
  markBase(position: EventPosition): void {
    this.updateBase.run(position.ts, position.id);
  }

  /** Once the events up to `position` are pruned, the checkpoints before it hold nothing to seek to. */
  dropBefore(position: EventPosition): void {
    this.deleteBefore.run(position.ts, position.id);
  }
}

function row(raw: RawRow | undefined): CheckpointRow | undefined {
  return raw === undefined ? undefined : { ts: raw.ts, id: raw.id, events: raw.events, base: raw.base === 1, body: raw.body };
}
