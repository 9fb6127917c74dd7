import { addUsage, AgentRecord, applyLateToAgent, applyToAgent } from './agent-record';
import type { FinishedAgent, LiveAgent, UsageTotals } from './agent-record';
import type { OrreryEvent } from './event-schema';
import { FleetLifecycle, isStale, STALE_AFTER_MS } from './fleet-lifecycle';
import type { FleetImage } from './fleet-lifecycle';

export type { FinishedAgent, LiveAgent } from './agent-record';

/** Usage totals are over every usage event, stragglers after an agent's end included. */
export interface LiveCounters extends UsageTotals {
  /** Running and not stale. */
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
  /** The stale-after time `agents[].stale` was judged by, so a page judges its own agents alike. */
  staleAfterMs: number;
}

/** How many of the latest events a snapshot carries by default. */
export const RECENT_EVENT_COUNT = 200;

/** Everything a live state holds, by reference: a checkpoint of it restores exactly this state. */
export interface LiveStateImage {
  counts: Omit<LiveCounters, 'alive'>;
  fleet: FleetImage<AgentRecord>;
  /** Oldest first. */
  recentEvents: OrreryEvent[];
}

const ZERO_COUNTS: Readonly<Omit<LiveCounters, 'alive'>> = {
  spawned: 0,
  toolCalls: 0,
  done: 0,
  errors: 0,
  toolErrors: 0,
  events: 0,
  tokensIn: 0,
  tokensOut: 0,
  cacheRead: 0,
  cacheWrite: 0,
  costUsd: 0,
  costEstimated: false,
};

export const ZERO_COUNTERS: Readonly<LiveCounters> = { alive: 0, ...ZERO_COUNTS };

export interface LiveStateOptions {
  /** How long a finished agent stays after its `agent_done` timestamp (LINGER_MS by default). */
  lingerMs?: number;
  /** Upper bound on lingering agents, so a burst of endings cannot grow memory without limit. */
  maxFinished?: number;
  recentEventCount?: number;
  now?: () => number;
  /** Silent this long, an alive agent is stale (STALE_AFTER_MS by default; the setting STALE_AFTER_SETTING). */
  staleAfterMs?: number;
}

/** Reduces the event stream into what the graph shows right now, by the fleet's lifecycle rules. */
export class LiveState {
  private readonly now: () => number;
  private readonly staleAfterMs: number;
  private readonly fleet: FleetLifecycle<AgentRecord>;
  private readonly counts: Omit<LiveCounters, 'alive'> = { ...ZERO_COUNTS };
  private readonly ring: (OrreryEvent | undefined)[];
  private ringNext = 0;

  constructor(options: LiveStateOptions = {}) {
    // Host time against event time: an agent from an old journal does not linger at all.
    this.fleet = new FleetLifecycle({ lingerMs: options.lingerMs, maxLingering: options.maxFinished });
    this.now = options.now ?? Date.now;
    this.staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    this.ring = new Array<OrreryEvent | undefined>(options.recentEventCount ?? RECENT_EVENT_COUNT).fill(undefined);
  }

  applyBatch(events: readonly OrreryEvent[]): void {
    for (const event of events) this.apply(event);
  }

  apply(event: OrreryEvent): void {
    this.counts.events++;
    this.remember(event);
    if (event.type === 'tool_use') this.counts.toolCalls++;
    else if (event.type === 'tool_result' && !event.ok) this.counts.toolErrors++;
    else if (event.type === 'usage') addUsage(this.counts, event);
    this.fold(event);
  }

  counters(): LiveCounters {
    const now = this.now();
    this.endSilent(now);
    return { ...this.counts, alive: this.fleet.aliveAt(now, this.staleAfterMs) };
  }

  /** One agent, alive or recently finished; undefined once it has lingered out. */
  agent(id: string): LiveAgent | FinishedAgent | undefined {
    const now = this.now();
    this.endSilent(now);
    this.fleet.expire(now);
    const record = this.fleet.agents.get(id);
    if (record === undefined) return undefined;
    return record.endedAt === undefined ? record.toLive(now, isStale(record, now, this.staleAfterMs)) : record.toFinished();
  }

  snapshot(): LiveSnapshot {
    const at = this.now();
    this.endSilent(at);
    this.fleet.expire(at);
    const agents: LiveAgent[] = [];
    for (const record of this.fleet.agents.values()) if (record.endedAt === undefined) agents.push(record.toLive(at, isStale(record, at, this.staleAfterMs)));
    const finished = this.fleet.lingeringAgents().map((record) => record.toFinished());
    return { at, agents, finished, counters: this.counters(), recentEvents: this.recentEvents(), staleAfterMs: this.staleAfterMs };
  }

  /** The records are the state's own, not copies: serialise them before the state moves on. */
  exportImage(): LiveStateImage {
    return { counts: { ...this.counts }, fleet: this.fleet.exportImage(), recentEvents: this.recentEvents() };
  }

  /** Replaces the whole state by an image (of records no other state holds). */
  importImage(image: LiveStateImage): void {
    Object.assign(this.counts, image.counts);
    this.fleet.importImage(image.fleet);
    this.ring.fill(undefined);
    this.ringNext = 0;
    for (const event of image.recentEvents) this.remember(event);
  }

  private remember(event: OrreryEvent): void {
    if (this.ring.length === 0) return;
    this.ring[this.ringNext] = event;
    this.ringNext = (this.ringNext + 1) % this.ring.length;
  }

  /** Folds an event into its agent by the fleet's rules, and the ends those rules bring with it. */
  private fold(event: OrreryEvent): void {
    const { record, late, created } = this.fleet.route(event, () => new AgentRecord(event.agent_id, event.source, event.ts));
    if (late) {
      applyLateToAgent(record, event);
      return;
    }
    if (created) this.counts.spawned++;
    applyToAgent(record, event);
    if (event.type !== 'agent_done') return;
    this.counts.done++;
    if (event.outcome === 'error' || event.outcome === 'timeout') this.counts.errors++;
    this.fleet.ended(record, event.ts);
    for (const end of this.fleet.endsWithParent(record, event)) this.fold(end);
    this.fleet.expire(this.now());
  }

  /** Ends the agents silent for too long; their ends are the rules', not events anyone sent. */
  private endSilent(now: number): void {
    for (const end of this.fleet.silentEnds(now)) this.fold(end);
  }

  private recentEvents(): OrreryEvent[] {
    const events: OrreryEvent[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const event = this.ring[(this.ringNext + i) % this.ring.length];
      if (event !== undefined) events.push(event);
    }
    return events;
  }
}
