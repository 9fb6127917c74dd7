import type { RunInfo } from '../../../src-shared/runs/runs-contract';
import type { TerminalInfo } from '../../../src-shared/terminals/terminals-contract';
import { useRunsStore } from './runs-store';

/** The Orrery run a transcript terminal shows; undefined for shells and for other owners' transcripts. */
export function useTranscriptRun(terminal: Pick<TerminalInfo, 'kind' | 'runId'>): RunInfo | undefined {
  return useRunsStore((s) => (terminal.kind === 'transcript' && terminal.runId !== undefined ? s.runs.get(terminal.runId) : undefined));
}
