import { useEffect, useLayoutEffect, useRef } from 'react';
import type { TerminalInfo } from '../../../src-shared/terminals/terminals-contract';
import { runStateLabel } from '../state/run-state-label';
import { useTranscriptRunState } from '../state/use-transcript-run';
import { activateTerminal, finishReveal, useTerminalStore } from './terminal-store';
import { exitLabel } from './exit-label';
import { PaneFindBar } from './pane-find-bar';
import type { TerminalSession } from './terminal-session';

interface TerminalPaneProps {
  session: TerminalSession;
  terminal: TerminalInfo;
  /** Hidden panes (other tabs) keep parsing output but neither show, render nor hold a WebGL context. */
  visible: boolean;
  active: boolean;
}

/**
 * Hosts one session's xterm; a click or focus inside makes its terminal the active one. A
 * transcript is text Orrery writes: its pane takes no input, but can be selected, found in and
 * searched like any other.
 */
export function TerminalPane({ session, terminal, visible, active }: TerminalPaneProps) {
  const container = useRef<HTMLDivElement>(null);
  const findOpen = useTerminalStore((s) => s.findOpenId === session.id);
  const focusRequest = useTerminalStore((s) => (s.focusRequest?.terminalId === session.id ? s.focusRequest : undefined));
  /** Focus moves only on a request, never merely because the pane became active (a search jump must not steal it). */
  const focusHandled = useRef(0);
  const reveal = useTerminalStore((s) => (s.reveal?.terminalId === session.id ? s.reveal : undefined));
  const readOnly = terminal.kind === 'transcript';
  const run = useTranscriptRunState(terminal);
  const exit = readOnly ? undefined : exitLabel(terminal);

  useLayoutEffect(() => {
    if (container.current) session.placeIn(container.current);
  }, [session]);

  useLayoutEffect(() => {
    session.terminal.options.disableStdin = readOnly;
  }, [session, readOnly]);

  // Before paint, so a pane that just became visible is fitted (and gets WebGL) in the same frame.
  useLayoutEffect(() => session.setVisible(visible), [session, visible]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => session.fit());
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [session]);

  useEffect(() => {
    if (!focusRequest || !visible || focusRequest.nonce === focusHandled.current) return;
    focusHandled.current = focusRequest.nonce;
    session.focus();
  }, [session, visible, focusRequest]);

  useEffect(() => {
    if (!reveal || !visible) return;
    void session.reveal(reveal.target).then((found) => finishReveal(reveal.nonce, found));
  }, [session, reveal, visible]);

  return (
    <div
      className={`terminal-pane${active ? ' terminal-pane-active' : ''}${visible ? '' : ' terminal-pane-hidden'}`}
      data-testid="terminal-pane"
      data-terminal-id={session.id}
      data-active={active}
      data-read-only={readOnly}
      aria-hidden={!visible}
      inert={!visible}
      onMouseDown={() => activateTerminal(session.id)}
      onFocus={() => activateTerminal(session.id)}
    >
      {findOpen && <PaneFindBar session={session} />}
      <div ref={container} className="terminal-pane-xterm" />
      {readOnly && <TranscriptFooter runId={terminal.runId} state={run === undefined ? undefined : runStateLabel(run).text} />}
      {exit && (
        <div className={`terminal-pane-exit${exit.ok ? '' : ' terminal-pane-exit-failed'}`} data-testid="terminal-pane-exit">
          Process ended: {exit.text}
        </div>
      )}
    </div>
  );
}

function TranscriptFooter({ runId, state }: { runId: string | undefined; state: string | undefined }) {
  return (
    <div className="terminal-pane-readonly" data-testid="terminal-pane-readonly">
      Read-only transcript{runId === undefined ? '' : ` of run ${runId}`}
      {state !== undefined && ` · ${state}`}
    </div>
  );
}
