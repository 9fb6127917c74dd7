import type { WorkflowCallRecord } from './workflow-journal';

/**
 * A resume's cache: the longest unchanged prefix of the previous attempt's agent() calls. A call
 * is served from it while its position holds a finished call with the same hash; the first call
 * that differs (edited, added, removed, reordered) or whose recorded call failed or never
 * finished runs live, and so does every call after it.
 */
export class PositionalCache {
  private readonly previous = new Map<number, WorkflowCallRecord>();
  private brokenAt: number | undefined;

  constructor(previous: readonly WorkflowCallRecord[]) {
    for (const call of previous) this.previous.set(call.position, call);
  }

  /** The recorded call to replay, or undefined: this one runs live, and from now on every one does. */
  take(position: number, hash: string): WorkflowCallRecord | undefined {
    if (this.brokenAt !== undefined) return undefined;
    const recorded = this.previous.get(position);
    if (recorded !== undefined && recorded.hash === hash && recorded.state === 'done' && recorded.resultJson !== undefined) return recorded;
    this.brokenAt = position;
    return undefined;
  }

  /** Where the cache broke, if it has. */
  get breakPosition(): number | undefined {
    return this.brokenAt;
  }
}

/**
 * Cached results wait here and reach the script in the order the recorded run received them, one
 * per turn. With the same script the script then makes the same calls in the same order, so each
 * position asks for the same call again — which is what makes a replay hit 100 %, even where a
 * pipeline let later calls overtake earlier ones.
 */
export class ReplayOrder<T> {
  private readonly waiting: { key: number; position: number; item: T }[] = [];

  add(call: WorkflowCallRecord, item: T): void {
    // Results that were never handed over (a crash in between) come after every one that was.
    const key = call.deliverySeq ?? Number.MAX_SAFE_INTEGER;
    let index = this.waiting.length;
    while (index > 0 && this.isAfter(this.waiting[index - 1] as { key: number; position: number }, key, call.position)) index--;
    this.waiting.splice(index, 0, { key, position: call.position, item });
  }

  next(): T | undefined {
    return this.waiting.shift()?.item;
  }

  get size(): number {
    return this.waiting.length;
  }

  private isAfter(entry: { key: number; position: number }, key: number, position: number): boolean {
    return entry.key > key || (entry.key === key && entry.position > position);
  }
}
