import type { FlowWindow } from './flow-control';
import type { Dispose } from '../util/listener-set';
import type { ScrollbackBuffer } from './scrollback-buffer';
import type { TerminalOutputBatchEvent, ViewAttachment } from './terminal-output';

export interface TerminalExit {
  /** Null when the process was killed by a signal. */
  exitCode: number | null;
  signal: string | null;
}

/** What the terminal manager needs of a terminal, be it a pty or a transcript Orrery writes. */
export interface TerminalSession {
  readonly kind: 'pty' | 'transcript';
  /** 0 for a transcript. */
  readonly pid: number;
  readonly scrollback: ScrollbackBuffer;
  readonly exit: TerminalExit | undefined;
  readonly cols: number;
  readonly rows: number;
  readonly flowPaused: boolean;
  onOutput(listener: (output: TerminalOutputBatchEvent) => void): Dispose;
  onExit(listener: (exit: TerminalExit) => void): Dispose;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  attach(window?: FlowWindow): ViewAttachment;
  detach(viewId: string): void;
  acknowledge(viewId: string, chars: number): void;
  /** Ends it (a pty: kills its process tree) and resolves with its exit. */
  kill(): Promise<TerminalExit>;
}
