import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteOffsetStore } from '../../../../src-main/core/events/sqlite-offset-store';
import { MemoryOffsetStore } from '../../../../src-main/core/events/offset-store';
import { applyMigrations } from '../../../../src-main/core/store/migrations';

describe('offset stores', () => {
  it('SqliteOffsetStore loads what it saved, last write wins', () => {
    const db = new Database(':memory:');
    applyMigrations(db);
    const store = new SqliteOffsetStore(db, () => 42);
    expect(store.load('/j.jsonl')).toBeUndefined();
    store.save('/j.jsonl', { dev: 1, ino: 2, offset: 3 });
    store.save('/j.jsonl', { dev: 1, ino: 5, offset: 8 });
    expect(store.load('/j.jsonl')).toEqual({ dev: 1, ino: 5, offset: 8 });
    expect(db.prepare('SELECT updated_at FROM journal_offsets').get()).toEqual({ updated_at: 42 });
    db.close();
  });

  it('MemoryOffsetStore hands out copies', () => {
    const store = new MemoryOffsetStore();
    const position = { dev: 1, ino: 2, offset: 3 };
    store.save('/j', position);
    position.offset = 99;
    expect(store.load('/j')).toEqual({ dev: 1, ino: 2, offset: 3 });
  });
});
