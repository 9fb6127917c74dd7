/**
 * Coalesces PTY output for a few milliseconds, so a burst of small reads reaches the view,
 * the scrollback and the transport as one batch instead of hundreds (VS Code uses 5 ms). A batch
 * that reaches `maxChars` goes out at once.
 */
export class OutputBatcher {
  private readonly delayMs: number;
  private readonly maxChars: number;
  private readonly onBatch: (data: string) => void;
  private pending: string[] = [];
  private pendingChars = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(delayMs: number, maxChars: number, onBatch: (data: string) => void) {
    this.delayMs = delayMs;
    this.maxChars = maxChars;
    this.onBatch = onBatch;
  }

  push(data: string): void {
    this.pending.push(data);
    this.pendingChars += data.length;
    if (this.pendingChars >= this.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const data = this.pending.length === 1 ? (this.pending[0] as string) : this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.onBatch(data);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.pendingChars = 0;
  }
}
