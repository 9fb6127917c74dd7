/**
 * What a person can do to an agent, and why not when they cannot. Derived from the agent alone,
 * so the host's live state, the snapshot and the renderer's model agree; the host refines it
 * when a card opens (`agents.actions`), where it can look at the process itself.
 */
export type ActionAvailability = { available: true } | { available: false; reason: string };

export interface AgentActions {
  cancel: ActionAvailability;
  reset: ActionAvailability;
  resume: ActionAvailability;
}

/** The fields of an agent its actions depend on. */
export interface ActionFacts {
  source: string;
  parentId: string | undefined;
  sessionId: string | undefined;
  runId: string | undefined;
  pid: number | undefined;
  /** Set once it ended. */
  outcome?: string | undefined;
  /** Adapters that act through their own API (Paperclip) say so in the agent's details. */
  details: Readonly<Record<string, string | number | boolean>>;
}

const yes: ActionAvailability = { available: true };
const STILL_RUNNING = 'It is still running; cancel it first, or wait until it ends.';
const no = (reason: string): ActionAvailability => ({ available: false, reason });

/** An agent is the main agent of its run when its id is the run's agent id (see the runs layer). */
export function isRunLead(facts: ActionFacts, agentId: string): boolean {
  return facts.runId !== undefined && agentId === runAgentId(facts.runId);
}

/** The id of a run's main agent: stable, so hooks, transcript and graph name the same node. */
export function runAgentId(runId: string): string {
  return `run-${runId}`;
}

export function agentActions(agentId: string, facts: ActionFacts): AgentActions {
  const ended = facts.outcome !== undefined;
  if (facts.details.actionsBy === 'paperclip') return paperclipActions(facts, ended);
  if (facts.details.actionsBy === 'workflow-phase') {
    const why = 'A phase groups a workflow\'s agents; act on the workflow, or on one of its agents.';
    return { cancel: no(why), reset: no(why), resume: no(why) };
  }
  if (facts.details.actionsBy === 'workflow') {
    // A workflow node: cancel the run while it runs; afterwards resume it from its journal or reset it.
    return ended ? { cancel: no('It has already ended.'), reset: yes, resume: yes } : { cancel: yes, reset: no(STILL_RUNNING), resume: no(STILL_RUNNING) };
  }
  if (facts.runId !== undefined) {
    if (!isRunLead(facts, agentId)) {
      const why = 'A subagent cannot be stopped or restarted on its own; act on the agent that started it.';
      return { cancel: no(why), reset: no(why), resume: no(why) };
    }
    return {
      cancel: ended ? no('It has already ended.') : yes,
      reset: yes,
      resume: !ended
        ? no(STILL_RUNNING)
        : facts.sessionId === undefined
          ? no('It ended before its session started, so there is nothing to resume; use Reset.')
          : yes,
    };
  }
  const notOurs = 'Orrery did not start this agent, so it cannot start it again.';
  return {
    cancel: ended
      ? no('It has already ended.')
      : facts.pid !== undefined
        ? yes
        : no('Orrery did not start this agent and does not know its process (update the Claude Code hooks: orrery hooks install).'),
    reset: no(notOurs),
    resume: no(notOurs),
  };
}

function paperclipActions(facts: ActionFacts, ended: boolean): AgentActions {
  return {
    cancel: ended ? no('Its run has already ended.') : facts.details.paperclipRunId === undefined ? no('It has no live run.') : yes,
    reset: yes,
    resume: no('Paperclip starts runs itself; use Wake now on the card.'),
  };
}
