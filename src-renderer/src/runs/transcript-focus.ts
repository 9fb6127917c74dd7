import type { RunInfo } from '../../../src-shared/runs/runs-contract';
import type { TerminalInfo } from '../../../src-shared/terminals/terminals-contract';
import { activateTerminal, useTerminalStore } from '../terminals/terminal-store';

/** The host creates a run's terminal as it launches it; its `terminals.changes` item can trail the launch answer. */
const WAIT_MS = 15_000;

let cancelPending: (() => void) | undefined;

/**
 * Brings a run's transcript tab to the front and gives it the keyboard, now if this window has the
 * terminal already, else as soon as it appears. A newer request replaces an older one.
 */
export function focusRunTranscript(run: Pick<RunInfo, 'id' | 'terminalId'>): void {
  cancelPending?.();
  cancelPending = undefined;
  const isTheRuns = (terminal: TerminalInfo): boolean => terminal.id === run.terminalId || (terminal.kind === 'transcript' && terminal.runId === run.id);
  const focus = (terminals: readonly TerminalInfo[]): boolean => {
    const terminal = terminals.find(isTheRuns);
    if (terminal === undefined) return false;
    activateTerminal(terminal.id, { focus: true });
    return true;
  };
  if (focus(useTerminalStore.getState().terminals)) return;
  const stop = (): void => {
    clearTimeout(timer);
    unsubscribe();
  };
  const unsubscribe = useTerminalStore.subscribe((state, previous) => {
    if (state.terminals !== previous.terminals && focus(state.terminals)) {
      stop();
      cancelPending = undefined;
    }
  });
  const timer = setTimeout(() => {
    stop();
    cancelPending = undefined;
  }, WAIT_MS);
  cancelPending = stop;
}
