import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateEvent } from '../../../../src-main/core/events/event-schema';
import type { OrreryEvent } from '../../../../src-main/core/events/event-schema';
import type { LiveFeedItem } from '../../../../src-main/core/events/events-contract';
import type { JournalStats } from '../../../../src-main/core/events/journal-stats';
import { createLiveFeed } from '../../../../src-main/core/events/live-feed';
import type { LiveFeed } from '../../../../src-main/core/events/live-feed';
import { LiveState } from '../../../../src-main/core/events/live-state';
import { eventInput } from './helpers';

function event(type: OrreryEvent['type'], fields: Record<string, unknown> = {}): OrreryEvent {
  const result = validateEvent(eventInput(type, fields));
  if (!result.ok) throw new Error(result.detail);
  return result.event;
}

function journal(rejectedJson: number): JournalStats {
  return {
    journal: '/j/events.jsonl',
    state: 'following',
    position: undefined,
    delivered: 0,
    rejected: { malformed_json: rejectedJson, schema_violation: 0, oversize_line: 0, invalid_utf8: 0 },
    recentRejections: [],
  };
}

let feed: LiveFeed | undefined;
afterEach(() => {
  feed?.dispose();
  vi.useRealTimers();
});

describe('live feed', () => {
  it('greets each subscriber with a snapshot of the live state', () => {
    const liveState = new LiveState();
    liveState.apply(event('agent_spawn', { agent_id: 'a' }));
    feed = createLiveFeed({ liveState, journalStats: () => [journal(0)] });
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
    feed.publish([event('agent_spawn')]);
    expect(batches).toHaveLength(1);
    for (let i = 0; i < 50; i++) feed.publish([event('tool_use', { tool_use_id: `t${i}` })]);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(16);
    expect(batches).toHaveLength(2);
    expect(batches[1]?.kind === 'batch' && batches[1].events).toHaveLength(50);
  });

  it('pushes journal health when it changes, even with no events', () => {
    vi.useFakeTimers();
    let rejected = 0;
    feed = createLiveFeed({ liveState: new LiveState(), journalStats: () => [journal(rejected)], healthIntervalMs: 100 });
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
    feed.publish([event('agent_spawn')]);
    expect(items).toHaveLength(1);
  });
});
