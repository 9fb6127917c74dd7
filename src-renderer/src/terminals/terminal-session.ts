import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import type { IDisposable } from '@xterm/xterm';
import type { TerminalInfo, TerminalOutputItem } from '../../../src-shared/terminals/terminals-contract';
import type { ApiClient } from '../api/api-client';
import { AckBatcher } from './ack-batcher';
import { isMacPlatform, terminalShortcut } from './key-shortcuts';
import type { TerminalShortcut } from './key-shortcuts';
import { locateLine, logicalLines } from './line-locator';
import type { LineTarget } from './line-locator';
import { OutputSequencer } from './output-sequencer';
import type { OutputChunk } from './output-sequencer';
import { WebglRenderer } from './webgl-renderer';

export interface TerminalSessionOptions {
  api: ApiClient;
  /** An app shortcut pressed while this pane's xterm had focus. */
  onShortcut: (shortcut: TerminalShortcut, terminalId: string) => void;
  /** A transcript nobody had looked at is shown (or searched into): attach it now. */
  onWanted: (terminalId: string) => void;
}

/** Keeps a paste well under the contract's 1 MiB per write. */
const MAX_INPUT_CHUNK = 64 * 1024;
/** Resizing the pty makes full-screen programs redraw: once per drag pause is enough. */
const RESIZE_DEBOUNCE_MS = 80;
/** Rows the pane keeps; the host's scrollback (searchable) reaches much further back. */
const PANE_SCROLLBACK_ROWS = 10_000;

const THEME = {
  background: '#0b0e14',
  foreground: '#d7dce5',
  cursor: '#7aa2f7',
  selectionBackground: '#7aa2f766',
  selectionInactiveBackground: '#d2992266',
};

const MAC = isMacPlatform(navigator.platform);

/**
 * One terminal's view in this page: an xterm fed from the host and typing back into it. It
 * outlives the React components that show it (switching tabs or layouts only moves its element),
 * and it re-attaches after a reconnect, continuing where the xterm left off.
 */
export class TerminalSession {
  readonly id: string;
  readonly terminal: Terminal;
  readonly find = new SearchAddon();
  private readonly api: ApiClient;
  private readonly fitAddon = new FitAddon();
  private readonly webgl: WebglRenderer;
  /** The xterm's own parent, moved between pane containers as the layout changes. */
  private readonly host: HTMLDivElement;
  private readonly sequencer = new OutputSequencer();
  private readonly acks: AckBatcher;
  private readonly subscriptions: IDisposable[] = [];
  private viewId: string | undefined;
  /** Bumped on every attach: acks for output written under an older view must not count for the new one. */
  private generation = 0;
  private opened = false;
  /** Shown at least once: only then is the xterm opened (see setVisible). */
  private shown = false;
  /**
   * Whether this page wants the output at all. A shell does from the start; a run's transcript
   * only once it is shown or a search hit in it is revealed: with fifty runs going, forty-nine
   * transcripts nobody looks at would otherwise be streamed, parsed and acknowledged here.
   */
  private wanted: boolean;
  private readonly onWanted: (terminalId: string) => void;
  /** The attach under way, for what must wait until the replay is in the xterm. */
  private attaching: Promise<void> | undefined;
  private disposed = false;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Chars the xterm has finished parsing, replay included; for the debug hook. */
  parsedChars = 0;

  constructor(info: TerminalInfo, options: TerminalSessionOptions) {
    this.id = info.id;
    this.api = options.api;
    this.wanted = info.kind !== 'transcript';
    this.onWanted = options.onWanted;
    // Start at the pty's size, so a replay written before the pane is first shown wraps as it did.
    this.terminal = new Terminal({
      cols: info.cols,
      rows: info.rows,
      scrollback: PANE_SCROLLBACK_ROWS,
      fontFamily: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 13,
      theme: THEME,
      // The search addon's match decorations use the decoration api.
      allowProposedApi: true,
    });
    this.terminal.loadAddon(this.fitAddon);
    this.terminal.loadAddon(this.find);
    this.webgl = new WebglRenderer(this.terminal);
    this.acks = new AckBatcher((chars) => this.sendAck(chars));
    this.host = document.createElement('div');
    this.host.className = 'terminal-session-host';
    this.terminal.attachCustomKeyEventHandler((event) => {
      const shortcut = terminalShortcut(event, MAC);
      if (!shortcut) return true;
      // The global search is opened by the window's listener, which this event still reaches.
      if (shortcut === 'pane-find' && event.type === 'keydown') {
        event.preventDefault();
        options.onShortcut(shortcut, this.id);
      }
      return false;
    });
    this.subscriptions.push(
      this.terminal.onData((data) => this.sendInput(data)),
      this.terminal.onResize(() => this.scheduleResize()),
    );
  }

  get renderer(): 'webgl' | 'dom' {
    return this.webgl.active ? 'webgl' : 'dom';
  }

  get wantsOutput(): boolean {
    return this.wanted;
  }

  /**
   * Registers this page as a view of the terminal and catches up: the replay, then the stream
   * from the offset the host names. Called again after every reconnect. Rejects as the api does
   * (e.g. `not_found` when the terminal went away meanwhile).
   */
  attach(): Promise<void> {
    const attaching = this.catchUp();
    this.attaching = attaching;
    return attaching;
  }

