import type { TerminalInfo } from '../../../src-shared/terminals/terminals-contract';

export interface ExitLabel {
  text: string;
  /** A clean exit reads calmly; anything else is shown as a failure. */
  ok: boolean;
}

/** What a tab says about a finished process: "exit 0", "exit 127", "SIGKILL"; nothing while it runs. */
export function exitLabel(terminal: Pick<TerminalInfo, 'status' | 'exitCode' | 'signal'>): ExitLabel | undefined {
  if (terminal.status !== 'exited') return undefined;
  if (terminal.signal !== null) return { text: terminal.signal, ok: false };
  return { text: `exit ${terminal.exitCode ?? '?'}`, ok: terminal.exitCode === 0 };
}
