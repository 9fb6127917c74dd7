import { UsageError } from './command-line';

export interface JournalTailing {
  watch: boolean;
  pollIntervalMs: number | undefined;
}

/**
 * ORRERY_JOURNAL_WATCH=0 turns change notifications off (for filesystems that never send them:
 * NFS, SMB, some container mounts) and ORRERY_JOURNAL_POLL_MS sets the stat poll, which then
 * carries all the latency. Bad values stop start-up: a silently ignored knob is worse than none.
 */
export function journalTailingFromEnv(env: NodeJS.ProcessEnv = process.env): JournalTailing {
  const watchRaw = env.ORRERY_JOURNAL_WATCH;
  if (watchRaw !== undefined && watchRaw !== '' && watchRaw !== '0' && watchRaw !== '1') {
    throw new UsageError(`ORRERY_JOURNAL_WATCH must be 0 or 1, got "${watchRaw}"`);
  }
  const pollRaw = env.ORRERY_JOURNAL_POLL_MS;
  let pollIntervalMs: number | undefined;
  if (pollRaw !== undefined && pollRaw !== '') {
    pollIntervalMs = Number(pollRaw);
    if (!Number.isInteger(pollIntervalMs) || pollIntervalMs < 20 || pollIntervalMs > 60_000) {
      throw new UsageError(`ORRERY_JOURNAL_POLL_MS must be a whole number of milliseconds from 20 to 60000, got "${pollRaw}"`);
    }
  }
  return { watch: watchRaw !== '0', pollIntervalMs };
}