  private async catchUp(): Promise<void> {
    const generation = ++this.generation;
    this.viewId = undefined;
    this.acks.reset();
    this.sequencer.beginAttach();
    const attachment = await this.api.call('terminals.attach', { id: this.id });
    if (generation !== this.generation || this.disposed) {
      // Overtaken by a newer attach or a close: this view must not hold back the pty.
      this.api.call('terminals.detach', { id: this.id, viewId: attachment.viewId }).catch(ignore);
      return;
    }
    this.viewId = attachment.viewId;
    const plan = this.sequencer.attached(attachment.replay, attachment.offset);
    if (plan.reset) this.terminal.reset();
    for (const chunk of plan.chunks) this.write(chunk);
    if (plan.gap) await this.reattach();
  }

  /** The link dropped: the host has forgotten this view; hold output until the next attach. */
  connectionLost(): void {
    this.generation++;
    this.viewId = undefined;
    this.acks.reset();
    this.sequencer.beginAttach();
  }

  /** A batch from the `terminals.output` stream for this terminal. */
  receive(item: TerminalOutputItem): void {
    const result = this.sequencer.receive(item);
    if (result.kind === 'write') this.write(result.chunk);
    else if (result.kind === 'gap') void this.reattach().catch((error: unknown) => console.warn(`[orrery] terminal ${this.id}: re-attach failed`, error));
  }

  /** Puts the xterm into a pane's container; it stays there until another pane takes it. */
  placeIn(container: HTMLElement): void {
    if (this.host.parentElement !== container) container.appendChild(this.host);
  }

  /**
   * Shown panes render with WebGL where it helps; hidden ones keep parsing output and give their
   * WebGL context back. A pane once shown stays laid out when hidden (offscreen, see terminals.css),
   * so it stays fitted and xterm pauses its rendering by itself.
   */
  setVisible(visible: boolean): void {
    // A pane never shown is not opened: its xterm parses output into its buffer but has no rows,
    // observers or layers for the page to lay out and composite (fifty runs' transcript tabs).
    this.shown ||= visible;
    if (visible) this.want();
    if (this.disposed || !this.shown || !this.open()) return;
    this.fit();
    if (visible) this.webgl.enable();
    else this.webgl.disable();
  }

  /** Fits the xterm to its pane; the pty follows through onResize. */
  fit(): void {
    if (this.shown && this.open()) this.fitAddon.fit();
  }

  focus(): void {
    if (this.opened) this.terminal.focus();
  }

  /**
   * Scrolls the pane to a search hit's line and selects it. False when the pane no longer holds
   * the line (it only keeps the most recent rows; the host's scrollback reaches further).
   */
  async reveal(target: LineTarget): Promise<boolean> {
    this.want();
    await this.settled();
    if (this.disposed) return false;
    const buffer = this.terminal.buffer.active;
    // A full-screen program owns the screen; the shell's lines are out of sight until it exits.
    if (buffer.type === 'alternate') return false;
    const line = locateLine(logicalLines(buffer), target);
    if (!line) return false;
    const height = line.lastRow - line.firstRow + 1;
    this.terminal.scrollToLine(Math.max(0, line.firstRow - Math.floor((this.terminal.rows - height) / 2)));
    this.terminal.selectLines(line.firstRow, line.lastRow);
    return true;
  }

  /** Resolves once the attach under way is done and everything handed to the xterm is parsed into its buffer. */
  async settled(): Promise<void> {
    await this.attaching?.catch(ignore);
    if (this.disposed) return;
    await new Promise<void>((resolve) => this.terminal.write('', resolve));
  }

  /** Forgets the view. Pass `detach` while the terminal still exists, so the host stops counting it. */
  dispose(detach: boolean): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    clearTimeout(this.resizeTimer);
    this.acks.reset();
    if (detach && this.viewId !== undefined) this.api.call('terminals.detach', { id: this.id, viewId: this.viewId }).catch(ignore);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.webgl.disable();
    this.terminal.dispose();
    this.host.remove();
  }

  private want(): void {
    if (this.wanted || this.disposed) return;
    this.wanted = true;
    this.onWanted(this.id);
  }

  /** xterm measures its cells when opened, so it waits until its element is laid out with a size. */
  private open(): boolean {
    if (!this.opened && !this.disposed && this.host.isConnected && this.host.clientWidth > 0) {
      this.terminal.open(this.host);
      this.opened = true;
    }
    return this.opened;
  }

  private async reattach(): Promise<void> {
    const stale = this.viewId;
    if (stale !== undefined) this.api.call('terminals.detach', { id: this.id, viewId: stale }).catch(ignore);
    await this.attach();
  }

  private write(chunk: OutputChunk): void {
    const generation = this.generation;
    this.terminal.write(chunk.data, () => {
      this.parsedChars += chunk.data.length;
      if (generation === this.generation) this.acks.written(chunk.ackChars);
    });
  }

  private sendAck(chars: number): void {
    const viewId = this.viewId;
    if (viewId === undefined) return;
    // A lost ack is harmless: the host stops waiting for a silent view after a few seconds.
    this.api.call('terminals.ack', { id: this.id, viewId, chars }).catch(ignore);
  }

  private sendInput(data: string): void {
    for (let at = 0; at < data.length; at += MAX_INPUT_CHUNK) {
      this.api.call('terminals.write', { id: this.id, data: data.slice(at, at + MAX_INPUT_CHUNK) }).catch((error: unknown) => {
        console.warn(`[orrery] terminal ${this.id}: input lost`, error);
      });
    }
  }

  private scheduleResize(): void {
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      const { cols, rows } = this.terminal;
      this.api.call('terminals.resize', { id: this.id, cols, rows }).catch(ignore);
    }, RESIZE_DEBOUNCE_MS);
  }
}

function ignore(): void {}
