import { create } from 'zustand';
import type { JournalStats } from '../../../src-shared/events/journal-stats';
import type { LiveCounters } from '../../../src-shared/events/live-state';
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
  journals: JournalStats[];
  eventsPerSecond: number;
  lastEventTs: number | undefined;
  /** The model version this copy was taken at; views that read the model directly key on it. */
  version: number;
}

export const useFleetStore = create<FleetView>(() => ({
  ready: false,
  counters: ZERO_COUNTERS,
  rows: [],
  journals: [],
  eventsPerSecond: 0,
  lastEventTs: undefined,
  version: 0,
}));
