import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventRepository } from '../events/event-repository';
import type { CheckpointRepository } from './checkpoint-repository';

const DAY_MS = 24 * 60 * 60_000;

export interface RetentionOptions {
  repository: EventRepository;
  checkpoints: CheckpointRepository;
  now: () => number;
  retentionDays: () => number;
  /** Events deleted per transaction: each is short, and ingest runs between them. */
  batchSize?: number;
  /** Told after each transaction how many events it deleted. */
  onPruned?: (deleted: number) => void;
  /** Checked between transactions; a pass stopped half way resumes at the next one. */
  stopped?: () => boolean;
}

export interface PruneSummary {
  deleted: number;
  transactions: number;
  longestTransactionMs: number;
}

const NOTHING_PRUNED: PruneSummary = { deleted: 0, transactions: 0, longestTransactionMs: 0 };

/**
 * Deletes the events older than the retention, a small transaction at a time with a turn of the
 * event loop between them, so ingest never waits for more than one. It prunes up to the newest
 * checkpoint before the cutoff, which becomes the base the kept history starts from (the state it
 * holds is everything the pruned events did); the checkpoints before it go too. So events a little
 * older than the retention stay until the next checkpoint passes it.
 */
export async function pruneHistory(options: RetentionOptions): Promise<PruneSummary> {
  const { repository, checkpoints, now, retentionDays, batchSize = 1_000, onPruned, stopped } = options;
  const base = checkpoints.newestBefore(now() - retentionDays() * DAY_MS);
  if (base === undefined) return NOTHING_PRUNED;
  const oldest = repository.oldestPosition();
  const alreadyBase = base.base && (oldest === undefined || oldest.ts > base.ts || (oldest.ts === base.ts && oldest.id > base.id));
  if (alreadyBase) return NOTHING_PRUNED;
  checkpoints.markBase(base);
  const summary = { ...NOTHING_PRUNED };
  for (;;) {
    const started = performance.now();
    const deleted = repository.pruneUpTo(base, batchSize);
    summary.longestTransactionMs = Math.max(summary.longestTransactionMs, performance.now() - started);
    summary.transactions++;
    summary.deleted += deleted;
    if (deleted > 0) onPruned?.(deleted);
    if (deleted < batchSize) break;
    await nextTurn();
    if (stopped?.()) return summary;
  }
  checkpoints.dropBefore(base);
  return summary;
}

export interface RetentionSchedule {
  /** A pass soon (after a settings change); passes never overlap. */
  prompt(): void;
  /** Resolves once a pass still running has finished. */
  stop(): Promise<void>;
}

/** Prunes `firstDelayMs` after start (never on the start-up path), then every `intervalMs`. */
export function scheduleRetention(options: RetentionOptions & { intervalMs: number; firstDelayMs: number; onError: (error: unknown) => void }): RetentionSchedule {
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = (): void => {
    if (running !== undefined || stopped) return;
    running = pruneHistory({ ...options, stopped: () => stopped })
      .then(() => undefined, options.onError)
      .finally(() => (running = undefined));
  };
  const first = setTimeout(pass, options.firstDelayMs);
  const every = setInterval(pass, options.intervalMs);
  first.unref();
  every.unref();
  return {
    prompt: () => {
      setTimeout(pass, 0).unref();
    },
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
