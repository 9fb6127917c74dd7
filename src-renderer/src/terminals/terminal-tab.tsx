import { useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { TerminalInfo } from '../../../src-shared/terminals/terminals-contract';
import { runStateLabel } from '../state/run-state-label';
import { useTranscriptRunState } from '../state/use-transcript-run';
import { exitLabel } from './exit-label';

interface TerminalTabProps {
  terminal: TerminalInfo;
  active: boolean;
  onActivate: () => void;
  onClose: () => void;
  onRename: (name: string) => void;
}

/**
 * One tab: the name (double-click to rename), how the process ended (for a run's transcript:
 * where the run is, in the graph's colours), and a close button.
 */
export function TerminalTab({ terminal, active, onActivate, onClose, onRename }: TerminalTabProps) {
  const [editing, setEditing] = useState(false);
  /** Enter or Escape already ended the edit; the blur that follows must not end it again. */
  const settled = useRef(false);
  const run = useTranscriptRunState(terminal);
  const runState = run === undefined ? undefined : runStateLabel(run);
  const exit = runState === undefined ? exitLabel(terminal) : undefined;

  const startEditing = (): void => {
    settled.current = false;
    setEditing(true);
  };
  const finish = (value: string | undefined): void => {
    if (settled.current) return;
    settled.current = true;
    setEditing(false);
    const name = value?.trim() ?? '';
    if (name !== '' && name !== terminal.name) onRename(name);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') finish(event.currentTarget.value);
    else if (event.key === 'Escape') finish(undefined);
  };

  return (
    <div
      role="tab"
      aria-selected={active}
      className={`terminal-tab${active ? ' terminal-tab-active' : ''}${terminal.status === 'exited' ? ' terminal-tab-exited' : ''}${runState?.dimmed ? ' terminal-tab-dimmed' : ''}`}
      data-testid="terminal-tab"
      data-terminal-id={terminal.id}
      data-kind={terminal.kind}
      data-run-id={terminal.runId}
      data-active={active}
      data-status={terminal.status}
      title={terminal.kind === 'transcript' ? `Transcript of run ${terminal.runId ?? '?'} (read-only)` : `${terminal.command} ${terminal.args.join(' ')} — ${terminal.cwd}`}
      onClick={onActivate}
    >
      {editing ? (
        <input
          className="terminal-tab-rename"
          data-testid="terminal-tab-rename"
          aria-label="Terminal name"
          defaultValue={terminal.name}
          maxLength={200}
          autoFocus
          onFocus={(event) => event.currentTarget.select()}
          onKeyDown={onKeyDown}
          onBlur={(event) => finish(event.currentTarget.value)}
          onClick={(event) => event.stopPropagation()}
        />
      ) : (
        <span className="terminal-tab-title" data-testid="terminal-tab-title" onDoubleClick={startEditing}>
          {terminal.name}
        </span>
      )}
      {runState && (
        <span className="terminal-tab-run" data-testid="terminal-tab-run" data-state={runState.text} style={{ color: runState.colour, borderColor: runState.colour }}>
          {runState.text}
        </span>
      )}
      {exit && (
        <span className={`terminal-tab-exit${exit.ok ? '' : ' terminal-tab-exit-failed'}`} data-testid="terminal-tab-exit">
          {exit.text}
        </span>
      )}
      <button
        type="button"
        className="terminal-tab-close"
        data-testid="terminal-tab-close"
        aria-label={`Close ${terminal.name}`}
        title="Close (ends its processes)"
        onClick={(event) => {
          event.stopPropagation();
          onClose();
        }}
      >
        ×
      </button>
    </div>
  );
}
