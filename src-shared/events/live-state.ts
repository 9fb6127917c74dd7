import { AgentRecord, applyLateToAgent, applyToAgent } from './agent-record';
import type { FinishedAgent, LiveAgent } from './agent-record';
import type { AgentOutcome, OrreryEvent } from './event-schema';

export type { FinishedAgent, LiveAgent } from './agent-record';

export interface LiveCounters {
  alive: number;
  /** Agents that appeared, by an agent_spawn or implicitly by their first event. */
  spawned: number;
  toolCalls: number;
  done: number;
  /** Agents that ended with outcome `error` or `timeout`. */
  errors: number;
  /** Tool results with `ok: false`. */
  toolErrors: number;
  events: number;
}

export interface LiveSnapshot {
  at: number;
  agents: LiveAgent[];
  /** Oldest first; each stays for the linger after its end. */
  finished: FinishedAgent[];
  counters: LiveCounters;
  /** Oldest first. Shared with the state, so treat them as read-only. */
  recentEvents: OrreryEvent[];
}

export interface LiveStateOptions {
  /** How long a finished agent stays visible after its `agent_done` timestamp. */
  lingerMs?: number;
  /** Upper bound on lingering agents, so a burst of endings cannot grow memory without limit. */
  maxFinished?: number;
  recentEventCount?: number;
  now?: () => number;
}

/** Reduces the event stream into what the graph shows right now. */
export class LiveState {
  private readonly lingerMs: number;
  private readonly maxFinished: number;
  private readonly now: () => number;
  private readonly alive = new Map<string, AgentRecord>();
  /** Insertion order is end order, so expiry only ever looks at the head. */
  private readonly finished = new Map<string, AgentRecord>();
  private readonly counts: Omit<LiveCounters, 'alive'> = {
    spawned: 0,
    toolCalls: 0,
    done: 0,
    errors: 0,
    toolErrors: 0,
    events: 0,
  };
  private readonly ring: (OrreryEvent | undefined)[];
  private ringNext = 0;

  constructor(options: LiveStateOptions = {}) {
    this.lingerMs = options.lingerMs ?? 10_000;
    this.maxFinished = options.maxFinished ?? 500;
    this.now = options.now ?? Date.now;
    this.ring = new Array<OrreryEvent | undefined>(options.recentEventCount ?? 200).fill(undefined);
  }

  applyBatch(events: readonly OrreryEvent[]): void {
    for (const event of events) this.apply(event);
  }

  apply(event: OrreryEvent): void {
    this.counts.events++;
    if (this.ring.length > 0) {
      this.ring[this.ringNext] = event;
      this.ringNext = (this.ringNext + 1) % this.ring.length;
    }
    if (event.type === 'tool_use') this.counts.toolCalls++;
    else if (event.type === 'tool_result' && !event.ok) this.counts.toolErrors++;

    let agent = this.alive.get(event.agent_id);
    if (agent === undefined) {
      const ended = this.finished.get(event.agent_id);
      // Stragglers (a final usage report, a late log) belong to the run that just ended; only a
      // new spawn starts a new run under the same id.
      if (ended !== undefined && event.type !== 'agent_spawn') {
        applyLateToAgent(ended, event);
        return;
      }
      if (ended !== undefined) this.finished.delete(event.agent_id);
      agent = new AgentRecord(event.agent_id, event.source, event.ts);
      this.alive.set(agent.id, agent);
      this.counts.spawned++;
    }

    applyToAgent(agent, event);
    if (event.type === 'agent_done') this.finish(agent, event.outcome);
  }

  counters(): LiveCounters {
    return { ...this.counts, alive: this.alive.size };
  }

  /** One agent, alive or recently finished; undefined once it has lingered out. */
  agent(id: string): LiveAgent | FinishedAgent | undefined {
    const alive = this.alive.get(id);
    if (alive !== undefined) return alive.toLive(this.now());
    return this.finished.get(id)?.toFinished();
  }

  snapshot(): LiveSnapshot {
    const at = this.now();
    this.expire(at);
    const agents: LiveAgent[] = [];
    for (const agent of this.alive.values()) agents.push(agent.toLive(at));
    const finished: FinishedAgent[] = [];
    for (const agent of this.finished.values()) finished.push(agent.toFinished());
    return { at, agents, finished, counters: this.counters(), recentEvents: this.recentEvents() };
  }

  private recentEvents(): OrreryEvent[] {
    const events: OrreryEvent[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const event = this.ring[(this.ringNext + i) % this.ring.length];
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  /** Moves an agent that applyToAgent has just ended from the alive to the lingering ones. */
  private finish(agent: AgentRecord, outcome: AgentOutcome): void {
    this.counts.done++;
    if (outcome === 'error' || outcome === 'timeout') this.counts.errors++;
    this.alive.delete(agent.id);
    this.finished.set(agent.id, agent);
    this.expire(this.now());
  }

  private expire(now: number): void {
    for (const [id, agent] of this.finished) {
      if (this.finished.size <= this.maxFinished && (agent.endedAt ?? 0) + this.lingerMs > now) break;
      this.finished.delete(id);
    }
  }
}
