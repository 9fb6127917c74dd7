export interface AckTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface AckBatcherOptions {
  /**
   * Acknowledge once this many chars are written. Must stay well below the host's low watermark
   * (192,000), or a paused pty could wait for an acknowledgement that never comes before going idle.
   */
  threshold?: number;
  /** A remainder below the threshold is acknowledged after this long without further writes. */
  idleMs?: number;
  timers?: AckTimers;
}

const browserTimers: AckTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Collects the chars the xterm has finished writing and acknowledges them to the host in
 * batches: one call per ~5,000 chars instead of one per stream batch keeps a flood from turning
 * into an ack storm, while the host still sees progress long before its 384k pause threshold.
 */
export class AckBatcher {
  private readonly send: (chars: number) => void;
  private readonly threshold: number;
  private readonly idleMs: number;
  private readonly timers: AckTimers;
  private pending = 0;
  private idleTimer: unknown;

  constructor(send: (chars: number) => void, options: AckBatcherOptions = {}) {
    this.send = send;
    this.threshold = options.threshold ?? 5_000;
    this.idleMs = options.idleMs ?? 200;
    this.timers = options.timers ?? browserTimers;
  }

  /** The xterm finished writing this many chars of stream output. */
  written(chars: number): void {
    if (chars <= 0) return;
    this.pending += chars;
    if (this.pending >= this.threshold) {
      this.flush();
      return;
    }
    if (this.idleTimer === undefined) this.idleTimer = this.timers.set(() => this.flush(), this.idleMs);
  }

  flush(): void {
    this.cancelTimer();
    if (this.pending === 0) return;
    const chars = this.pending;
    this.pending = 0;
    this.send(chars);
  }

  /** A new view starts counting from zero: what the old one owed is meaningless to the host. */
  reset(): void {
    this.cancelTimer();
    this.pending = 0;
  }

  private cancelTimer(): void {
    if (this.idleTimer === undefined) return;
    this.timers.clear(this.idleTimer);
    this.idleTimer = undefined;
  }
}
