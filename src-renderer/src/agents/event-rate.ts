/**
 * Events per second over a sliding window of fixed buckets: O(1) per batch and no per-event
 * allocation, which matters at thousands of events a second.
 */
export class EventRate {
  private readonly counts: Float64Array;
  /** Which absolute bucket (time / bucketMs) each slot currently holds. */
  private readonly slots: Float64Array;

  constructor(
    private readonly windowMs = 2_000,
    private readonly bucketMs = 100,
  ) {
    const size = Math.max(2, Math.ceil(windowMs / bucketMs));
    this.counts = new Float64Array(size);
    this.slots = new Float64Array(size).fill(-1);
  }

  add(count: number, now: number): void {
    const bucket = Math.floor(now / this.bucketMs);
    const slot = bucket % this.counts.length;
    if (this.slots[slot] !== bucket) {
      this.slots[slot] = bucket;
      this.counts[slot] = 0;
    }
    this.counts[slot] = (this.counts[slot] ?? 0) + count;
  }

  perSecond(now: number): number {
    const current = Math.floor(now / this.bucketMs);
    const size = this.counts.length;
    let total = 0;
    for (let i = 0; i < size; i++) {
      const bucket = this.slots[i] ?? -1;
      if (bucket > current - size && bucket <= current) total += this.counts[i] ?? 0;
    }
    // The newest bucket is only partly elapsed, so divide by the time actually covered.
    const coveredMs = (size - 1) * this.bucketMs + (now - current * this.bucketMs);
    return (total * 1000) / Math.min(this.windowMs, Math.max(this.bucketMs, coveredMs));
  }

  reset(): void {
    this.counts.fill(0);
    this.slots.fill(-1);
  }
}
