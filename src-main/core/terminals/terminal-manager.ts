import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { basename } from 'node:path';
import { FlowWindow } from './flow-control';
import { isDirectory } from '../util/is-directory';
import { ListenerSet } from '../util/listener-set';
import type { Dispose } from '../util/listener-set';
import { PtySession } from './pty-session';
import type { PtySessionOptions } from './pty-session';
import type { TerminalExit, TerminalSession } from './terminal-session';
import { TranscriptSession } from './transcript-session';
import { ScrollbackSearch } from './scrollback-search';
import type { SearchResult, SearchSource } from './scrollback-search';
import type { SearchQuery } from './search-query';
import type { TerminalAttachOutput as TerminalAttachment, TerminalChangeItem as TerminalChange, TerminalInfo, TerminalOutputItem as TerminalOutputBatch } from '../../../src-shared/terminals/terminals-contract';
import { InvalidTerminalRequestError, UnknownTerminalError } from './terminal-errors';

export interface TerminalManagerOptions extends PtySessionOptions {
  /** Started when no command is given; defaults to $SHELL, then /bin/bash. */
  shell?: string;
  /** Defaults to the home directory. */
  cwd?: string;
  /** Environment every terminal starts from; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

export interface CreateTerminalOptions {
  name?: string;
  /** Program to run instead of the shell; looked up on PATH. */
  command?: string;
  args?: string[];
  cwd?: string;
  /** Added to (and overriding) the base environment. */
  env?: Record<string, string>;
  cols?: number;
  rows?: number;
}

/** The wire types are the manager's own: one definition, in the contract. */
export type { TerminalAttachOutput as TerminalAttachment, TerminalChangeItem as TerminalChange, TerminalInfo, TerminalOutputItem as TerminalOutputBatch } from '../../../src-shared/terminals/terminals-contract';

export interface TerminalSearchQuery extends SearchQuery {
  /** Terminals to search, in this order of preference on ties; all when omitted. */
  terminalIds?: string[];
}

interface Terminal {
  id: string;
  name: string;
  runId: string | undefined;
  command: string;
  args: string[];
  cwd: string;
  createdAt: number;
  exitedAt: number | null;
  session: TerminalSession;
  closing: Promise<TerminalInfo> | undefined;
}

export interface CreateTranscriptOptions {
  name: string;
  /** The run whose transcript it is; shown on its tab. */
  runId?: string;
  /** Shown as the terminal's command, for the tab's tooltip. */
  command?: string;
  cwd?: string;
}

/** The writer's end of a transcript terminal. */
export interface TranscriptHandle {
  info: TerminalInfo;
  write(text: string): void;
  /** Completes the transcript; its tab shows it ended (a non-zero code for a failed run). */
  end(exit?: TerminalExit): void;
}

const DEFAULT_COLS = 80;
const DEFAULT_ROWS = 24;
/** A transcript is laid out by the view that shows it; this only seeds its size. */
const DEFAULT_TRANSCRIPT_COLS = 120;
/** Variables that describe the environment Orrery itself runs in, not the one its terminals need. */
const INHERITED_NOISE = ['TMUX', 'TMUX_PANE', 'STY', 'WINDOW', 'WINDOWID', 'TERMCAP', 'COLUMNS', 'LINES', 'ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE'];

/**
 * Every terminal of the app, independent of any view: a terminal lives until it is closed,
 * even after its process exits, so its output can still be replayed and searched.
 */
export class TerminalManager {
  private readonly options: TerminalManagerOptions;
  private readonly terminals = new Map<string, Terminal>();
  private readonly outputListeners = new ListenerSet<TerminalOutputBatch>();
  private readonly changeListeners = new ListenerSet<TerminalChange>();
  private readonly scrollbackSearch = new ScrollbackSearch();
  private disposed = false;

  constructor(options: TerminalManagerOptions = {}) {
    this.options = options;
  }

