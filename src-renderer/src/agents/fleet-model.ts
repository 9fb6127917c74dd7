import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { JournalStats } from '../../../src-shared/events/journal-stats';
import { FleetLifecycle, isStale, STALE_AFTER_MS } from '../../../src-shared/events/fleet-lifecycle';
import { ZERO_COUNTERS } from '../../../src-shared/events/live-state';
import type { LiveCounters, LiveSnapshot } from '../../../src-shared/events/live-state';
import { EventRate } from './event-rate';
import { FleetAgent } from './fleet-agent';
import { ToolFlights } from './tool-flights';

export { ZERO_COUNTERS };

export interface FleetModelOptions {
  /** How long a finished agent stays drawn (flash, then fade) before it is removed; LINGER_MS by default. */
  lingerMs?: number;
}

/**
 * The renderer's picture of the fleet, fed by the `events.live` stream, by the same lifecycle
 * rules as the host's live state; here a linger counts from when the end was seen, so its flash
 * is always shown in full. A plain mutable structure outside React: the canvas reads it every
 * frame, React views read a throttled copy. Version numbers tell each reader whether anything
 * it cares about moved.
 */
export class FleetModel {
  private readonly fleet: FleetLifecycle<FleetAgent>;
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
  /** The host's stale-after time, from its latest snapshot: an agent is judged stale here as there. */
  staleAfterMs = STALE_AFTER_MS;

  constructor(options: FleetModelOptions = {}) {
    this.fleet = new FleetLifecycle({ lingerMs: options.lingerMs });
  }

  get lingerMs(): number {
    return this.fleet.lingerMs;
  }

  /** Alive and lingering agents, in order of appearance. */
  get agents(): ReadonlyMap<string, FleetAgent> {
    return this.fleet.agents;
  }

  /** A snapshot replaces everything: it arrives on (re)subscribe and is the whole truth. */
  loadSnapshot(snapshot: LiveSnapshot, journals: JournalStats[], now: number): void {
    this.fleet.clear();
    this.toolFlights.clear();
    this.rate.reset();
    for (const agent of snapshot.agents) this.fleet.restore(FleetAgent.fromSnapshot(agent, now));
    for (const agent of snapshot.finished) {
      // Linger for what is left of it by the host's clock, so a reconnect does not revive old ends.
      const endedAgo = Math.max(0, snapshot.at - agent.endedAt);
      if (endedAgo >= this.lingerMs) continue;
      const record = FleetAgent.fromSnapshot(agent, now);
      record.finishedAt = now - endedAgo;
      this.fleet.restore(record, record.finishedAt);
    }
    this.counters = snapshot.counters;
    this.staleAfterMs = snapshot.staleAfterMs;
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

  /**
   * Ends agents silent for too long by `eventNow` (event time: a replay's moment, or now) and
   * removes those whose linger is over by `now`; true when any changed.
   */
  expire(now: number, eventNow = now): boolean {
    const silent = this.fleet.silentEnds(eventNow);
    for (const end of silent) this.apply(end, now);
    if (this.fleet.expire(now).length === 0 && silent.length === 0) return false;
    this.topologyVersion++;
    this.version++;
    return true;
  }

  /** Alive but silent for the host's stale-after time: drawn dimmed, not counted alive. */
  isStale(agent: FleetAgent, now: number): boolean {
    return isStale(agent, now, this.staleAfterMs);
  }

  /** Agents alive and not stale at `now`, as the host counts `alive`; it changes with time alone, between batches. */
  aliveAt(now: number): number {
    return this.fleet.aliveAt(now, this.staleAfterMs);
  }

  private apply(event: OrreryEvent, now: number): void {
    this.noteEventTime(event.ts);
    const { record: agent, late, created } = this.fleet.route(event, () => new FleetAgent(event.agent_id, event.source, event.ts, now));
    if (late) {
      agent.applyLate(event);
      return;
    }
    const lookRev = agent.lookRev;
    if (agent.apply(event, now) || created) this.topologyVersion++;
    if (agent.lookRev !== lookRev) this.lookVersion++;
    if (event.type === 'tool_use') this.toolFlights.add(agent.id, event.tool, now);
    else if (event.type === 'agent_done') {
      this.fleet.ended(agent, now);
      for (const end of this.fleet.endsWithParent(agent, event)) this.apply(end, now);
    }
  }

  private noteEventTime(ts: number): void {
    if (this.lastEventTs === undefined || ts > this.lastEventTs) this.lastEventTs = ts;
  }
}
