import { AgentRecord } from '../../../src-shared/events/agent-record';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import { LiveState } from '../../../src-shared/events/live-state';
import type { LiveCounters, LiveSnapshot, LiveStateImage } from '../../../src-shared/events/live-state';

/**
 * The fleet's counters while a replay plays forward from a moment: the host's own reducer (the
 * live state) restored from that moment's snapshot and run on the replay's clock, so spawned,
 * done, errors and usage move exactly as the host counted them, ends that come with a parent's
 * end and silences included. The graph's model folds the same events for what it draws.
 */
export class ReplayCounters {
  private clock: number;
  private readonly state: LiveState;

  constructor(snapshot: LiveSnapshot) {
    this.clock = snapshot.at;
    this.state = new LiveState({ now: () => this.clock, recentEventCount: 0, staleAfterMs: snapshot.staleAfterMs });
    this.state.importImage(imageOf(snapshot));
  }

  /** Folds events that come after the moment (in history order) and moves the clock on to `to`. */
  advance(events: readonly OrreryEvent[], to: number): LiveCounters {
    for (const event of events) {
      if (event.ts > this.clock) this.clock = event.ts;
      this.state.apply(event);
    }
    this.clock = Math.max(this.clock, to);
    return this.state.counters();
  }
}

/** A live state's image of the fleet a snapshot shows: its agents alive and lingering, each filed under its parent. */
function imageOf(snapshot: LiveSnapshot): LiveStateImage {
  const alive = snapshot.agents.map((agent) => new AgentRecord(agent.id, agent.source, agent.startedAt).restore(agent));
  const lingering = snapshot.finished.map((agent) => ({ record: new AgentRecord(agent.id, agent.source, agent.startedAt).restore(agent), since: agent.endedAt }));
  const agents = [...alive, ...lingering.map(({ record }) => record)];
  const children = new Map<string, AgentRecord[]>();
  for (const record of agents) {
    if (record.parentId === undefined) continue;
    const siblings = children.get(record.parentId);
    if (siblings === undefined) children.set(record.parentId, [record]);
    else siblings.push(record);
  }
  const { alive: _alive, ...counts } = snapshot.counters;
  return { counts, fleet: { agents, lingering, children: [...children] }, recentEvents: [] };
}
