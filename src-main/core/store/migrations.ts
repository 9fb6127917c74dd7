import type { Database } from 'better-sqlite3';
import { EVENTS_TABLE_SQL } from '../events/event-repository';
import { JOURNAL_OFFSETS_TABLE_SQL } from '../events/sqlite-offset-store';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Append-only: a released migration is never edited, only followed by a new one,
 * because users' databases already carry the old version number.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    sql: `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  },
  { version: 2, name: 'events and journal offsets', sql: `${EVENTS_TABLE_SQL};\n${JOURNAL_OFFSETS_TABLE_SQL}` },
];

export const SCHEMA_VERSION_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

export class SchemaTooNewError extends Error {}

/** Applies every migration above the database's version, each in its own transaction. */
export function applyMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(SCHEMA_VERSION_TABLE_SQL);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  const current = row.version ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new SchemaTooNewError(
      `its schema version ${current} is newer than this Orrery understands (${latest}); upgrade Orrery or use another --home`,
    );
  }
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
  return latest;
}
