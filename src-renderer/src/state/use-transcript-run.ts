import { useMemo } from 'react';
import type { RunInfo } from '../../../src-shared/runs/runs-contract';
import type { TerminalInfo } from '../../../src-shared/terminals/terminals-contract';
import { useRunsStore } from './runs-store';

export type TranscriptRunState = Pick<RunInfo, 'state' | 'outcome'>;

/**
 * Where the Orrery run a transcript terminal shows is: its state and outcome, nothing else, so a
 * tab re-renders when those change and not on every token a busy run reports. Undefined for
 * shells and for other owners' transcripts.
 */
export function useTranscriptRunState(terminal: Pick<TerminalInfo, 'kind' | 'runId'>): TranscriptRunState | undefined {
  const runId = terminal.kind === 'transcript' ? terminal.runId : undefined;
  const state = useRunsStore((s) => (runId === undefined ? undefined : s.runs.get(runId)?.state));
  const outcome = useRunsStore((s) => (runId === undefined ? undefined : s.runs.get(runId)?.outcome));
  return useMemo(() => (state === undefined ? undefined : { state, ...(outcome !== undefined && { outcome }) }), [state, outcome]);
}
