import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../../../src-shared/api/api-client';
import type { OrreryBridge } from '../../../../src-shared/api/protocol';
import type { LiveFeedItem } from '../../../../src-shared/events/events-contract';
import { FleetFeed, PUBLISH_INTERVAL_MS } from '../../../../src-renderer/src/agents/fleet-feed';
import { useFleetStore } from '../../../../src-renderer/src/agents/fleet-store';
import { BASE_TS, counters, ev } from '../../../support/event-builders';

/** A bridge whose one stream is fed by the test. */
function feedBridge() {
  let push: ((item: unknown) => void) | undefined;
  const bridge: OrreryBridge = {
    call: () => Promise.resolve({ ok: false, error: { code: 'internal', message: 'not used' } }),
    subscribe: (_stream, _args, onItem) => {
      push = onItem;
      return () => (push = undefined);
    },
    onStatus: () => () => undefined,
  };
  return { api: new ApiClient(bridge), send: (item: LiveFeedItem) => push?.(item) };
}

afterEach(() => vi.useRealTimers());

describe('FleetFeed', () => {
  it('publishes each agent as an immutable picture, remade only when that agent changed', () => {
    vi.useFakeTimers({ now: BASE_TS });
    const { api, send } = feedBridge();
    const release = new FleetFeed().acquire(api);
    send({ kind: 'snapshot', snapshot: { at: BASE_TS, agents: [], finished: [], counters: counters(), recentEvents: [] }, journals: [] });
    send({ kind: 'batch', events: [ev('agent_spawn', { agent_id: 'a', name: 'alpha' }), ev('agent_spawn', { agent_id: 'b' })], counters: counters() });
    vi.advanceTimersByTime(PUBLISH_INTERVAL_MS);
    const first = useFleetStore.getState().agents;
    expect(first.get('a')).toMatchObject({ id: 'a', name: 'alpha', status: 'running' });

    send({ kind: 'batch', events: [ev('agent_done', { agent_id: 'b', outcome: 'error', error: 'boom' })], counters: counters() });
    vi.advanceTimersByTime(PUBLISH_INTERVAL_MS);
    const second = useFleetStore.getState().agents;
    expect(second.get('a')).toBe(first.get('a'));
    expect(second.get('b')).not.toBe(first.get('b'));
    expect(second.get('b')).toMatchObject({ outcome: 'error', error: 'boom' });
    // Pictures are copies: later changes to the model do not reach one already published.
    expect(first.get('b')).toMatchObject({ status: 'running' });
    expect(first.get('b')).not.toHaveProperty('outcome');
    release();
  });
});
