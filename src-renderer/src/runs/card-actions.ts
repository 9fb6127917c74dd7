import type { ActionAvailability, AgentActions } from '../../../src-shared/events/agent-actions';

export type RunActionName = keyof AgentActions;
export type CardActionName = RunActionName | 'transcript';
/** The actions that ask for a second press before they run. */
export type ConfirmedAction = Extract<RunActionName, 'cancel' | 'reset'>;

export interface CardActionView {
  name: CardActionName;
  label: string;
  enabled: boolean;
  /** Why it cannot be done, shown beside the disabled button. */
  reason: string | undefined;
  /** Waiting for its confirming second press. */
  armed: boolean;
}

export interface CardActionFacts {
  /** From `agents.actions` when the card opened; the host can look at the process. */
  fresh: AgentActions | undefined;
  /** The snapshot's `agent.actions`, shown until the fresh answer arrives (or when it failed). */
  fallback: AgentActions;
  terminalId: string | undefined;
  /** Whether the agent's terminal is still open in this window. */
  terminalOpen: boolean;
  /** A run's transcript can be opened again from its log (`runs.openTranscript`) once its tab is gone. */
  runId: string | undefined;
  /** The action in flight; the others wait for it. */
  busy: RunActionName | undefined;
  armed: ConfirmedAction | undefined;
}

const LABELS: Record<CardActionName, { idle: string; armed?: string; busy?: string }> = {
  cancel: { idle: 'Cancel', armed: 'Confirm cancel', busy: 'Cancelling…' },
  reset: { idle: 'Reset session', armed: 'Confirm reset', busy: 'Resetting…' },
  resume: { idle: 'Resume…', busy: 'Resuming…' },
  transcript: { idle: 'Open transcript' },
};

/** The card's action buttons, in order: what each says, whether it can be pressed, and why not. */
export function cardActionViews(facts: CardActionFacts): CardActionView[] {
  const availability = facts.fresh ?? facts.fallback;
  const runAction = (name: RunActionName): CardActionView => {
    const label = LABELS[name];
    const armed = facts.armed === name;
    if (facts.busy === name) return { name, label: label.busy ?? label.idle, enabled: false, reason: undefined, armed: false };
    const possible: ActionAvailability = availability[name];
    if (!possible.available) return { name, label: label.idle, enabled: false, reason: possible.reason, armed: false };
    return { name, label: armed ? (label.armed ?? label.idle) : label.idle, enabled: facts.busy === undefined, reason: undefined, armed };
  };
  const transcriptReason =
    facts.terminalOpen || facts.runId !== undefined
      ? undefined
      : facts.terminalId === undefined
        ? 'It has no transcript: Orrery keeps transcripts of the runs it starts.'
        : 'Its transcript tab was closed.';
  return [
    runAction('cancel'),
    runAction('reset'),
    runAction('resume'),
    { name: 'transcript', label: LABELS.transcript.idle, enabled: transcriptReason === undefined, reason: transcriptReason, armed: false },
  ];
}
