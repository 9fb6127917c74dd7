import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS } from '../../../../src-main/core/store/migrations';
import { openStore, StoreOpenError } from '../../../../src-main/core/store/database';

const opened: { close(): void }[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'orrery-store-'));
}

describe('openStore', () => {
  it('creates the file in WAL mode with every migration recorded', () => {
    const file = join(tempDir(), 'nested', 'orrery.db');
    const store = openStore(file);
    opened.push(store.db);
    expect(existsSync(file)).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = store.db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[];
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(store.schemaVersion).toBe(MIGRATIONS.at(-1)?.version);
  });

  it('keeps data across reopen and applies nothing twice', () => {
    const file = join(tempDir(), 'orrery.db');
    const first = openStore(file);
    first.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('k', 'v');
    first.db.close();
    const second = openStore(file);
    opened.push(second.db);
    expect(second.db.prepare('SELECT value FROM settings WHERE key = ?').get('k')).toEqual({ value: 'v' });
    expect(second.db.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: MIGRATIONS.length });
  });

  it('applies a migration a database missed even when it has a later one', () => {
    const db = new BetterSqlite3(':memory:');
    opened.push(db);
    const skipped = MIGRATIONS[1] as (typeof MIGRATIONS)[number];
    applyMigrations(db, MIGRATIONS.filter((migration) => migration !== skipped));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'events'").get()).toBeUndefined();
    applyMigrations(db);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'events'").get()).toEqual({ name: 'events' });
    expect((db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[]).map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('refuses a corrupt file with an error naming it, and leaves the file untouched', () => {
    const file = join(tempDir(), 'orrery.db');
    const garbage = Buffer.from('this is not a database, it is a shopping list\n'.repeat(200));
    writeFileSync(file, garbage);
    expect(() => openStore(file)).toThrowError(StoreOpenError);
    expect(() => openStore(file)).toThrowError(new RegExp(`Cannot open the Orrery database at ${file}: the file is corrupt or not an SQLite database`));
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  // Permission bits cannot be used here: the tests run as root in CI, and root writes anywhere.
  it('explains a database path that is a folder', () => {
    const file = join(tempDir(), 'orrery.db');
    mkdirSync(file);
    expect(() => openStore(file)).toThrowError(new RegExp(`Cannot open the Orrery database at ${file}: the file or its folder cannot be written`));
  });

  it('explains a data directory that is really a file', () => {
    const blocker = join(tempDir(), 'home');
    writeFileSync(blocker, 'not a folder');
    const file = join(blocker, 'orrery.db');
    expect(() => openStore(file)).toThrowError(new RegExp(`at ${file}: the file or its folder cannot be written \\((EEXIST|ENOTDIR)`));
  });

  it('refuses a database written by a newer Orrery', () => {
    const file = join(tempDir(), 'orrery.db');
    openStore(file).db.close();
    const raw = new BetterSqlite3(file);
    raw.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(999, 'future', Date.now());
    raw.close();
    expect(() => openStore(file)).toThrowError(/schema version 999 is newer than this Orrery understands/);
  });
});
