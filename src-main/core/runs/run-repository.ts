import type { Database, Statement } from 'better-sqlite3';
import type { RunInfo } from '../../../src-shared/runs/runs-contract';
import type { RunRecord } from './run-record';

/**
 * Runs as the system of record keeps them: the whole record as JSON, with the columns the queue,
 * the budget and start-up reconciliation query. Writes join the caller's transaction (the ingest's
 * `alongside`), so a run's state never disagrees with the events stored for it.
 */
export class RunRepository {
  private readonly upsertStatement: Statement<[string, string, number, number | null, number, string]>;
  private readonly selectOne: Statement<[string], { body: string }>;
  private readonly selectRecent: Statement<[number], { body: string }>;
  private readonly selectUnfinished: Statement<[], { body: string }>;
  private readonly selectCostSince: Statement<[number], { cost: number | null }>;

  constructor(db: Database) {
    this.upsertStatement = db.prepare(
      `INSERT INTO runs (id, state, queued_at, started_at, cost_usd, body) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, started_at = excluded.started_at, cost_usd = excluded.cost_usd, body = excluded.body`,
    );
    this.selectOne = db.prepare('SELECT body FROM runs WHERE id = ?');
    this.selectRecent = db.prepare('SELECT body FROM runs ORDER BY queued_at DESC LIMIT ?');
    this.selectUnfinished = db.prepare("SELECT body FROM runs WHERE state != 'done' ORDER BY queued_at");
    this.selectCostSince = db.prepare('SELECT SUM(cost_usd) AS cost FROM runs WHERE COALESCE(started_at, queued_at) >= ?');
  }

  save(run: RunRecord): void {
    this.upsertStatement.run(run.id, run.state, run.queuedAt, run.startedAt ?? null, run.costUsd, JSON.stringify(run));
  }

  get(id: string): RunRecord | undefined {
    const row = this.selectOne.get(id);
    return row && (JSON.parse(row.body) as RunRecord);
  }

  /** Newest first. */
  recent(limit: number): RunRecord[] {
    return this.selectRecent.all(limit).map((row) => JSON.parse(row.body) as RunRecord);
  }

  /** Oldest first: the order they were queued in. */
  unfinished(): RunRecord[] {
    return this.selectUnfinished.all().map((row) => JSON.parse(row.body) as RunRecord);
  }

  /** What runs that started (or were queued) since `since` cost together. */
  costSince(since: number): number {
    return this.selectCostSince.get(since)?.cost ?? 0;
  }
}

export type { RunInfo };
