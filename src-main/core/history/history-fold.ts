import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import { LiveState } from '../../../src-shared/events/live-state';
import type { LiveSnapshot } from '../../../src-shared/events/live-state';
import type { CheckpointState } from './checkpoint-codec';

/**
 * How often, in event time, the fold lets the fleet's silence rules run (an agent silent for 6 h is
 * ended). The live state runs them whenever it is looked at; history runs them on the hour, so
 * a fold's result depends on its events alone, however it was split between checkpoints.
 */
const SILENCE_CHECK_MS = 60 * 60_000;

/**
 * The live state's reducer run on event time instead of the host's clock: events in history order
 * (by ts, then id), lingers and silences counted in their own time. Folding from a checkpoint and
 * folding from the start reach the same state, which is what makes a checkpoint a shortcut.
 */
export class HistoryFold {
  private clock: number;
  private readonly state: LiveState;

  constructor(from?: CheckpointState, staleAfterMs?: number) {
    this.clock = from?.clock ?? 0;
    // No ring: the store gives the recent events of any moment (the snapshot takes them from there).
    this.state = new LiveState({ now: () => this.clock, recentEventCount: 0, ...(staleAfterMs !== undefined && { staleAfterMs }) });
    if (from !== undefined) this.state.importImage(from.image);
  }

  /** Events must come in history order. */
  apply(event: OrreryEvent): void {
    if (Math.floor(event.ts / SILENCE_CHECK_MS) > Math.floor(this.clock / SILENCE_CHECK_MS)) {
      this.clock = Math.floor(event.ts / SILENCE_CHECK_MS) * SILENCE_CHECK_MS;
      // Looking at the counters is what runs the silence rules (LiveState.endSilent).
      this.state.counters();
    }
    if (event.ts > this.clock) this.clock = event.ts;
    this.state.apply(event);
  }

  /** The records are the fold's own: encode them before folding on. */
  checkpointState(): CheckpointState {
    return { clock: this.clock, image: this.state.exportImage() };
  }

  /** The fleet at `ts` (not before the last event folded). This ends the fold: the rules ran up to `ts`. */
  snapshotAt(ts: number, recentEvents: OrreryEvent[]): LiveSnapshot {
    this.clock = Math.max(this.clock, ts);
    return { ...this.state.snapshot(), recentEvents };
  }
}
