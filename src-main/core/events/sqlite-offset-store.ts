import type { Database, Statement } from 'better-sqlite3';
import type { JournalPosition, OffsetStore } from './offset-store';

/**
 * `save` runs inside whatever transaction is open on `db`, which is the point: the ingest writes a
 * batch's events and its position in one transaction, so neither survives a crash without the other.
 */
export class SqliteOffsetStore implements OffsetStore {
  private readonly selectPosition: Statement<[string], JournalPosition>;
  private readonly upsertPosition: Statement<[string, number, number, number, number]>;
  private readonly now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.now = now;
    this.selectPosition = db.prepare('SELECT dev, ino, offset FROM journal_offsets WHERE path = ?');
    this.upsertPosition = db.prepare(
      `INSERT INTO journal_offsets (path, dev, ino, offset, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, offset = excluded.offset,
         updated_at = excluded.updated_at`,
    );
  }

  load(path: string): JournalPosition | undefined {
    return this.selectPosition.get(path);
  }

  save(path: string, position: JournalPosition): void {
    this.upsertPosition.run(path, position.dev, position.ino, position.offset, this.now());
  }
}
