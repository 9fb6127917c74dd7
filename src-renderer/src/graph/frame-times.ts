/** The last N frame costs, kept for the debug hook and the frame-time bench. */
export class FrameTimes {
  private readonly samples: Float64Array;
  private next = 0;
  private count = 0;
  /** Every frame recorded since the start, not only the ones kept. */
  recorded = 0;

  constructor(capacity = 1_200) {
    this.samples = new Float64Array(capacity);
  }

  record(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    this.count = Math.min(this.count + 1, this.samples.length);
    this.recorded++;
  }

  /** Oldest first. */
  list(): number[] {
    const out: number[] = [];
    const start = this.count < this.samples.length ? 0 : this.next;
    for (let i = 0; i < this.count; i++) out.push(this.samples[(start + i) % this.samples.length] ?? 0);
    return out;
  }
}
