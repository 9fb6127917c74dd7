import { UsageError } from './command-line';

const MIN_MB = 1;
const MAX_MB = 1024;

/** ORRERY_SCROLLBACK_MB: how much searchable scrollback each terminal keeps (default 8 MiB). */
export function scrollbackBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.ORRERY_SCROLLBACK_MB;
  if (raw === undefined || raw === '') return undefined;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb < MIN_MB || mb > MAX_MB) {
    throw new UsageError(`ORRERY_SCROLLBACK_MB must be a number of MiB from ${MIN_MB} to ${MAX_MB}, got "${raw}"`);
  }
  return Math.round(mb * 1024 * 1024);
}
