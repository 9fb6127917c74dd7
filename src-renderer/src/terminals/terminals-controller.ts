import { useEffect } from 'react';
import { ApiError } from '../../../src-shared/api/api-error';
import type { TerminalChangeItem, TerminalInfo } from '../../../src-shared/terminals/terminals-contract';
import type { ApiClient } from '../../../src-shared/api/api-client';
import { useApi } from '../api/api-context';
import { TerminalSession } from './terminal-session';
import { activateTerminal, loadTerminals, openFind, removeTerminal, reportTerminalError, upsertTerminal, useTerminalStore } from './terminal-store';
import { refCounted } from '../state/ref-counted';

/**
 * The page's link to the host's terminals: one `terminals.changes` and one `terminals.output`
 * subscription for all of them, a TerminalSession per terminal, and the store the views read.
 * After every (re)connect it lists the terminals and attaches to each this page wants (shells,
 * and transcripts once shown), so terminals outlive the page: a reload or a dropped socket only
 * costs a replay.
 */
export class TerminalsController {
  private readonly sessions = new Map<string, TerminalSession>();
  /** Terminals attached on the current connection; cleared when it drops. */
  private readonly attached = new Set<string>();
  private api: ApiClient | undefined;
  private syncGeneration = 0;

  /** Reference-counted (see refCounted) like the fleet feed: the subscriptions run while any terminal view is mounted. */
  readonly acquire: (api: ApiClient) => () => void = refCounted((api) => this.start(api));

  session(id: string): TerminalSession | undefined {
    return this.sessions.get(id);
  }

  /** Opens a shell sized like the active pane, so it need not redraw right after starting. */
  async create(): Promise<void> {
    const active = this.sessions.get(useTerminalStore.getState().activeId ?? '');
    const size = active ? { cols: active.terminal.cols, rows: active.terminal.rows } : {};
    try {
      const info = await this.connectedApi().call('terminals.create', size);
      this.track(info);
      activateTerminal(info.id, { focus: true });
    } catch (error) {
      reportTerminalError(error);
    }
  }

  async close(id: string): Promise<void> {
    try {
      await this.connectedApi().call('terminals.close', { id });
      this.forget(id);
    } catch (error) {
      if (isNotFound(error)) this.forget(id);
      else reportTerminalError(error);
    }
  }

  async rename(id: string, name: string): Promise<void> {
    try {
      upsertTerminal(await this.connectedApi().call('terminals.rename', { id, name }));
    } catch (error) {
      reportTerminalError(error);
    }
  }

  private start(api: ApiClient): () => void {
    this.api = api;
    // Subscribed before any attach: the client sends subscriptions first on every (re)connect,
    // so no batch after an attach's offset can slip past the sessions.
    const stopChanges = api.subscribe('terminals.changes', {}, (change) => this.applyChange(change), (error) => logEnd('terminals.changes', error));
    // Only terminals this page attached: a transcript stays on the host until it is looked at.
    const stopOutput = api.subscribe('terminals.output', { attachedOnly: true }, (item) => this.sessions.get(item.terminalId)?.receive(item), (error) => logEnd('terminals.output', error));
    const stopStatus = api.onStatus((status) => {
      if (status === 'connected') void this.sync(api);
      else this.connectionLost();
    });
    return () => {
      stopStatus();
      stopOutput();
      stopChanges();
      this.syncGeneration++;
      for (const session of this.sessions.values()) session.dispose(true);
      this.sessions.clear();
      this.attached.clear();
      this.api = undefined;
    };
  }

  private async sync(api: ApiClient): Promise<void> {
    const generation = ++this.syncGeneration;
    let terminals: TerminalInfo[];
    try {
      terminals = await api.call('terminals.list', {});
    } catch (error) {
      if (generation === this.syncGeneration) reportTerminalError(error);
      return;
    }
    if (generation !== this.syncGeneration) return;
    const listed = new Set(terminals.map((t) => t.id));
    for (const id of [...this.sessions.keys()]) if (!listed.has(id)) this.forget(id);
    // Sessions first, then the store: a view rendered from the store always finds its session.
    for (const info of terminals) this.ensureSession(info);
    loadTerminals(terminals);
    for (const info of terminals) this.attach(info.id);
  }

  private connectionLost(): void {
    this.syncGeneration++;
    this.attached.clear();
    for (const session of this.sessions.values()) session.connectionLost();
  }

  private applyChange(change: TerminalChangeItem): void {
    if (change.kind === 'removed') {
      this.forget(change.terminalId);
      return;
    }
    if (change.kind === 'created') {
      this.track(change.terminal);
      return;
    }
    // Updates of a terminal this page has not listed yet are covered by the list that is coming.
    if (this.sessions.has(change.terminal.id)) upsertTerminal(change.terminal);
  }

  /** A terminal that appeared (from this page or elsewhere): show it and attach. */
  private track(info: TerminalInfo): void {
    this.ensureSession(info);
    upsertTerminal(info);
    this.attach(info.id);
  }

  private ensureSession(info: TerminalInfo): void {
    if (this.sessions.has(info.id) || !this.api) return;
    this.sessions.set(info.id, new TerminalSession(info, { api: this.api, onShortcut: (_shortcut, id) => openFind(id), onWanted: (id) => this.attach(id) }));
  }

  private attach(id: string): void {
    const session = this.sessions.get(id);
    if (!session?.wantsOutput || this.attached.has(id)) return;
    this.attached.add(id);
    session.attach().catch((error: unknown) => {
      if (isNotFound(error)) this.forget(id);
      else if (!(error instanceof ApiError && error.code === 'disconnected')) reportTerminalError(error);
    });
  }

  private forget(id: string): void {
    this.sessions.get(id)?.dispose(false);
    this.sessions.delete(id);
    this.attached.delete(id);
    removeTerminal(id);
  }

  private connectedApi(): ApiClient {
    if (!this.api) throw new Error('The terminals controller is not running');
    return this.api;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'not_found';
}

function logEnd(stream: string, error: ApiError | undefined): void {
  if (error) console.error(`[orrery] ${stream} ended`, error);
}

export const terminalsController = new TerminalsController();

/** Keeps the terminal subscriptions running while the calling component is mounted. */
export function useTerminalsController(): TerminalsController {
  const api = useApi();
  useEffect(() => terminalsController.acquire(api), [api]);
  return terminalsController;
}
