import type { FinishedAgent, LiveAgent } from '../../../src-shared/events/live-state';
import type { FleetAgent } from './fleet-agent';

/** Immutable copies of the agents for React, remade only for agents that changed since the last copy. */
export class AgentPictures {
  private cache = new Map<string, { agent: FleetAgent; rev: number; picture: LiveAgent | FinishedAgent }>();

  build(agents: ReadonlyMap<string, FleetAgent>, now: number): ReadonlyMap<string, LiveAgent | FinishedAgent> {
    const next = new Map<string, { agent: FleetAgent; rev: number; picture: LiveAgent | FinishedAgent }>();
    const pictures = new Map<string, LiveAgent | FinishedAgent>();
    for (const agent of agents.values()) {
      const cached = this.cache.get(agent.id);
      // The agent identity matters too: a respawn under the same id starts its rev count again.
      const entry =
        cached !== undefined && cached.agent === agent && cached.rev === agent.rev
          ? cached
          : { agent, rev: agent.rev, picture: agent.endedAt === undefined ? agent.toLive(now) : agent.toFinished() };
      next.set(agent.id, entry);
      pictures.set(agent.id, entry.picture);
    }
    this.cache = next;
    return pictures;
  }
}
