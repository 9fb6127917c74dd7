/**
 * Coalesces PTY output for a few milliseconds, so a burst of small reads reaches the view,
 * the scrollback and the transport as one batch instead of hundreds (VS Code uses 5 ms).
 */
export class OutputBatcher {
  private readonly delayMs: number;
  private readonly onBatch: (data: string) => void;
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(delayMs: number, onBatch: (data: string) => void) {
    this.delayMs = delayMs;
    this.onBatch = onBatch;
  }

  push(data: string): void {
    this.pending.push(data);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const data = this.pending.length === 1 ? (this.pending[0] as string) : this.pending.join('');
    this.pending = [];
    this.onBatch(data);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
