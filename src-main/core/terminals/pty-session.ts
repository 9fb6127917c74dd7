import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { spawn } from 'node-pty';
import type { IPty } from 'node-pty';
import { FlowController } from './flow-control';
import type { FlowWindow } from './flow-control';
import type { FlowControlOptions } from './flow-control';
import { ListenerSet } from './listener-set';
import type { Dispose } from './listener-set';
import { OutputBatcher } from './output-batcher';
import { terminateProcessTree } from './process-tree';
import { drainOnEndOfFile } from './pty-eof-drain';
import { RecentOutput } from './recent-output';
import { ScrollbackBuffer } from './scrollback-buffer';

export interface PtySpawnOptions {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

export interface PtySessionOptions {
  scrollbackBytes?: number;
  /** Raw output kept for replay into a view that attaches later, in chars. */
  replayChars?: number;
  batchMs?: number;
  flow?: FlowControlOptions;
  /** Between the polite signals and SIGKILL when closing. */
  killGraceMs?: number;
}

export interface PtyExit {
  /** Null when the process was killed by a signal. */
  exitCode: number | null;
  signal: string | null;
}

export interface PtyOutput {
  data: string;
  /** Chars of output before this batch; a view dedupes replay and stream with it. */
  offset: number;
}

export interface PtyAttachment {
  /** Pass back to acknowledge and detach. */
  viewId: string;
  /** Recent raw output, escapes included, to write into a fresh terminal view. */
  replay: string;
  /** Output offset just past the replay: stream batches from here on are new to this view. */
  offset: number;
}

const DEFAULT_REPLAY_CHARS = 256 * 1024;
const DEFAULT_BATCH_MS = 5;
/**
 * A flood fills a 5 ms batch with ~200k chars. Sent whole, the view parses one batch while the
 * next is still being collected; cut at 64 KiB, several batches are in flight within the flow
 * control window, so the host collects while the view parses.
 */
const BATCH_MAX_CHARS = 64 * 1024;
const DEFAULT_KILL_GRACE_MS = 1_500;
/**
 * While paused nobody reads the PTY, so node-pty would not see the leader exit and would drop
 * what is still buffered 200 ms after the exit. Checking this often lets us drain it first.
 */
const PAUSED_LIVENESS_POLL_MS = 50;
/** If the exit report never arrives after the whole tree is dead, stop waiting for it. */
const EXIT_REPORT_TIMEOUT_MS = 2_000;

/**
 * One process in a pseudo-terminal and everything derived from its output: 5 ms batches to
 * listeners, the scrollback for search, the recent raw output for replay, and flow control
 * against the attached views.
 */
export class PtySession {
  readonly pid: number;
  readonly scrollback: ScrollbackBuffer;
  private readonly pty: IPty;
  private readonly recent: RecentOutput;
  private readonly batcher: OutputBatcher;
  /** One decoder for the stream and the end-of-file drain, so a character split between them survives. */
  private readonly decoder = new StringDecoder('utf8');
  private readonly flow: FlowController;
  private readonly killGraceMs: number;
  private readonly outputListeners = new ListenerSet<PtyOutput>();
  private readonly exitListeners = new ListenerSet<PtyExit>();
  private readonly exited: Promise<PtyExit>;
  private emittedChars = 0;
  private exitInfo: PtyExit | undefined;
  private livenessTimer: NodeJS.Timeout | undefined;
  private resolveExit!: (exit: PtyExit) => void;

  constructor(spawnOptions: PtySpawnOptions, options: PtySessionOptions = {}) {
    this.scrollback = new ScrollbackBuffer(options.scrollbackBytes === undefined ? {} : { maxBytes: options.scrollbackBytes });
    this.recent = new RecentOutput(options.replayChars ?? DEFAULT_REPLAY_CHARS);
    this.batcher = new OutputBatcher(options.batchMs ?? DEFAULT_BATCH_MS, BATCH_MAX_CHARS, (data) => this.deliver(data));
    this.flow = new FlowController(options.flow ?? {}, (paused) => this.setPaused(paused));
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
      const text = this.decoder.write(bytes);
      if (text !== '') this.batcher.push(text);
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
    return this.flow.paused;
  }

  onOutput(listener: (output: PtyOutput) => void): Dispose {
    return this.outputListeners.add(listener);
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
    this.batcher.flush();
    return { viewId: this.flow.attachView(window), replay: this.recent.snapshot(), offset: this.emittedChars };
  }

  detach(viewId: string): void {
    this.flow.detachView(viewId);
  }

  /** The view has written `chars` more chars of output into its terminal. */
  acknowledge(viewId: string, chars: number): void {
    this.flow.acknowledge(viewId, chars);
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
      this.flow.dispose();
      this.setPaused(false);
    }
    await terminateProcessTree(this.pid, running, { graceMs: this.killGraceMs });
    const timeout = new Promise<PtyExit>((resolve) => {
      setTimeout(() => resolve({ exitCode: null, signal: 'SIGKILL' }), EXIT_REPORT_TIMEOUT_MS).unref();
    });
    const exit = await Promise.race([this.exited, timeout]);
    this.finish(exit);
    return this.exitInfo ?? exit;
  }

  private deliver(data: string): void {
    this.scrollback.append(data);
    this.recent.push(data);
    const offset = this.emittedChars;
    this.emittedChars += data.length;
    this.flow.sent(data.length);
    this.outputListeners.emit({ data, offset });
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
      const rest = this.decoder.end();
      if (rest !== '') this.batcher.push(rest);
      this.batcher.flush();
    } finally {
      this.exitInfo = exit;
      clearInterval(this.livenessTimer);
      this.flow.dispose();
      this.batcher.dispose();
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
