import { runAgentId } from '../../../src-shared/events/agent-actions';
import type { AgentStatus, OrreryEvent } from '../../../src-shared/events/event-schema';
import type { LiveAgent } from '../../../src-shared/events/live-state';
import type { NotificationKind, NotificationPrefs } from './notification-prefs';

/** Something a person may want to hear about, before their choices and their focus are asked. */
export interface Notice {
  agentId: string;
  /** The kinds it belongs to, first the one it is best told as: a run that fails is an error first, a finished run second. */
  kinds: readonly NotificationKind[];
  title: string;
  body: string;
}

/** What the watcher keeps of an agent: only what the rules below ask. */
interface AgentFacts {
  name: string | undefined;
  parentId: string | undefined;
  runId: string | undefined;
  workflow: boolean;
  status: AgentStatus | undefined;
}

/** More notices than this from one batch are told as one (a whole swarm failing is one piece of news). */
export const MAX_NOTICES_PER_BATCH = 3;

/**
 * Reads the live feed for what a person should hear about: an agent that ends with an error (or
 * times out), an agent that starts waiting for a person, and the end of a run Orrery launched (its
 * lead agent) or of a workflow (its node). Runs inside a workflow do not each announce their end:
 * the workflow's end does. A snapshot is what was already so when the page attached: it is news to
 * no one.
 */
export class NotificationWatcher {
  private facts = new Map<string, AgentFacts>();

  load(agents: readonly LiveAgent[]): void {
    this.facts = new Map(agents.map((agent) => [agent.id, { name: agent.name, parentId: agent.parentId, runId: agent.runId, workflow: agent.details.actionsBy === 'workflow', status: agent.status }]));
  }

  batch(events: readonly OrreryEvent[]): Notice[] {
    const notices: Notice[] = [];
    for (const event of events) {
      const facts = this.note(event);
      const notice = this.noticeFor(event, facts);
      if (notice !== undefined) notices.push(notice);
      // An ended agent's facts are no longer needed (a straggler makes them again, harmlessly).
      if (event.type === 'agent_done') this.facts.delete(event.agent_id);
    }
    return notices;
  }

  private note(event: OrreryEvent): AgentFacts & { previousStatus: AgentStatus | undefined } {
    let facts = this.facts.get(event.agent_id);
    if (facts === undefined) {
      facts = { name: undefined, parentId: undefined, runId: undefined, workflow: false, status: undefined };
      this.facts.set(event.agent_id, facts);
    }
    const previousStatus = facts.status;
    if (event.name !== undefined) facts.name = event.name;
    if (event.parent_id !== undefined) facts.parentId = event.parent_id;
    if (event.run_id !== undefined) facts.runId = event.run_id;
    if (event.details?.actionsBy !== undefined) facts.workflow = event.details.actionsBy === 'workflow';
    if (event.type === 'status') facts.status = event.status;
    else if (event.type === 'tool_use' || event.type === 'agent_spawn') facts.status = 'running';
    return { ...facts, previousStatus };
  }

  private noticeFor(event: OrreryEvent, facts: AgentFacts & { previousStatus: AgentStatus | undefined }): Notice | undefined {
    const name = facts.name ?? event.agent_id;
    if (event.type === 'status') {
      if (event.status !== 'waiting' || facts.previousStatus === 'waiting') return undefined;
      return { agentId: event.agent_id, kinds: ['waiting'], title: `${name} is waiting for you`, body: 'It needs a person to go on.' };
    }
    if (event.type !== 'agent_done') return undefined;
    const failed = event.outcome === 'error' || event.outcome === 'timeout';
    const launched = facts.workflow ? 'Workflow' : this.isOwnRun(event.agent_id, facts) ? 'Run' : undefined;
    const kinds: NotificationKind[] = [];
    if (failed) kinds.push('error');
    if (launched !== undefined) kinds.push('finished');
    if (kinds.length === 0) return undefined;
    const label = launched === undefined ? name : `${launched} ${name}`;
    const body = event.error === undefined ? event.outcome : `${event.outcome}: ${event.error}`;
    return { agentId: event.agent_id, kinds, title: failed ? `${label} ended with an error` : `${label} finished`, body };
  }

  /** The lead agent of a run Orrery launched (isRunLead), unless the run is a workflow's step. */
  private isOwnRun(agentId: string, facts: AgentFacts): boolean {
    return facts.runId !== undefined && agentId === runAgentId(facts.runId) && !this.insideWorkflow(facts);
  }

  private insideWorkflow(facts: AgentFacts): boolean {
    return facts.parentId !== undefined && this.facts.get(facts.parentId)?.workflow === true;
  }
}

export interface FocusState {
  /** The window has the keyboard (document.hasFocus()). */
  windowFocused: boolean;
  /** The agent is selected or its card is open. */
  isShown: (agentId: string) => boolean;
}

/** The kind a notice is told as, or undefined when every kind of it is off or the person is looking right at it. */
export function notificationKind(notice: Notice, prefs: NotificationPrefs, focus: FocusState): NotificationKind | undefined {
  if (focus.windowFocused && focus.isShown(notice.agentId)) return undefined;
  return notice.kinds.find((kind) => prefs[kind]);
}

export interface Shown {
  notice: Notice;
  kind: NotificationKind;
}

/** What to show of a batch's notices: each, or past MAX_NOTICES_PER_BATCH the first ones and a summary of the rest. */
export function noticesToShow(notices: readonly Notice[], prefs: NotificationPrefs, focus: FocusState): { shown: Shown[]; more: number } {
  const wanted: Shown[] = [];
  for (const notice of notices) {
    const kind = notificationKind(notice, prefs, focus);
    if (kind !== undefined) wanted.push({ notice, kind });
  }
  if (wanted.length <= MAX_NOTICES_PER_BATCH) return { shown: wanted, more: 0 };
  const shown = wanted.slice(0, MAX_NOTICES_PER_BATCH - 1);
  return { shown, more: wanted.length - shown.length };
}
