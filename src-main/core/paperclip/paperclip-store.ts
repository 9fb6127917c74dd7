import type { Database, Statement } from 'better-sqlite3';
import type { NodeView } from './node-view';

export interface StoredInstance {
  url: string;
  apiKey: string | undefined;
  /** Undefined: every company. */
  companies: string[] | undefined;
}

export interface ViewChanges {
  upsert: [nodeId: string, view: NodeView][];
  remove: string[];
}

/**
 * The Paperclip tables (migration 5). Views and log cursors are written only inside the ingest's
 * transaction (through `alongside`), so what the store says was shown is exactly what the events
 * table holds: a restart diffs against it and emits nothing twice.
 */
export class PaperclipStore {
  private readonly selectInstances: Statement<[], { url: string; api_key: string | null; companies: string | null }>;
  private readonly upsertInstance: Statement<[string, string | null, string | null, number]>;
  private readonly deleteInstance: Statement<[string]>;
  private readonly selectViews: Statement<[], { node_id: string; instance: string; view: string }>;
  private readonly upsertView: Statement<[string, string, string, number]>;
  private readonly deleteView: Statement<[string]>;
  private readonly selectCursor: Statement<[string, string], { seq: number }>;
  private readonly upsertCursor: Statement<[string, string, number]>;
  private readonly deleteCursor: Statement<[string, string]>;
  private readonly deleteCursors: Statement<[string]>;

  constructor(db: Database) {
    this.selectInstances = db.prepare('SELECT url, api_key, companies FROM paperclip_instances ORDER BY added_at');
    this.upsertInstance = db.prepare(
      `INSERT INTO paperclip_instances (url, api_key, companies, added_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET api_key = excluded.api_key, companies = excluded.companies`,
    );
    this.deleteInstance = db.prepare('DELETE FROM paperclip_instances WHERE url = ?');
    this.selectViews = db.prepare('SELECT node_id, instance, view FROM paperclip_nodes');
    this.upsertView = db.prepare(
      `INSERT INTO paperclip_nodes (node_id, instance, view, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (node_id) DO UPDATE SET instance = excluded.instance, view = excluded.view, updated_at = excluded.updated_at`,
    );
    this.deleteView = db.prepare('DELETE FROM paperclip_nodes WHERE node_id = ?');
    this.selectCursor = db.prepare('SELECT seq FROM paperclip_log_cursors WHERE instance = ? AND run_id = ?');
    this.upsertCursor = db.prepare(
      'INSERT INTO paperclip_log_cursors (instance, run_id, seq) VALUES (?, ?, ?) ON CONFLICT (instance, run_id) DO UPDATE SET seq = excluded.seq',
    );
    this.deleteCursor = db.prepare('DELETE FROM paperclip_log_cursors WHERE instance = ? AND run_id = ?');
    this.deleteCursors = db.prepare('DELETE FROM paperclip_log_cursors WHERE instance = ?');
  }

  instances(): StoredInstance[] {
    return this.selectInstances.all().map((row) => ({
      url: row.url,
      apiKey: row.api_key ?? undefined,
      companies: row.companies === null ? undefined : (JSON.parse(row.companies) as string[]),
    }));
  }

  saveInstance(instance: StoredInstance, now: number): void {
    this.upsertInstance.run(instance.url, instance.apiKey ?? null, instance.companies === undefined ? null : JSON.stringify(instance.companies), now);
  }

  removeInstance(url: string): void {
    this.deleteInstance.run(url);
    this.deleteCursors.run(url);
  }

  /** Every node shown at the last commit, by instance. */
  views(): Map<string, Map<string, NodeView>> {
    const byInstance = new Map<string, Map<string, NodeView>>();
    for (const row of this.selectViews.all()) {
      let views = byInstance.get(row.instance);
      if (views === undefined) byInstance.set(row.instance, (views = new Map()));
      views.set(row.node_id, JSON.parse(row.view) as NodeView);
    }
    return byInstance;
  }

  /** Call inside the transaction that ingests the events these views produced. */
  saveViews(instance: string, changes: ViewChanges, now: number): void {
    for (const [nodeId, view] of changes.upsert) this.upsertView.run(nodeId, instance, JSON.stringify(view), now);
    for (const nodeId of changes.remove) this.deleteView.run(nodeId);
  }

  /** The last log chunk whose events were ingested, for a run whose log becomes events. */
  logCursor(instance: string, runId: string): number {
    return this.selectCursor.get(instance, runId)?.seq ?? 0;
  }

  saveLogCursor(instance: string, runId: string, seq: number): void {
    this.upsertCursor.run(instance, runId, seq);
  }

  forgetLogCursor(instance: string, runId: string): void {
    this.deleteCursor.run(instance, runId);
  }
}
