import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { LiveFeedItem } from '../../../src-shared/events/events-contract';
import type { JournalStats } from '../../../src-shared/events/journal-stats';
import type { LiveState } from '../../../src-shared/events/live-state';

export interface LiveFeedOptions {
  liveState: LiveState;
  journalStats: () => JournalStats[];
  /** One frame: subscribers never get more than ~60 pushes a second, however fast events arrive. */
  flushIntervalMs?: number;
  /** Journal health is re-checked this often even when no event arrives (garbage-only input). */
  healthIntervalMs?: number;
}

export interface LiveFeed {
  publish(events: readonly OrreryEvent[]): void;
  subscribe(push: (item: LiveFeedItem) => void): () => void;
  dispose(): void;
}

/** Fans ingested events out to subscribers as coalesced batches, with a snapshot for each newcomer. */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const { liveState, journalStats, flushIntervalMs = 16, healthIntervalMs = 500 } = options;
  const subscribers = new Set<(item: LiveFeedItem) => void>();
  let pending: OrreryEvent[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let lastFlushAt = 0;
  let lastHealth = healthSignature(journalStats());

  function changedJournals(): JournalStats[] | undefined {
    const stats = journalStats();
    const signature = healthSignature(stats);
    if (signature === lastHealth) return undefined;
    lastHealth = signature;
    return stats;
  }

  function flush(): void {
    flushTimer = undefined;
    lastFlushAt = performance.now();
    const events = pending;
    pending = [];
    if (subscribers.size === 0) return;
    const journals = changedJournals();
    if (events.length === 0 && !journals) return;
    const item: LiveFeedItem = journals ? { kind: 'batch', events, counters: liveState.counters(), journals } : { kind: 'batch', events, counters: liveState.counters() };
    for (const push of subscribers) push(item);
  }

  const healthTimer = setInterval(() => {
    if (flushTimer === undefined) flush();
  }, healthIntervalMs);
  healthTimer.unref();

  return {
    publish(events) {
      if (subscribers.size === 0) return;
      for (const event of events) pending.push(event);
      if (flushTimer !== undefined) return;
      // Leading edge: after a quiet frame the batch goes out now; during a burst, once per frame.
      const wait = Math.max(0, lastFlushAt + flushIntervalMs - performance.now());
      if (wait === 0) flush();
      else flushTimer = setTimeout(flush, wait);
    },
    subscribe(push) {
      push({ kind: 'snapshot', snapshot: liveState.snapshot(), journals: journalStats() });
      subscribers.add(push);
      return () => subscribers.delete(push);
    },
    dispose() {
      clearInterval(healthTimer);
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      subscribers.clear();
    },
  };
}

/** Delivered counts are part of it so the journals list stays current; a few journals cost little to resend. */
function healthSignature(stats: readonly JournalStats[]): string {
  return stats.map((s) => `${s.journal}:${s.state}:${s.delivered}:${Object.values(s.rejected).join(',')}`).join('|');
}
