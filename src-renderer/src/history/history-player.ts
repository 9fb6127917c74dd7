import { create } from 'zustand';
import type { ApiClient } from '../../../src-shared/api/api-client';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { LiveFeedItem } from '../../../src-shared/events/events-contract';
import type { JournalStats } from '../../../src-shared/events/journal-stats';
import type { HistoryRange } from '../../../src-shared/history/history-contract';
import { ReplayCounters } from './replay-counters';

export const REPLAY_SPEEDS = [1, 4, 16] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface ReplayView {
  /** `replay`: the graph, list and counters show the fleet as it was at `at`. */
  mode: 'live' | 'replay';
  /** The moment shown (event time), while replaying. */
  at: number | undefined;
  playing: boolean;
  speed: ReplaySpeed;
  /** Played up to the newest stored event: nothing more to show until Live. */
  atEnd: boolean;
  /** The stored history, as last asked. */
  range: HistoryRange | undefined;
  /** A seek on its way. */
  seeking: boolean;
  error: string | undefined;
}

export const useReplayStore = create<ReplayView>(() => ({ mode: 'live', at: undefined, playing: false, speed: 1, atEnd: false, range: undefined, seeking: false, error: undefined }));

/** What a replay drives: the fleet feed's model, through the feed (agents/fleet-feed.ts). */
export interface ReplayTarget {
  showReplay(at: number, item?: LiveFeedItem): void;
  returnToLive(): void;
  readonly model: { readonly journals: JournalStats[] };
}

export interface HistoryPlayerOptions {
  api: Pick<ApiClient, 'call'>;
  target: ReplayTarget;
  /** The replay clock's wall time in milliseconds (a monotonic clock is best). */
  now?: () => number;
  /** Epoch milliseconds as the host counts them: there is no history after it. */
  hostNow?: () => number;
  /** Calls `tick` every TICK_MS until the returned function is called. */
  every?: (tick: () => void, ms: number) => () => void;
}

/** How often a playing replay moves its clock and folds what came due. */
export const TICK_MS = 100;
/** Each page of events asked for covers this much wall-clock play (× the speed) ahead. */
const PAGE_AHEAD_MS = 10_000;
/** A new page is asked for when less than this much play is left. */
const REFILL_BELOW_MS = 4_000;
const PAGE_LIMIT = 5_000;

/**
 * Seek, play and Live over the host's history api: a seek loads the fleet of that moment
 * (`history.at`) into the fleet model; playing folds the events after it (`history.events`
 * pages) through the same model, in order, as their time comes on a clock running 1×, 4× or 16×;
 * while it replays, live items leave the model alone (the feed holds them off); Live hands the
 * model back to the live feed, which starts again from a fresh snapshot.
 */
export class HistoryPlayer {
  private readonly api: Pick<ApiClient, 'call'>;
  private readonly target: ReplayTarget;
  private readonly now: () => number;
  private readonly hostNow: () => number;
  private readonly every: (tick: () => void, ms: number) => () => void;
  /** Bumped by every seek and by Live: answers to an older generation are dropped. */
  private generation = 0;
  private seekInFlight = false;
  private pendingSeek: number | undefined;
  private counters: ReplayCounters | undefined;
  /** Events folded up to here (inclusive); the moment shown. */
  private cursor = 0;
  /** Fetched events after the cursor, oldest first, up to `fetchedTo` (inclusive). */
  private buffer: OrreryEvent[] = [];
  private fetchedTo = 0;
  private fetching = false;
  /** The last page reached the host's now: nothing more is coming. */
  private exhausted = false;
  private clockBase: { at: number; wall: number } | undefined;
  private stopTicking: (() => void) | undefined;

  constructor(options: HistoryPlayerOptions) {
    this.api = options.api;
    this.target = options.target;
    this.now = options.now ?? (() => performance.now());
    this.hostNow = options.hostNow ?? Date.now;
    this.every =
      options.every ??
      ((tick, ms) => {
        const timer = setInterval(tick, ms);
        return () => clearInterval(timer);
      });
  }

  async refreshRange(): Promise<void> {
    try {
      const range = await this.api.call('history.range', {});
      // A failed look at the range is outdated by a good one; a replay's own error stays.
      useReplayStore.setState((view) => ({ range, error: view.mode === 'live' ? undefined : view.error }));
    } catch (error) {
      useReplayStore.setState({ error: messageOf(error) });
    }
  }

  /** Shows the fleet as it was at `ts`; a drag calls this often: one seek runs at a time, the latest wins. */
  seek(ts: number): void {
    const at = Math.floor(ts);
    this.generation++;
    this.stopPlayback();
    useReplayStore.setState({ mode: 'replay', at, atEnd: false, seeking: true, error: undefined });
    // Live items stop moving the model at once, not when the answer comes.
    this.target.showReplay(at);
    if (this.seekInFlight) {
      this.pendingSeek = at;
      return;
    }
    this.load(at);
  }

