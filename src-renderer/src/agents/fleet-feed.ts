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

  /** Reference-counted (see refCounted), so every fleet view can ask for the feed and only one subscription runs. */
  readonly acquire: (api: ApiClient) => () => void = refCounted((api) => this.start(api));

  private start(api: ApiClient): () => void {
    const unsubscribe = api.subscribe(
      'events.live',
      {},
      (item) => this.receive(item),
      (error) => {
        if (error) console.error('[orrery] events.live ended', error);
      },
    );
    const timer = setInterval(() => this.publish(), PUBLISH_INTERVAL_MS);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }

  private receive(item: LiveFeedItem): void {
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
    if (this.model.expire(now)) this.notify();
    const model = this.model;
    const eventsPerSecond = Math.round(model.rate.perSecond(now));
    const view = useFleetStore.getState();
    if (model.version === this.publishedVersion && eventsPerSecond === view.eventsPerSecond) return;
    const changed = model.version !== this.publishedVersion;
    this.publishedVersion = model.version;
    useFleetStore.setState({
      ready: true,
      eventsPerSecond,
      ...(changed && {
        counters: model.counters,
        rows: this.rows.build(model.agents),
        agents: this.pictures.build(model.agents, now),
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
