import type { Profile } from '../../../src-shared/runs/runs-contract';
import { CRLF, dim, finalLine, notice } from './adapters/transcript-format';
import type { RunRecord } from './run-record';

const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/** The top of a run's transcript: what was asked, of whom, where. */
export function runHeader(record: RunRecord, profile: Profile, resumed: boolean): string {
  const promptLines = record.prompt.split(/\r?\n/).map((line) => `${BOLD}❯${RESET} ${line}`);
  const facts = [profile.name, record.model, record.cwd, resumed && record.sessionId ? `resuming session ${record.sessionId}` : undefined]
    .filter((fact): fact is string => fact !== undefined && fact !== '')
    .join(' · ');
  return [...promptLines, dim(facts), ''].join(CRLF) + CRLF;
}

export const runFooter = {
  stopping: (reason: string): string => notice('warn', `stopping: ${reason}`),
  /** The last line: how it ended. The CLI's own result line, when it wrote one, stands above it. */
  ended(record: RunRecord): string {
    return finalLine({
      outcome: record.outcome ?? 'success',
      ...(record.reason !== undefined && { reason: record.reason }),
      ...(record.turns !== undefined && { turns: record.turns }),
      ...(record.startedAt !== undefined && record.endedAt !== undefined && { durationMs: record.endedAt - record.startedAt }),
      costUsd: record.costUsd,
      costEstimated: record.costEstimated,
    });
  },
};
