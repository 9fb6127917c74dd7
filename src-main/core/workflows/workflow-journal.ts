import type { Database, Statement } from 'better-sqlite3';
import type {
  WorkflowCallState,
  WorkflowError,
  WorkflowLogLine,
  WorkflowOutcome,
  WorkflowPhase,
  WorkflowRunState,
  WorkflowSourceKind,
} from '../../../src-shared/workflows/workflows-contract';

export interface WorkflowRunRecord {
  id: string;
  name: string;
  description?: string;
  scriptPath: string;
  sourceKind: WorkflowSourceKind;
  cwd: string;
  profileId: string;
  /** Absent: started without args. */
  argsJson?: string;
  budgetTokens: number | null;
  spentTokens: number;
  state: WorkflowRunState;
  outcome?: WorkflowOutcome;
  resultJson?: string;
  error?: WorkflowError;
  attempts: number;
  /** agent() calls the latest attempt made (positions below it); later rows are an earlier attempt's. */
  callCount: number;
  /** `meta.phases` of the script as last run. */
  phases: WorkflowPhase[];
  currentPhase?: string;
  startedAt: number;
  endedAt?: number;
}

/** One agent() call of a run's latest attempt: the positional cache entry a resume replays. */
export interface WorkflowCallRecord {
  position: number;
  /** sha256 of `payload`. */
  hash: string;
  /** The call as the script made it, `{ prompt, options }` in JSON: a replay serves only the very same call. */
  payload: string;
  prompt: string;
  optionsJson: string;
  label?: string;
  phase?: string;
  state: WorkflowCallState;
  /** Its result came from the journal in the latest attempt. */
  cached: boolean;
  /** What agent() resolved to (JSON), once done. */
  resultJson?: string;
  error?: string;
  tokensOut: number;
  /** The last live attempt's run. */
  runId?: string;
  attempts: number;
  worktreePath?: string;
  /** The order its result reached the script: a resume hands results over in this order. */
  deliverySeq?: number;
  startedAt?: number;
  endedAt?: number;
}

export interface CallCounts {
  total: number;
  cached: number;
  running: number;
  failed: number;
}

type CallBody = Pick<WorkflowCallRecord, 'payload' | 'prompt' | 'optionsJson' | 'label' | 'phase' | 'error' | 'runId' | 'attempts' | 'worktreePath'>;

interface CallRow {
  position: number;
  call_hash: string;
  state: WorkflowCallState;
  cached: number;
  result_json: string | null;
  tokens_out: number;
  delivery_seq: number | null;
  started_at: number | null;
  ended_at: number | null;
  body: string;
}

/**
 * The workflows' tables (migration 4). Writes are meant to run inside the event ingest's
 * transaction (`emit(events, () => journal.…)`), so a run's rows and its events commit together.
 */