  play(): void {
    const view = useReplayStore.getState();
    if (view.mode === 'live' || view.at === undefined) return;
    // At the end it looks again: more may have been stored since.
    useReplayStore.setState({ playing: true, atEnd: false });
    if (!view.seeking) this.startPlayback();
  }

  pause(): void {
    this.stopPlayback();
    useReplayStore.setState({ playing: false });
  }

  setSpeed(speed: ReplaySpeed): void {
    // The clock goes on from where it is, at the new rate.
    if (this.clockBase !== undefined) this.clockBase = { at: this.cursor, wall: this.now() };
    useReplayStore.setState({ speed });
  }

  /** Back to the live fleet. */
  live(): void {
    this.generation++;
    this.stopPlayback();
    this.pendingSeek = undefined;
    this.counters = undefined;
    useReplayStore.setState({ mode: 'live', at: undefined, playing: false, atEnd: false, seeking: false, error: undefined });
    this.target.returnToLive();
  }

  dispose(): void {
    if (useReplayStore.getState().mode === 'replay') this.live();
  }

  private load(at: number): void {
    this.seekInFlight = true;
    const generation = this.generation;
    this.api.call('history.at', { ts: at }).then(
      (moment) => {
        this.seekInFlight = false;
        // Shown even when a newer seek waits: a drag then moves the graph along with it.
        if (useReplayStore.getState().mode === 'live') return;
        this.counters = new ReplayCounters(moment.snapshot);
        this.cursor = moment.ts;
        this.target.showReplay(moment.ts, { kind: 'snapshot', snapshot: moment.snapshot, journals: this.target.model.journals });
        if (this.takePendingSeek() || generation !== this.generation) return;
        useReplayStore.setState({ at: moment.ts, seeking: false });
        if (useReplayStore.getState().playing) this.startPlayback();
      },
      (error: unknown) => {
        this.seekInFlight = false;
        if (this.takePendingSeek() || generation !== this.generation) return;
        useReplayStore.setState({ seeking: false, playing: false, error: messageOf(error) });
      },
    );
  }

  private takePendingSeek(): boolean {
    const pending = this.pendingSeek;
    if (pending === undefined) return false;
    this.pendingSeek = undefined;
    this.load(pending);
    return true;
  }

  private startPlayback(): void {
    this.stopPlayback();
    this.buffer = [];
    this.fetchedTo = this.cursor;
    this.exhausted = false;
    this.clockBase = { at: this.cursor, wall: this.now() };
    this.fetchPage();
    this.stopTicking = this.every(() => this.tick(), TICK_MS);
  }

  private stopPlayback(): void {
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.clockBase = undefined;
    this.buffer = [];
    this.fetching = false;
  }

  private tick(): void {
    const base = this.clockBase;
    const counters = this.counters;
    if (base === undefined || counters === undefined) return;
    const { speed } = useReplayStore.getState();
    let target = base.at + (this.now() - base.wall) * speed;
    if (target > this.fetchedTo) {
      // Play waits for its events rather than skip them: the clock stands where the data ends.
      target = this.fetchedTo;
      this.clockBase = { at: target, wall: this.now() };
    }
    let due = 0;
    while (due < this.buffer.length && (this.buffer[due] as OrreryEvent).ts <= target) due++;
    const events = this.buffer.splice(0, due);
    this.cursor = Math.floor(target);
    if (events.length > 0) this.target.showReplay(this.cursor, { kind: 'batch', events, counters: counters.advance(events, this.cursor) });
    else this.target.showReplay(this.cursor);
    const atEnd = this.exhausted && this.buffer.length === 0 && target >= this.fetchedTo;
    useReplayStore.setState({ at: this.cursor, atEnd });
    if (atEnd) {
      this.pause();
      return;
    }
    if (!this.fetching && !this.exhausted && this.fetchedTo - target < REFILL_BELOW_MS * speed) this.fetchPage();
  }

  private fetchPage(): void {
    const generation = this.generation;
    const { speed } = useReplayStore.getState();
    const hostNow = this.hostNow();
    const fromTs = this.fetchedTo;
    if (fromTs >= hostNow) {
      this.exhausted = true;
      return;
    }
    const toTs = Math.min(fromTs + PAGE_AHEAD_MS * speed, hostNow);
    this.fetching = true;
    this.api.call('history.events', { fromTs, toTs, limit: PAGE_LIMIT }).then(
      (page) => {
        if (generation !== this.generation || this.clockBase === undefined) return;
        this.fetching = false;
        this.buffer.push(...page.events);
        // A page never ends inside a millisecond: the next one starts after its last event.
        this.fetchedTo = page.more ? (page.events.at(-1)?.ts ?? toTs) : toTs;
        this.exhausted = !page.more && toTs >= hostNow;
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.fetching = false;
        this.pause();
        useReplayStore.setState({ error: messageOf(error) });
      },
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
