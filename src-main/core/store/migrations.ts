import type { Database } from 'better-sqlite3';

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
  {
    version: 2,
    name: 'events and journal offsets',
    sql: `
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  type TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  parent_id TEXT,
  session_id TEXT,
  source TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX events_agent_id ON events (agent_id, id);
CREATE INDEX events_ts ON events (ts);
CREATE TABLE journal_offsets (
  path TEXT PRIMARY KEY,
  dev INTEGER NOT NULL,
  ino INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
)`,
  },
  {
    version: 3,
    name: 'runs and profiles',
    sql: `
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  queued_at INTEGER NOT NULL,
  started_at INTEGER,
  cost_usd REAL NOT NULL DEFAULT 0,
  body TEXT NOT NULL
);
CREATE INDEX runs_queued_at ON runs (queued_at);
CREATE INDEX runs_state ON runs (state);
CREATE TABLE profiles (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  updated_at INTEGER NOT NULL
)`,
  },
  {
    version: 4,
    name: 'workflows',
    // A workflow run, its agent() calls by position (the positional cache a resume replays, in
    // the order their results reached the script), and its log() lines.
    sql: `
CREATE TABLE workflow_runs (
  id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX workflow_runs_started_at ON workflow_runs (started_at);
CREATE INDEX workflow_runs_state ON workflow_runs (state);
CREATE TABLE workflow_calls (
  run_id TEXT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  call_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  cached INTEGER NOT NULL DEFAULT 0,
  result_json TEXT,
  tokens_out INTEGER NOT NULL DEFAULT 0,
  delivery_seq INTEGER,
  started_at INTEGER,
  ended_at INTEGER,
  body TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
);
CREATE TABLE workflow_logs (
  run_id TEXT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
)`,
  },
  {
    version: 5,
    name: 'paperclip',
    // Instances to watch (the board API key stays here and is never returned to clients), what
    // each graph node last showed (so a reconnect or a restart emits only what changed), and how far
    // each live run's log has been turned into events.
    sql: `
CREATE TABLE paperclip_instances (
  url TEXT PRIMARY KEY,
  api_key TEXT,
  companies TEXT,
  added_at INTEGER NOT NULL
);
CREATE TABLE paperclip_nodes (
  node_id TEXT PRIMARY KEY,
  instance TEXT NOT NULL,
  view TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX paperclip_nodes_instance ON paperclip_nodes (instance);
CREATE TABLE paperclip_log_cursors (
  instance TEXT NOT NULL,
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (instance, run_id)
)`,
  },
  {
    version: 6,
    name: 'history checkpoints',
    // The live state folded from every event up to (ts, event_id) in (ts, id) order, so a seek or a
    // start replays only the events after the nearest one. `base`: the events before it were pruned,
    // so it is where the kept history starts and is never invalidated.
    sql: `
CREATE TABLE history_checkpoints (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  events INTEGER NOT NULL,
  base INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX history_checkpoints_position ON history_checkpoints (ts, event_id)`,
  },
];

export const SCHEMA_VERSION_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_version (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

export class SchemaTooNewError extends Error {}

/**
 * Applies every migration the database has not had, in order, each in its own transaction. By
 * the set applied rather than the highest number: a database made by a build that had a later
 * migration but not an earlier one (features land in any order) still gets the earlier one.
 */
export function applyMigrations(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(SCHEMA_VERSION_TABLE_SQL);
  const applied = new Set((db.prepare('SELECT version FROM schema_version').all() as { version: number }[]).map((row) => row.version));
  const current = Math.max(0, ...applied);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new SchemaTooNewError(
      `its schema version ${current} is newer than this Orrery understands (${latest}); upgrade Orrery or use another --home`,
    );
  }
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
  return latest;
}