  create(request: CreateTerminalOptions = {}): TerminalInfo {
    if (this.disposed) throw new Error('Terminal manager is disposed');
    const command = request.command ?? this.options.shell ?? process.env.SHELL ?? '/bin/bash';
    const args = request.args ?? [];
    const cwd = request.cwd ?? this.options.cwd ?? homedir();
    const cols = request.cols ?? DEFAULT_COLS;
    const rows = request.rows ?? DEFAULT_ROWS;
    checkSize(cols, rows);
    if (!isDirectory(cwd)) throw new InvalidTerminalRequestError(`Working directory does not exist: ${cwd}`);

    let session: PtySession;
    try {
      session = new PtySession({ file: command, args, cwd, env: this.environment(request.env), cols, rows }, this.options);
    } catch (error) {
      throw new InvalidTerminalRequestError(`Cannot start ${command}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return this.register(session, { name: request.name ?? this.unusedName(basename(command)), runId: undefined, command, args, cwd });
  }

  /** A read-only terminal whose text the caller writes (a run's transcript, a Paperclip log). */
  createTranscript(request: CreateTranscriptOptions): TranscriptHandle {
    if (this.disposed) throw new Error('Terminal manager is disposed');
    const session = new TranscriptSession(DEFAULT_TRANSCRIPT_COLS, DEFAULT_ROWS, this.options);
    const info = this.register(session, {
      name: this.unusedName(request.name),
      runId: request.runId,
      command: request.command ?? request.name,
      args: [],
      cwd: request.cwd ?? this.options.cwd ?? homedir(),
    });
    return {
      info,
      write: (text) => session.append(text),
      end: (exit = { exitCode: 0, signal: null }) => session.end(exit),
    };
  }

  private register(session: TerminalSession, identity: Pick<Terminal, 'name' | 'runId' | 'command' | 'args' | 'cwd'>): TerminalInfo {
    const id = randomUUID();
    const terminal: Terminal = { id, ...identity, createdAt: Date.now(), exitedAt: null, session, closing: undefined };
    this.terminals.set(id, terminal);
    session.onOutput(({ data, offset }) => this.outputListeners.emit({ terminalId: id, data, offset }));
    session.onExit(() => {
      terminal.exitedAt = Date.now();
      if (this.terminals.has(id)) this.changeListeners.emit({ kind: 'exited', terminal: describe(terminal) });
    });
    const info = describe(terminal);
    this.changeListeners.emit({ kind: 'created', terminal: info });
    return info;
  }

  list(): TerminalInfo[] {
    return [...this.terminals.values()].map(describe);
  }

  get(id: string): TerminalInfo {
    return describe(this.terminal(id));
  }

  /** Input as typed (or pasted) into the terminal; ignored once the process has exited. */
  write(id: string, data: string): void {
    this.terminal(id).session.write(data);
  }

  resize(id: string, cols: number, rows: number): TerminalInfo {
    checkSize(cols, rows);
    const terminal = this.terminal(id);
    terminal.session.resize(cols, rows);
    return this.changed(terminal);
  }

  /** "bash", then "bash 2", "bash 3"…: search results are grouped by name, so two alike would be ambiguous. */
  private unusedName(base: string): string {
    const taken = new Set([...this.terminals.values()].map((terminal) => terminal.name));
    if (!taken.has(base)) return base;
    let n = 2;
    while (taken.has(`${base} ${n}`)) n++;
    return `${base} ${n}`;
  }

  rename(id: string, name: string): TerminalInfo {
    const terminal = this.terminal(id);
    terminal.name = name;
    return this.changed(terminal);
  }

  /**
   * Starts counting output for a view and returns what it needs to catch up: recent raw output
   * to replay, and the offset from which stream batches are new to it. A view must acknowledge
   * what it has written, or detach; a view that does neither stops holding the terminal back
   * after a few seconds (see FlowControlOptions.stallTimeoutMs). Views of one connection should
   * share one `window`, so their terminals together cannot queue too much on it.
   */
  attach(id: string, window?: FlowWindow): TerminalAttachment {
    const terminal = this.terminal(id);
    const { viewId, replay, offset } = terminal.session.attach(window);
    return { terminal: describe(terminal), viewId, replay, offset };
  }

  /** A window for all the views of one connection (see `attach`), with this manager's watermarks. */
  createFlowWindow(): FlowWindow {
    return new FlowWindow(this.options.flow ?? {});
  }

  detach(id: string, viewId: string): void {
    this.terminal(id).session.detach(viewId);
  }

  acknowledge(id: string, viewId: string, chars: number): void {
    if (!Number.isInteger(chars) || chars < 0) throw new InvalidTerminalRequestError('chars must be a non-negative integer');
    this.terminal(id).session.acknowledge(viewId, chars);
  }

  /** Kills the terminal's whole process tree and forgets the terminal. Resolves with its final state. */
  close(id: string): Promise<TerminalInfo> {
    const terminal = this.terminal(id);
    terminal.closing ??= this.closeTerminal(terminal);
    return terminal.closing;
  }

  /** Searches the scrollback of the given terminals, or of all. Rejects with InvalidSearchQueryError for a bad query. */
  async search(query: TerminalSearchQuery, signal?: AbortSignal): Promise<SearchResult> {
    const ids = query.terminalIds ?? [...this.terminals.keys()];
    const sources: SearchSource[] = ids.map((id) => {
      const terminal = this.terminal(id);
      return { terminalId: id, terminalName: terminal.name, buffer: terminal.session.scrollback };
    });
    return this.scrollbackSearch.search(sources, query, signal);
  }

  onOutput(listener: (batch: TerminalOutputBatch) => void): Dispose {
    return this.outputListeners.add(listener);
  }

  onChange(listener: (change: TerminalChange) => void): Dispose {
    return this.changeListeners.add(listener);
  }

  /** For app quit: kills every terminal's process tree and stops the search worker. */
  async disposeAll(): Promise<void> {
    this.disposed = true;
    const results = await Promise.allSettled([...this.terminals.keys()].map((id) => this.close(id)));
    this.scrollbackSearch.dispose();
    this.outputListeners.clear();
    this.changeListeners.clear();
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async closeTerminal(terminal: Terminal): Promise<TerminalInfo> {
    let exit: TerminalExit;
    try {
      exit = await terminal.session.kill();
    } finally {
      this.terminals.delete(terminal.id);
      this.scrollbackSearch.forget(terminal.session.scrollback);
    }
    terminal.exitedAt ??= Date.now();
    const info = { ...describe(terminal), exitCode: exit.exitCode, signal: exit.signal };
    this.changeListeners.emit({ kind: 'removed', terminalId: terminal.id });
    return info;
  }

  private terminal(id: string): Terminal {
    const terminal = this.terminals.get(id);
    if (!terminal) throw new UnknownTerminalError(id);
    return terminal;
  }

  private changed(terminal: Terminal): TerminalInfo {
    const info = describe(terminal);
    this.changeListeners.emit({ kind: 'updated', terminal: info });
    return info;
  }

  private environment(extra: Record<string, string> | undefined): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.options.env ?? process.env)) if (value !== undefined) env[key] = value;
    for (const key of INHERITED_NOISE) delete env[key];
    env.TERM = 'xterm-256color';
    env.COLORTERM = 'truecolor';
    return { ...env, ...extra };
  }
}

function describe(terminal: Terminal): TerminalInfo {
  const { session } = terminal;
  const exit = session.exit;
  return {
    id: terminal.id,
    name: terminal.name,
    kind: session.kind,
    ...(terminal.runId !== undefined && { runId: terminal.runId }),
    pid: session.pid,
    command: terminal.command,
    args: [...terminal.args],
    cwd: terminal.cwd,
    cols: session.cols,
    rows: session.rows,
    status: exit ? 'exited' : 'running',
    exitCode: exit?.exitCode ?? null,
    signal: exit?.signal ?? null,
    createdAt: terminal.createdAt,
    exitedAt: terminal.exitedAt,
    flowPaused: session.flowPaused,
  };
}

function checkSize(cols: number, rows: number): void {
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1) {
    throw new InvalidTerminalRequestError('cols and rows must be positive integers');
  }
}

