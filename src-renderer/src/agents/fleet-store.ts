import { create } from 'zustand';
import type { JournalStats } from '../../../src-shared/events/journal-stats';
import type { FinishedAgent, LiveAgent, LiveCounters } from '../../../src-shared/events/live-state';
import type { AgentRow } from './agent-rows';
import { ZERO_COUNTERS } from './fleet-model';

/**
 * The throttled copy of the fleet that React views read (a few times a second at most). The
 * canvas does not use it: it draws from the mutable model directly.
 */
export interface FleetView {
  /** False until the first snapshot arrived. */
  ready: boolean;
  counters: LiveCounters;
  rows: readonly AgentRow[];
  /**
   * Every alive and lingering agent as an immutable picture, by id: what views show of one agent.
   * A picture is replaced only when its agent changed, so a selector on one id re-renders only then.
   * `runtimeMs` of an agent still running is as of the copy: count on from `startedAt`.
   */
  agents: ReadonlyMap<string, LiveAgent | FinishedAgent>;
  journals: JournalStats[];
  eventsPerSecond: number;
  lastEventTs: number | undefined;
  /** The model version this copy was taken at; views that read the model directly key on it. */
  version: number;
  /** While a replay shows the fleet as it was: that moment (event time). Undefined while live. */
  replayAt: number | undefined;
}

export const useFleetStore = create<FleetView>(() => ({
  ready: false,
  counters: ZERO_COUNTERS,
  rows: [],
  agents: new Map(),
  journals: [],
  eventsPerSecond: 0,
  lastEventTs: undefined,
  version: 0,
  replayAt: undefined,
}));

/** One agent's picture while it is on the graph (alive or lingering); undefined before and after. */
export function useFleetAgent(id: string | undefined): LiveAgent | FinishedAgent | undefined {
  return useFleetStore((s) => (id === undefined ? undefined : s.agents.get(id)));
}
