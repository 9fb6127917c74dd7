import type { AgentRecord } from './agent-record';
import type { OrreryEvent } from './event-schema';

/**
 * How long a finished agent stays after its end. It is there so a person sees the outcome flash
 * and the node fade on the graph (4 s is the animation); the host keeps the same, so a page that
 * connects gets exactly what a connected page shows, and no ends it would throw away at once.
 */
export const LINGER_MS = 4_000;
/** Upper bound on lingering agents, so a burst of endings cannot grow memory without limit. */
export const MAX_LINGERING = 500;

export interface FleetLifecycleOptions {
  lingerMs?: number;
  maxLingering?: number;
}

export interface Routed<R> {
  record: R;
  /** A straggler after the end: fold it in with applyLateToAgent, it changes no lifecycle. */
  late: boolean;
  /** The record was made for this event (a first event, or a respawn). */
  created: boolean;
}

/**
 * The fleet's lifecycle rules, written once for the host's live state and the renderer's fleet
 * model, which differ only in the clock a linger counts on:
 * - any first event creates its agent (a journal may be read from the middle of a run);
 * - after its `agent_done` an agent lingers for the linger, then leaves;
 * - stragglers after the end (a final usage report, a late log) belong to the run that ended;
 * - only an `agent_spawn` under the id of an ended agent starts a new run, which replaces it.
 */
export class FleetLifecycle<R extends AgentRecord> {
  /** Alive and lingering agents, in order of appearance (a respawn appears anew). */
  readonly agents = new Map<string, R>();
  readonly lingerMs: number;
  private readonly maxLingering: number;
  /** In the order they ended, so expiry only ever looks at the head. */
  private lingering: { record: R; since: number }[] = [];
  private aliveCount = 0;

  constructor(options: FleetLifecycleOptions = {}) {
    this.lingerMs = options.lingerMs ?? LINGER_MS;
    this.maxLingering = options.maxLingering ?? MAX_LINGERING;
  }

  get alive(): number {
    return this.aliveCount;
  }

  /** The record `event` belongs to by the rules above; `create` makes one when a new run starts. */
  route(event: OrreryEvent, create: () => R): Routed<R> {
    const known = this.agents.get(event.agent_id);
    if (known !== undefined && (known.endedAt === undefined || event.type !== 'agent_spawn')) {
      return { record: known, late: known.endedAt !== undefined, created: false };
    }
    const record = create();
    this.agents.delete(event.agent_id);
    this.agents.set(event.agent_id, record);
    this.aliveCount++;
    return { record, late: false, created: true };
  }

  /** Call once a routed record's `agent_done` was applied; its linger counts from `since`. */
  ended(record: R, since: number): void {
    this.aliveCount--;
    this.lingering.push({ record, since });
  }

  /** Puts back a record as a snapshot holds it: alive, or ended and lingering since `since`. */
  restore(record: R, since?: number): void {
    this.agents.set(record.id, record);
    if (since === undefined) this.aliveCount++;
    else this.lingering.push({ record, since });
  }

  /** The lingering agents, oldest end first. */
  lingeringAgents(): R[] {
    return this.lingering.filter(({ record }) => this.agents.get(record.id) === record).map(({ record }) => record);
  }

  /** Removes the agents whose linger is over (or that exceed the bound); returns them. */
  expire(now: number): R[] {
    const removed: R[] = [];
    let head = 0;
    while (head < this.lingering.length) {
      const { record, since } = this.lingering[head] as { record: R; since: number };
      if (this.lingering.length - head <= this.maxLingering && since + this.lingerMs > now) break;
      // A respawn under the same id replaced this record; only the one that ended leaves.
      if (this.agents.get(record.id) === record) {
        this.agents.delete(record.id);
        removed.push(record);
      }
      head++;
    }
    if (head > 0) this.lingering = this.lingering.slice(head);
    return removed;
  }

  clear(): void {
    this.agents.clear();
    this.lingering = [];
    this.aliveCount = 0;
  }
}
