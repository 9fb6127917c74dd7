import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { applyMigrations, SchemaTooNewError } from './migrations';

export class StoreOpenError extends Error {
  readonly file: string;

  constructor(file: string, reason: string) {
    super(`Cannot open the Orrery database at ${file}: ${reason}`);
    this.name = 'StoreOpenError';
    this.file = file;
  }
}

export interface OpenedStore {
  db: Database;
  file: string;
  schemaVersion: number;
}

/**
 * Opens (creating if needed) the database and brings its schema up to date.
 * Any failure becomes a StoreOpenError naming the file: an app that silently starts
 * on an empty database would look like data loss to the person using it.
 */
export function openStore(file: string): OpenedStore {
  let db: Database | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new BetterSqlite3(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Fails fast on a file that is not a database, before any migration touches it. Reading the
    // schema is enough for that; a full quick_check reads the whole file (232 ms at a million
    // events) and would make start-up grow with history. Damage deeper in the file surfaces as
    // SQLITE_CORRUPT on the pages it hits.
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    const schemaVersion = applyMigrations(db);
    return { db, file, schemaVersion };
  } catch (error) {
    db?.close();
    throw new StoreOpenError(file, explain(error));
  }
}

function explain(error: unknown): string {
  if (error instanceof SchemaTooNewError) return error.message;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return `the file is corrupt or not an SQLite database (${message}). It was left untouched; move it aside or start with another --home.`;
  }
  if (['SQLITE_READONLY', 'SQLITE_CANTOPEN', 'EACCES', 'EROFS', 'EPERM', 'ENOTDIR', 'EISDIR', 'EEXIST'].includes(code)) {
    return `the file or its folder cannot be written (${code}: ${message}). Fix the path or its permissions, or start with another --home.`;
  }
  return message;
}
