import type { RunInfo } from '../../../src-shared/runs/runs-contract';
import { OUTCOME_COLOUR, STATUS_COLOUR } from './status-colours';

export interface RunStateLabel {
  /** "queued", "running", …; an ended run reads as its outcome: "success", "cancelled". */
  text: string;
  colour: string;
  /** Queued and paused runs have not started (or stopped) doing anything: shown dimmed. */
  dimmed: boolean;
}

/** How a tab, a list or a card says where a run is, in the colours the graph uses for agents. */
export function runStateLabel(run: Pick<RunInfo, 'state' | 'outcome'>): RunStateLabel {
  switch (run.state) {
    case 'done':
      return { text: run.outcome ?? 'done', colour: run.outcome === undefined ? STATUS_COLOUR.idle : OUTCOME_COLOUR[run.outcome], dimmed: false };
    case 'queued':
      return { text: 'queued', colour: STATUS_COLOUR.queued, dimmed: true };
    case 'paused':
      return { text: 'paused', colour: STATUS_COLOUR.paused, dimmed: true };
    case 'starting':
      return { text: 'starting', colour: STATUS_COLOUR.running, dimmed: false };
    case 'running':
      return { text: 'running', colour: STATUS_COLOUR.running, dimmed: false };
    case 'waiting':
      return { text: 'waiting', colour: STATUS_COLOUR.waiting, dimmed: false };
  }
}
