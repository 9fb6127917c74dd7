import { useEffect, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { AgentActions } from '../../../src-shared/events/agent-actions';
import { useApi } from '../api/api-context';
import { cardActionViews } from './card-actions';
import type { CardActionName, ConfirmedAction, RunActionName } from './card-actions';
import { errorMessage } from './form-check';
import { isSubmitChord } from './submit-chord';
import { focusRunTranscript } from './transcript-focus';
import { useConfirmTwice } from './use-confirm-twice';
import { activateTerminal, useTerminalStore } from '../terminals/terminal-store';
import { cardActionsFor } from '../state/agent-card-extensions';
import type { CardAgent, CardReport } from '../state/agent-card-extensions';

interface AgentCardActionsProps {
  agent: CardAgent;
  terminalId: string | undefined;
  runId: string | undefined;
  report: (report: CardReport) => void;
}

/**
 * Cancel, Reset session, Resume… and Open transcript, plus whatever the agent's owner registered.
 * Availability comes from the host when the card opens (it can look at the process) and from the
 * snapshot until then; Cancel and Reset ask for a second press.
 */
export function AgentCardActions({ agent, terminalId, runId, report }: AgentCardActionsProps) {
  const api = useApi();
  const ended = agent.outcome !== undefined;
  const [checks, setChecks] = useState(0);
  /** The host's answer holds while the agent is in the phase (alive or ended) it was asked in. */
  const [fresh, setFresh] = useState<{ ended: boolean; actions: AgentActions } | undefined>();
  const [freshError, setFreshError] = useState<string>();
  const [busy, setBusy] = useState<RunActionName>();
  const [resumeOpen, setResumeOpen] = useState(false);
  const [prompt, setPrompt] = useState('');
  const confirm = useConfirmTwice<ConfirmedAction>();
  const terminalOpen = useTerminalStore((s) => terminalId !== undefined && s.terminals.some((t) => t.id === terminalId));
  const agentId = agent.id;

  // Asked again when the agent ends and after every action: what is possible changes then.
  useEffect(() => {
    let current = true;
    api.call('agents.actions', { agentId }).then(
      (actions) => {
        if (!current) return;
        setFresh({ ended, actions });
        setFreshError(undefined);
      },
      (error: unknown) => current && setFreshError(errorMessage(error)),
    );
    return () => {
      current = false;
    };
  }, [api, agentId, ended, checks]);

  async function perform(name: RunActionName, resumePrompt?: string): Promise<void> {
    setBusy(name);
    try {
      const result =
        name === 'resume'
          ? await api.call('agents.resume', { agentId, prompt: resumePrompt ?? '' })
          : await api.call(name === 'cancel' ? 'agents.cancel' : 'agents.reset', { agentId });
      report({ text: result.message, error: false, run: result.run });
      if (name === 'resume') {
        setResumeOpen(false);
        setPrompt('');
      }
    } catch (error) {
      report({ text: errorMessage(error), error: true });
    } finally {
      setBusy(undefined);
      setChecks((n) => n + 1);
    }
  }

  const press = (name: CardActionName): void => {
    switch (name) {
      case 'cancel':
      case 'reset':
        if (confirm.press(name)) void perform(name);
        return;
      case 'resume':
        confirm.disarm();
        setResumeOpen((open) => !open);
        return;
      case 'transcript':
        confirm.disarm();
        void openTranscript();
    }
  };

  /** The open tab, else (a run from before a restart, a closed tab) a new one read from the run's log. */
  async function openTranscript(): Promise<void> {
    if (terminalOpen && terminalId !== undefined) {
      activateTerminal(terminalId, { focus: true });
      return;
    }
    if (runId === undefined) return;
    try {
      const terminal = await api.call('runs.openTranscript', { runId });
      focusRunTranscript({ id: runId, terminalId: terminal.id });
    } catch (error) {
      report({ text: errorMessage(error), error: true });
    }
  }

  const submitResume = (): void => {
    if (prompt.trim() === '') report({ text: 'Write the prompt to resume with.', error: true });
    else void perform('resume', prompt.trim());
  };
  const onPromptKey = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (isSubmitChord(event)) {
      event.preventDefault();
      submitResume();
    } else if (event.key === 'Escape') {
      // The first Escape closes the prompt, the next one the card.
      event.stopPropagation();
      setResumeOpen(false);
    }
  };

  const views = cardActionViews({
    fresh: fresh?.ended === ended ? fresh.actions : undefined,
    fallback: agent.actions,
    terminalId,
    terminalOpen,
    runId,
    busy,
    armed: confirm.armed,
  });
  const extras = cardActionsFor(agent.details.actionsBy);

  return (
    <div className="agent-card-actions" data-testid="agent-card-actions">
      <ul className="agent-card-action-list">
        {views.map((view) => (
          <li key={view.name}>
            <button
              type="button"
              data-testid={`agent-card-${view.name}`}
              data-armed={view.armed}
              className={view.armed ? 'button-armed' : undefined}
              disabled={!view.enabled}
              aria-describedby={view.reason === undefined ? undefined : `agent-card-${view.name}-reason`}
              onClick={() => press(view.name)}
            >
              {view.label}
            </button>
            {view.armed && <span className="agent-card-confirm-hint">Click again or press Enter to confirm.</span>}
            {view.reason !== undefined && (
              <span className="agent-card-reason muted" id={`agent-card-${view.name}-reason`} data-testid={`agent-card-${view.name}-reason`}>
                {view.reason}
              </span>
            )}
          </li>
        ))}
      </ul>
      {resumeOpen && (
        <div className="agent-card-resume">
          <label htmlFor="agent-card-resume-prompt">Prompt for the same session</label>
          <textarea id="agent-card-resume-prompt" data-testid="agent-card-resume-prompt" rows={3} autoFocus value={prompt} onChange={(event) => setPrompt(event.currentTarget.value)} onKeyDown={onPromptKey} />
          <button type="button" data-testid="agent-card-resume-send" disabled={busy !== undefined} onClick={submitResume} title="Ctrl/Cmd+Enter">
            Resume
          </button>
        </div>
      )}
      {extras.length > 0 && (
        <div className="agent-card-extras" data-testid="agent-card-extras">
          {extras.map((Extra, index) => (
            <Extra key={index} agent={agent} report={report} />
          ))}
        </div>
      )}
      {freshError !== undefined && <p className="muted agent-card-note">Could not ask the host what is possible ({freshError}); showing what the graph knows.</p>}
    </div>
  );
}
