import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { spawn } from 'node-pty';
import type { IPty } from 'node-pty';
import type { FlowWindow } from './flow-control';
import { ListenerSet } from '../util/listener-set';
import type { Dispose } from '../util/listener-set';
import { hangUpLadder, terminateProcessTree } from '../process/process-tree';
import { drainOnEndOfFile } from './pty-eof-drain';
import type { ScrollbackBuffer } from './scrollback-buffer';
import { TerminalOutput } from './terminal-output';
import type { TerminalOutputBatchEvent, TerminalOutputOptions, ViewAttachment } from './terminal-output';
import type { TerminalSession, TerminalExit } from './terminal-session';

export interface PtySpawnOptions {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

export interface PtySessionOptions extends TerminalOutputOptions {
  /** Between the polite signals and SIGKILL when closing. */
  killGraceMs?: number;
}

export type PtyExit = TerminalExit;
export type PtyOutput = TerminalOutputBatchEvent;
export type PtyAttachment = ViewAttachment;

const DEFAULT_KILL_GRACE_MS = 1_500;
/**
 * While paused nobody reads the PTY, so node-pty would not see the leader exit and would drop
 * what is still buffered 200 ms after the exit. Checking this often lets us drain it first.
 */
const PAUSED_LIVENESS_POLL_MS = 50;
/** If the exit report never arrives after the whole tree is dead, stop waiting for it. */
const EXIT_REPORT_TIMEOUT_MS = 2_000;

/** One process in a pseudo-terminal, its output piped through a TerminalOutput. */
export class PtySession implements TerminalSession {
  readonly kind = 'pty';
  readonly pid: number;
  private readonly pty: IPty;
  private readonly output: TerminalOutput;
  /** One decoder for the stream and the end-of-file drain, so a character split between them survives. */
  private readonly decoder = new StringDecoder('utf8');
  private readonly killGraceMs: number;
  private readonly exitListeners = new ListenerSet<PtyExit>();
  private readonly exited: Promise<PtyExit>;
  private exitInfo: PtyExit | undefined;
  private livenessTimer: NodeJS.Timeout | undefined;
  private resolveExit!: (exit: PtyExit) => void;

  constructor(spawnOptions: PtySpawnOptions, options: PtySessionOptions = {}) {
    this.output = new TerminalOutput(options, (paused) => this.setPaused(paused));
    this.killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
    // Raw bytes: node-pty's own decoding is sound, but the end-of-file drain must continue it.
    this.pty = spawn(spawnOptions.file, [...spawnOptions.args], {
      name: spawnOptions.env.TERM ?? 'xterm-256color',
      cols: spawnOptions.cols,
      rows: spawnOptions.rows,
      cwd: spawnOptions.cwd,
      env: spawnOptions.env,
      encoding: null,
    });
    this.pid = this.pty.pid;
    const onBytes = (bytes: Buffer): void => {
      this.output.push(this.decoder.write(bytes));
    };
    // With `encoding: null` node-pty emits Buffers, though its typings say string.
    this.pty.onData(onBytes as unknown as (data: string) => void);
    drainOnEndOfFile(this.pty, onBytes);
    this.pty.onExit(({ exitCode, signal }) => this.finish(signal ? { exitCode: null, signal: signalName(signal) } : { exitCode, signal: null }));
  }

  get exit(): PtyExit | undefined {
    return this.exitInfo;
  }

  get cols(): number {
    return this.pty.cols;
  }

  get rows(): number {
    return this.pty.rows;
  }

  get flowPaused(): boolean {
    return this.output.paused;
  }

  get scrollback(): ScrollbackBuffer {
    return this.output.scrollback;
  }

  onOutput(listener: (output: PtyOutput) => void): Dispose {
    return this.output.onBatch(listener);
  }

  onExit(listener: (exit: PtyExit) => void): Dispose {
    return this.exitListeners.add(listener);
  }

  write(data: string): void {
    if (!this.exitInfo) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.exitInfo) this.pty.resize(cols, rows);
  }

  /**
   * Registers a view for flow control, charged to `window` (its connection's) or to one of its own,
   * and hands it the replay; output from `offset` on streams to it.
   */
  attach(window?: FlowWindow): PtyAttachment {
    return this.output.attach(window);
  }

  detach(viewId: string): void {
    this.output.detach(viewId);
  }

  /** The view has written `chars` more chars of output into its terminal. */
  acknowledge(viewId: string, chars: number): void {
    this.output.acknowledge(viewId, chars);
  }

  /**
   * Kills the process tree (SIGHUP and SIGTERM, SIGKILL after the grace period) and resolves
   * with the exit once the leader is reaped. After a natural exit it still sweeps up anything
   * left in the terminal's session.
   */
  async kill(): Promise<PtyExit> {
    const running = !this.exitInfo;
    if (running) {
      // Keep reading, or a writer blocked on a full PTY could not even notice its signals.
      this.output.release();
      this.setPaused(false);
    }
    await terminateProcessTree(this.pid, running, { ladder: hangUpLadder(this.killGraceMs) });
    const timeout = new Promise<PtyExit>((resolve) => {
      setTimeout(() => resolve({ exitCode: null, signal: 'SIGKILL' }), EXIT_REPORT_TIMEOUT_MS).unref();
    });
    const exit = await Promise.race([this.exited, timeout]);
    this.finish(exit);
    return this.exitInfo ?? exit;
  }

  private setPaused(paused: boolean): void {
    clearInterval(this.livenessTimer);
    this.livenessTimer = undefined;
    if (!paused) {
      this.pty.resume();
      return;
    }
    this.pty.pause();
    this.livenessTimer = setInterval(() => {
      if (!isAlive(this.pid)) this.setPaused(false);
    }, PAUSED_LIVENESS_POLL_MS);
    this.livenessTimer.unref();
  }

  private finish(exit: PtyExit): void {
    if (this.exitInfo) return;
    try {
      this.output.push(this.decoder.end());
      this.output.close();
    } finally {
      this.exitInfo = exit;
      clearInterval(this.livenessTimer);
      this.resolveExit(exit);
      this.exitListeners.emit(exit);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalName(signal: number): string {
  for (const [name, value] of Object.entries(constants.signals)) if (value === signal) return name;
  return `SIG${signal}`;
}
