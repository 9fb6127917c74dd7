import { useEffect } from 'react';
import type { LiveFeedItem } from '../../../src-shared/events/events-contract';
import type { ApiClient } from '../../../src-shared/api/api-client';
import { useApi } from '../api/api-context';
import { AgentPictures } from './agent-pictures';
import { AgentRowBuilder } from './agent-rows';
import { FleetModel } from './fleet-model';
import { useFleetStore } from './fleet-store';
import { refCounted } from '../state/ref-counted';

/** React views see the fleet at most this often, however fast events arrive. */
export const PUBLISH_INTERVAL_MS = 250;

/**
 * The one `events.live` subscription: folds every item into the shared mutable model, wakes the
 * canvas, and copies the model into the zustand store on a steady ≤ 4 Hz beat. Nothing here
 * renders React per event.
 */
export class FleetFeed {
  readonly model = new FleetModel();
  private readonly listeners = new Set<() => void>();
  private readonly liveItemListeners = new Set<(item: LiveFeedItem) => void>();
  /** The moment a replay shows (history/), in event time; undefined while the model shows the live fleet. */
  private replayAt: number | undefined;
  /** Drops the live subscription and makes a new one, whose first item is a fresh snapshot. */
  private resubscribe: (() => void) | undefined;
  private readonly rows = new AgentRowBuilder();
  private readonly pictures = new AgentPictures();
  private publishedVersion = -1;
  /** Nothing is published before the first snapshot: an empty fleet and "not known yet" differ. */
  private loaded = false;

  /** Called when the model changed, at most once per pushed item. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every live item as it arrives, during a replay too: notifications follow the live fleet whatever is shown. */
  onLiveItem(listener: (item: LiveFeedItem) => void): () => void {
    this.liveItemListeners.add(listener);
    return () => this.liveItemListeners.delete(listener);
  }

  /**
   * Shows the fleet as it was at `at` (event time) instead of the live one: from then on live items
   * leave the model alone, and the replay's own items (a moment's snapshot, the events after it)
   * are folded in instead, through the same model. `item` may come later than the first call.
   */
  showReplay(at: number, item?: LiveFeedItem): void {
    this.replayAt = at;
    if (item !== undefined) this.fold(item);
    else this.publish();
  }

  /** Back to the live fleet, from a fresh snapshot (a new subscription's first item). */
  returnToLive(): void {
    if (this.replayAt === undefined) return;
    this.replayAt = undefined;
    this.resubscribe?.();
    this.publish();
  }

  /** Reference-counted (see refCounted), so every fleet view can ask for the feed and only one subscription runs. */
  readonly acquire: (api: ApiClient) => () => void = refCounted((api) => this.start(api));

  private start(api: ApiClient): () => void {
    const subscribe = (): (() => void) =>
      api.subscribe(
        'events.live',
        {},
        (item) => this.receive(item),
        (error) => {
          if (error) console.error('[orrery] events.live ended', error);
        },
      );
    let unsubscribe = subscribe();
    this.resubscribe = () => {
      unsubscribe();
      unsubscribe = subscribe();
    };
    const timer = setInterval(() => this.publish(), PUBLISH_INTERVAL_MS);
    return () => {
      clearInterval(timer);
      this.resubscribe = undefined;
      unsubscribe();
    };
  }

  private receive(item: LiveFeedItem): void {
    for (const listener of this.liveItemListeners) listener(item);
    if (this.replayAt === undefined) this.fold(item);
  }

  private fold(item: LiveFeedItem): void {
    const now = Date.now();
    if (item.kind === 'snapshot') {
      this.model.loadSnapshot(item.snapshot, item.journals, now);
      this.loaded = true;
    } else this.model.applyBatch(item.events, item.counters, item.journals, now);
    this.notify();
    // A snapshot is the first picture after (re)connecting: show it without waiting for the beat.
    if (item.kind === 'snapshot') this.publish();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private publish(): void {
    if (!this.loaded) return;
    const now = Date.now();
    // A replay's silences are judged at the moment it shows, not at the wall clock's.
    const eventNow = this.replayAt ?? now;
    if (this.model.expire(now, eventNow)) this.notify();
    const model = this.model;
    const eventsPerSecond = Math.round(model.rate.perSecond(now));
    const view = useFleetStore.getState();
    if (model.version === this.publishedVersion && eventsPerSecond === view.eventsPerSecond && this.replayAt === view.replayAt) return;
    const changed = model.version !== this.publishedVersion;
    this.publishedVersion = model.version;
    useFleetStore.setState({
      ready: true,
      eventsPerSecond,
      replayAt: this.replayAt,
      ...(changed && {
        counters: model.counters,
        rows: this.rows.build(model.agents),
        agents: this.pictures.build(model.agents, eventNow),
        journals: model.journals,
        lastEventTs: model.lastEventTs,
        version: model.version,
      }),
    });
  }
}

export const fleetFeed = new FleetFeed();

/** Keeps the live subscription running while the calling component is mounted. */
export function useFleetFeed(): FleetFeed {
  const api = useApi();
  useEffect(() => fleetFeed.acquire(api), [api]);
  return fleetFeed;
}
