import type { FlowWindow } from './flow-control';
import { ListenerSet } from '../util/listener-set';
import type { Dispose } from '../util/listener-set';
import type { ScrollbackBuffer } from './scrollback-buffer';
import { TerminalOutput } from './terminal-output';
import type { TerminalOutputBatchEvent, TerminalOutputOptions, ViewAttachment } from './terminal-output';
import type { TerminalExit, TerminalSession } from './terminal-session';

/**
 * A read-only terminal whose text Orrery writes itself: a run's readable transcript, a Paperclip
 * run's log. It goes through the same output pipeline as a pty, so it is replayed, flow-accounted
 * and searched like one. Typing into it does nothing: its program is not listening on a tty.
 */
export class TranscriptSession implements TerminalSession {
  readonly kind = 'transcript';
  readonly pid = 0;
  private readonly output: TerminalOutput;
  private readonly exitListeners = new ListenerSet<TerminalExit>();
  private exitInfo: TerminalExit | undefined;
  private size: { cols: number; rows: number };

  constructor(cols: number, rows: number, options: TerminalOutputOptions = {}) {
    this.size = { cols, rows };
    // Nothing to pause: the text is written by Orrery in small, bounded pieces.
    this.output = new TerminalOutput(options, () => undefined);
  }

  get scrollback(): ScrollbackBuffer {
    return this.output.scrollback;
  }

  get exit(): TerminalExit | undefined {
    return this.exitInfo;
  }

  get cols(): number {
    return this.size.cols;
  }

  get rows(): number {
    return this.size.rows;
  }

  get flowPaused(): boolean {
    return false;
  }

  /** Appends transcript text (ANSI colours allowed, `\r\n` line ends); ignored once it ended. */
  append(text: string): void {
    if (!this.exitInfo) this.output.push(text);
  }

  /** The transcript is complete: its tab shows the exit like a finished program's. */
  end(exit: TerminalExit): void {
    if (this.exitInfo) return;
    this.output.close();
    this.exitInfo = exit;
    this.exitListeners.emit(exit);
  }

  onOutput(listener: (output: TerminalOutputBatchEvent) => void): Dispose {
    return this.output.onBatch(listener);
  }

  onExit(listener: (exit: TerminalExit) => void): Dispose {
    return this.exitListeners.add(listener);
  }

  write(): void {
    // Read-only: see the class comment.
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
  }

  attach(window?: FlowWindow): ViewAttachment {
    return this.output.attach(window);
  }

  detach(viewId: string): void {
    this.output.detach(viewId);
  }

  acknowledge(viewId: string, chars: number): void {
    this.output.acknowledge(viewId, chars);
  }

  kill(): Promise<TerminalExit> {
    this.end({ exitCode: 0, signal: null });
    return Promise.resolve(this.exitInfo ?? { exitCode: 0, signal: null });
  }
}
