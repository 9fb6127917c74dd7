import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { JournalStats } from '../../../src-shared/events/journal-stats';
import type { LiveCounters, LiveSnapshot } from '../../../src-shared/events/live-state';
import { EventRate } from './event-rate';
import { FleetAgent } from './fleet-agent';
import { ToolFlights } from './tool-flights';

export const DEFAULT_LINGER_MS = 4_000;

export interface FleetModelOptions {
  /** How long a finished agent stays drawn (flash, then fade) before it is removed. */
  lingerMs?: number;
}

export const ZERO_COUNTERS: LiveCounters = { alive: 0, spawned: 0, toolCalls: 0, done: 0, errors: 0, toolErrors: 0, events: 0 };

/**
 * The renderer's picture of the fleet, fed by the `events.live` stream. A plain mutable
 * structure outside React: the canvas reads it every frame, React views read a throttled
 * copy. Version numbers tell each reader whether anything it cares about moved.
 */
export class FleetModel {
  readonly lingerMs: number;
  /** Alive and lingering agents, in order of appearance. */
  readonly agents = new Map<string, FleetAgent>();
  readonly rate = new EventRate();
  readonly toolFlights = new ToolFlights();
  /** The host's counters are authoritative: they include what happened before we attached. */
  counters: LiveCounters = ZERO_COUNTERS;
  journals: JournalStats[] = [];
  /** Newest event time seen (epoch ms), for "last event N s ago". */
  lastEventTs: number | undefined;
  /** Bumped when agents appear, leave or change parent: the layout re-syncs only then. */
  topologyVersion = 0;
  /** Bumped on every change a view could show. */
  version = 0;
  /** Bumped when an agent's look at rest changes, so the graph can keep its still layer until then. */
  lookVersion = 0;
  /** Finished agents in the order they ended, so expiry only looks at the head. */
  private finishing: FleetAgent[] = [];

  constructor(options: FleetModelOptions = {}) {
    this.lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  }

  /** A snapshot replaces everything: it arrives on (re)subscribe and is the whole truth. */
  loadSnapshot(snapshot: LiveSnapshot, journals: JournalStats[], now: number): void {
    this.agents.clear();
    this.finishing = [];
    this.toolFlights.clear();
    this.rate.reset();
    for (const agent of snapshot.agents) this.agents.set(agent.id, FleetAgent.fromSnapshot(agent, now));
    for (const agent of snapshot.finished) {
      // Linger for what is left of it by the host's clock, so a reconnect does not revive old ends.
      const endedAgo = Math.max(0, snapshot.at - agent.endedAt);
      if (endedAgo >= this.lingerMs) continue;
      const record = FleetAgent.fromSnapshot(agent, now);
      record.finishedAt = now - endedAgo;
      this.agents.set(agent.id, record);
      this.finishing.push(record);
    }
    this.counters = snapshot.counters;
    this.journals = journals;
    this.lastEventTs = undefined;
    for (const event of snapshot.recentEvents) this.noteEventTime(event.ts);
    for (const agent of this.agents.values()) this.noteEventTime(agent.lastEventAt);
    this.topologyVersion++;
    this.version++;
  }

  applyBatch(events: readonly OrreryEvent[], counters: LiveCounters, journals: JournalStats[] | undefined, now: number): void {
    for (const event of events) this.apply(event, now);
    this.rate.add(events.length, now);
    this.counters = counters;
    if (journals !== undefined) this.journals = journals;
    this.version++;
  }

  /** Removes agents whose linger is over; true when any left. */
  expire(now: number): boolean {
    let removed = 0;
    while (this.finishing.length > removed) {
      const agent = this.finishing[removed];
      if (agent === undefined || (agent.finishedAt ?? now) + this.lingerMs > now) break;
      // A respawn under the same id replaced this record; only remove the one that finished.
      if (this.agents.get(agent.id) === agent) this.agents.delete(agent.id);
      removed++;
    }
    if (removed === 0) return false;
    this.finishing = this.finishing.slice(removed);
    this.topologyVersion++;
    this.version++;
    return true;
  }

  private apply(event: OrreryEvent, now: number): void {
    this.noteEventTime(event.ts);
    const known = this.agents.get(event.agent_id);
    if (known?.finished === true && event.type !== 'agent_spawn') {
      known.applyLate(event);
      return;
    }
    // Any first event creates the agent (a journal may be read from the middle of a run); a
    // spawn under the id of a finished one starts a new run.
    const created = known === undefined || known.finished;
    const agent = created ? new FleetAgent(event.agent_id, event.source, event.ts, now) : known;
    if (created) {
      this.agents.delete(agent.id);
      this.agents.set(agent.id, agent);
    }
    const lookRev = agent.lookRev;
    if (agent.apply(event, now) || created) this.topologyVersion++;
    if (agent.lookRev !== lookRev) this.lookVersion++;
    if (event.type === 'tool_use') this.toolFlights.add(agent.id, event.tool, now);
    else if (event.type === 'agent_done') this.finishing.push(agent);
  }

  private noteEventTime(ts: number): void {
    if (this.lastEventTs === undefined || ts > this.lastEventTs) this.lastEventTs = ts;
  }
}
