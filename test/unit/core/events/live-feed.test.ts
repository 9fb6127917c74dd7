import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveFeedItem } from '../../../../src-shared/events/events-contract';
import { createLiveFeed } from '../../../../src-main/core/events/live-feed';
import type { LiveFeed } from '../../../../src-main/core/events/live-feed';
import { LiveState } from '../../../../src-shared/events/live-state';
import { BASE_TS, ev, followedJournal } from '../../../support/event-builders';

let feed: LiveFeed | undefined;
afterEach(() => {
  feed?.dispose();
  vi.useRealTimers();
});

describe('live feed', () => {
  it('greets each subscriber with a snapshot of the live state', () => {
    // The events' own time: by today's clock an agent silent since BASE_TS would long be ended.
    const liveState = new LiveState({ now: () => BASE_TS });
    liveState.apply(ev('agent_spawn', { agent_id: 'a' }));
    feed = createLiveFeed({ liveState, journalStats: () => [followedJournal(0)] });
    const items: LiveFeedItem[] = [];
    feed.subscribe((item) => items.push(item));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'snapshot', snapshot: { agents: [{ id: 'a' }] }, journals: [{ journal: '/j/events.jsonl' }] });
  });

  it('sends the first batch at once, then coalesces a burst into one push per frame', () => {
    vi.useFakeTimers();
    const liveState = new LiveState();
    feed = createLiveFeed({ liveState, journalStats: () => [], flushIntervalMs: 16 });
    const batches: LiveFeedItem[] = [];
    feed.subscribe((item) => item.kind === 'batch' && batches.push(item));
    vi.advanceTimersByTime(100);
    feed.publish([ev('agent_spawn')]);
    expect(batches).toHaveLength(1);
    for (let i = 0; i < 50; i++) feed.publish([ev('tool_use', { tool_use_id: `t${i}` })]);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(16);
    expect(batches).toHaveLength(2);
    expect(batches[1]?.kind === 'batch' && batches[1].events).toHaveLength(50);
  });

  it('pushes journal health when it changes, even with no events', () => {
    vi.useFakeTimers();
    let rejected = 0;
    feed = createLiveFeed({ liveState: new LiveState(), journalStats: () => [followedJournal(rejected)], healthIntervalMs: 100 });
    const items: LiveFeedItem[] = [];
    feed.subscribe((item) => items.push(item));
    vi.advanceTimersByTime(300);
    expect(items).toHaveLength(1);
    rejected = 2;
    vi.advanceTimersByTime(100);
    expect(items).toHaveLength(2);
    expect(items[1]).toMatchObject({ kind: 'batch', events: [], journals: [{ rejected: { malformed_json: 2 } }] });
  });

  it('stops pushing to a subscriber that left', () => {
    feed = createLiveFeed({ liveState: new LiveState(), journalStats: () => [] });
    const items: LiveFeedItem[] = [];
    const leave = feed.subscribe((item) => items.push(item));
    leave();
    feed.publish([ev('agent_spawn')]);
    expect(items).toHaveLength(1);
  });
});
