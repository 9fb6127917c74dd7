import type { Database, Statement } from 'better-sqlite3';

/** Small JSON values keyed by name; the place for what a user changes in settings. */
export class SettingsRepository {
  private readonly select: Statement<[string], { value: string }>;
  private readonly upsert: Statement<[string, string]>;

  constructor(db: Database) {
    this.select = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  get<T>(key: string, fallback: T): T {
    const row = this.select.get(key);
    return row === undefined ? fallback : (JSON.parse(row.value) as T);
  }

  set(key: string, value: unknown): void {
    this.upsert.run(key, JSON.stringify(value));
  }
}
