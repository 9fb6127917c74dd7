// Orrery's half of a Paperclip test, in-process but real: an SQLite store in a temp folder, the one
// ingest path, the live state, a TerminalManager for the log tabs, and the Paperclip feature bound
// to an api server with its contract (so inputs are validated as a client's would be).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveState } from '../../../src-shared/events/live-state';
import type { FinishedAgent, LiveAgent } from '../../../src-shared/events/live-state';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import { paperclipMethods, paperclipStreams } from '../../../src-shared/paperclip/paperclip-contract';
import { createApiServer } from '../../../src-main/core/api/api-server';
import type { ApiServer } from '../../../src-main/core/api/api-server';
import { createEventIngest } from '../../../src-main/core/events/event-ingest';
import type { EventIngest } from '../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../src-main/core/events/sqlite-offset-store';
import { createPaperclipFeature } from '../../../src-main/core/paperclip/paperclip-feature';
import type { PaperclipFeature, PaperclipFeatureOptions } from '../../../src-main/core/paperclip/paperclip-feature';
import { openStore } from '../../../src-main/core/store/database';
import type { OpenedStore } from '../../../src-main/core/store/database';
import { TerminalManager } from '../../../src-main/core/terminals/terminal-manager';

export interface OrrerySide {
  home: string;
  store: OpenedStore;
  liveState: LiveState;
  ingest: EventIngest;
  terminals: TerminalManager;
  feature: PaperclipFeature;
  api: ApiServer;
  logs: string[];
  /** Calls the api as a client would; throws the ApiError shape on failure. */
  call<T = unknown>(method: string, input: unknown): Promise<T>;
  agent(id: string): LiveAgent | FinishedAgent | undefined;
  /** Every stored event about an agent, oldest first. */
  events(agentId: string): OrreryEvent[];
  /** What a terminal shows, as replayed to a view that attaches now. */
  terminalText(terminalId: string): string;
  /** Stops the feature (as Orrery quitting would) and starts a new one on the same database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export type SideOptions = Partial<Omit<PaperclipFeatureOptions, 'db' | 'ingest' | 'terminals'>>;

export function startOrrerySide(options: SideOptions = {}): OrrerySide {
  const home = mkdtempSync(join(tmpdir(), 'orrery-paperclip-side-'));
  const store = openStore(join(home, 'orrery.db'));
  const repository = new EventRepository(store.db);
  const liveState = new LiveState({ lingerMs: 60_000 });
  const ingest = createEventIngest({ db: store.db, repository, offsets: new SqliteOffsetStore(store.db), liveState });
  const terminals = new TerminalManager();
  const logs: string[] = [];
  const contract = { methods: paperclipMethods, streams: paperclipStreams };
  const make = (): { feature: PaperclipFeature; api: ApiServer } => {
    const feature = createPaperclipFeature({
      db: store.db,
      ingest,
      terminals,
      timing: { firstRetryMs: 200, maxRetryMs: 1_000 },
      log: (message) => logs.push(message),
      ...options,
    });
    return { feature, api: createApiServer(contract, feature.handlers.methods, feature.handlers.streams) };
  };
  let current = make();
  const side: OrrerySide = {
    home,
    store,
    liveState,
    ingest,
    terminals,
    get feature() {
      return current.feature;
    },
    get api() {
      return current.api;
    },
    logs,
    async call<T>(method: string, input: unknown): Promise<T> {
      const outcome = await current.api.call(method, input);
      if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), outcome.error);
      return outcome.value as T;
    },
    agent: (id) => liveState.agent(id),
    events: (agentId) =>
      (store.db.prepare('SELECT body FROM events WHERE agent_id = ? ORDER BY id').all(agentId) as { body: string }[]).map((row) => JSON.parse(row.body) as OrreryEvent),
    terminalText(terminalId) {
      const attachment = terminals.attach(terminalId);
      terminals.detach(terminalId, attachment.viewId);
      return attachment.replay;
    },
    async restart() {
      await current.feature.dispose();
      current = make();
    },
    async close() {
      await current.feature.dispose();
      await terminals.disposeAll();
      store.db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
  return side;
}

/** Polls until `check` returns a value (not undefined/false), or fails with what it last saw. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
