import { AgentRecord, applyLateToAgent, applyToAgent } from '../../../src-shared/events/agent-record';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { FinishedAgent, LiveAgent } from '../../../src-shared/events/live-state';

/**
 * One agent as the renderer holds it: the core's agent record (folded by the same reducer as the
 * host's live state) plus the local-clock moments the graph animates from. Mutable on purpose —
 * thousands of events a second update it in place.
 */
export class FleetAgent extends AgentRecord {
  /** Local time it appeared here, for the fade-in; event times may be far in the past. */
  seenAt: number;
  /** Local time of its latest tool call, for the pulse. */
  pulseAt = Number.NEGATIVE_INFINITY;
  /** Local time its end was seen: the flash starts then and the linger counts from it. */
  finishedAt: number | undefined;
  /** Bumped on every change, so views can reuse what they built for an unchanged agent. */
  rev = 0;
  /** Bumped only when what the graph draws at rest changes (name, model, status, outcome). */
  lookRev = 0;

  constructor(id: string, source: string, ts: number, seenAt: number) {
    super(id, source, ts);
    this.seenAt = seenAt;
  }

  static fromSnapshot(agent: LiveAgent | FinishedAgent, seenAt: number): FleetAgent {
    return new FleetAgent(agent.id, agent.source, agent.startedAt, seenAt).restore(agent);
  }

  get finished(): boolean {
    return this.finishedAt !== undefined;
  }

  /** Folds one event into a running agent. Returns true when its parent changed (a new edge). */
  apply(event: OrreryEvent, now: number): boolean {
    this.rev++;
    const { name, model, status } = this;
    const parentChanged = event.parent_id !== undefined && event.parent_id !== this.parentId;
    applyToAgent(this, event);
    if (event.type === 'tool_use') this.pulseAt = now;
    else if (event.type === 'agent_done') this.finishedAt = now;
    if (this.name !== name || this.model !== model || this.status !== status || event.type === 'agent_done') this.lookRev++;
    return parentChanged;
  }

  /** Stragglers after the end (a last usage report, a late log) belong to the run that ended. */
  applyLate(event: OrreryEvent): void {
    this.rev++;
    applyLateToAgent(this, event);
  }
}