export class WorkflowJournal {
  private readonly saveRunStatement: Statement;
  private readonly runStatement: Statement;
  private readonly saveCallStatement: Statement;
  private readonly callsStatement: Statement;
  private readonly deliveryStatement: Statement;
  private readonly dropCallsStatement: Statement;
  private readonly countsStatement: Statement;
  private readonly appendLogStatement: Statement;
  private readonly logsStatement: Statement;
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
    // An upsert, not INSERT OR REPLACE: a replace deletes the row first, and the cascade would take its calls and log with it.
    this.saveRunStatement = db.prepare(
      'INSERT INTO workflow_runs (id, state, started_at, body) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, started_at = excluded.started_at, body = excluded.body',
    );
    this.runStatement = db.prepare('SELECT body FROM workflow_runs WHERE id = ?');
    this.saveCallStatement = db.prepare(
      `INSERT OR REPLACE INTO workflow_calls (run_id, position, call_hash, state, cached, result_json, tokens_out, delivery_seq, started_at, ended_at, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.callsStatement = db.prepare('SELECT * FROM workflow_calls WHERE run_id = ? ORDER BY position');
    this.deliveryStatement = db.prepare('UPDATE workflow_calls SET delivery_seq = ? WHERE run_id = ? AND position = ?');
    this.dropCallsStatement = db.prepare('DELETE FROM workflow_calls WHERE run_id = ? AND position >= ?');
    this.countsStatement = db.prepare(
      `SELECT COUNT(*) AS total, COALESCE(SUM(cached), 0) AS cached,
              COALESCE(SUM(state IN ('queued', 'running')), 0) AS running,
              COALESCE(SUM(state IN ('failed', 'rejected', 'interrupted')), 0) AS failed
       FROM workflow_calls WHERE run_id = ? AND position < ?`,
    );
    this.appendLogStatement = db.prepare(
      'INSERT INTO workflow_logs (run_id, seq, ts, level, message) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM workflow_logs WHERE run_id = ?), ?, ?, ?) RETURNING seq',
    );
    this.logsStatement = db.prepare('SELECT seq, ts, level, message FROM (SELECT * FROM workflow_logs WHERE run_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq');
  }

  saveRun(run: WorkflowRunRecord): void {
    this.saveRunStatement.run(run.id, run.state, run.startedAt, JSON.stringify(run));
  }

  run(id: string): WorkflowRunRecord | undefined {
    const row = this.runStatement.get(id) as { body: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as WorkflowRunRecord);
  }

  runs(limit: number, activeOnly: boolean): WorkflowRunRecord[] {
    const sql = `SELECT body FROM workflow_runs ${activeOnly ? "WHERE state != 'done'" : ''} ORDER BY started_at DESC, id LIMIT ?`;
    return (this.db.prepare(sql).all(limit) as { body: string }[]).map((row) => JSON.parse(row.body) as WorkflowRunRecord);
  }

  saveCall(runId: string, call: WorkflowCallRecord): void {
    const body: CallBody = {
      payload: call.payload,
      prompt: call.prompt,
      optionsJson: call.optionsJson,
      attempts: call.attempts,
      ...(call.label !== undefined && { label: call.label }),
      ...(call.phase !== undefined && { phase: call.phase }),
      ...(call.error !== undefined && { error: call.error }),
      ...(call.runId !== undefined && { runId: call.runId }),
      ...(call.worktreePath !== undefined && { worktreePath: call.worktreePath }),
    };
    this.saveCallStatement.run(
      runId,
      call.position,
      call.hash,
      call.state,
      call.cached ? 1 : 0,
      call.resultJson ?? null,
      call.tokensOut,
      call.deliverySeq ?? null,
      call.startedAt ?? null,
      call.endedAt ?? null,
      JSON.stringify(body),
    );
  }

  /** Every call held, the latest attempt's and any later positions an earlier attempt made. */
  calls(runId: string): WorkflowCallRecord[] {
    return (this.callsStatement.all(runId) as CallRow[]).map((row) => {
      const body = JSON.parse(row.body) as CallBody;
      return {
        ...body,
        position: row.position,
        hash: row.call_hash,
        state: row.state,
        cached: row.cached === 1,
        tokensOut: row.tokens_out,
        ...(row.result_json !== null && { resultJson: row.result_json }),
        ...(row.delivery_seq !== null && { deliverySeq: row.delivery_seq }),
        ...(row.started_at !== null && { startedAt: row.started_at }),
        ...(row.ended_at !== null && { endedAt: row.ended_at }),
      };
    });
  }

  setDeliverySeq(runId: string, position: number, seq: number): void {
    this.deliveryStatement.run(seq, runId, position);
  }

  /** Forgets the calls from `position` on: the cache broke there, and they will be made again. */
  dropCallsFrom(runId: string, position: number): void {
    this.dropCallsStatement.run(runId, position);
  }

  /** Over the latest attempt's calls. */
  callCounts(run: Pick<WorkflowRunRecord, 'id' | 'callCount'>): CallCounts {
    return this.countsStatement.get(run.id, run.callCount) as CallCounts;
  }

  appendLog(runId: string, line: Omit<WorkflowLogLine, 'seq'>): number {
    const row = this.appendLogStatement.get(runId, runId, line.ts, line.level, line.message) as { seq: number };
    return row.seq;
  }

  logs(runId: string, limit: number): WorkflowLogLine[] {
    return this.logsStatement.all(runId, limit) as WorkflowLogLine[];
  }
}
