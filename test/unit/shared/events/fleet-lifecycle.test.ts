import { describe, expect, it } from 'vitest';
import { AgentRecord, applyToAgent } from '../../../../src-shared/events/agent-record';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { FleetLifecycle, LINGER_MS } from '../../../../src-shared/events/fleet-lifecycle';
import { LiveState } from '../../../../src-shared/events/live-state';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
import { BASE_TS, counters, ev } from '../../../support/event-builders';

/** Feeds events the way both users do: route, fold, and end what an agent_done ended. */
function feed(fleet: FleetLifecycle<AgentRecord>, event: OrreryEvent): void {
  const { record, late } = fleet.route(event, () => new AgentRecord(event.agent_id, event.source, event.ts));
  if (late) return;
  applyToAgent(record, event);
  if (event.type === 'agent_done') fleet.ended(record, event.ts);
}

describe('FleetLifecycle', () => {
  it('creates on any first event, lingers after the end, routes stragglers late, and replaces only on a spawn', () => {
    const fleet = new FleetLifecycle<AgentRecord>({ lingerMs: 1_000 });
    feed(fleet, ev('tool_use', { agent_id: 'mid', tool: 'Bash', tool_use_id: 'u', ts: BASE_TS }));
    expect(fleet.alive).toBe(1);
    feed(fleet, ev('agent_done', { agent_id: 'mid', ts: BASE_TS + 100 }));
    const ended = fleet.agents.get('mid');
    expect(fleet.alive).toBe(0);
    expect(fleet.route(ev('usage', { agent_id: 'mid', tokens_in: 1, tokens_out: 1 }), () => new AgentRecord('x', 'x', 0))).toMatchObject({ record: ended, late: true, created: false });

    feed(fleet, ev('agent_spawn', { agent_id: 'mid', ts: BASE_TS + 200 }));
    const again = fleet.agents.get('mid');
    expect(again).not.toBe(ended);
    expect(fleet.alive).toBe(1);
    // The ended run's linger runs out; the new run under the same id stays.
    expect(fleet.expire(BASE_TS + 1_100)).toEqual([]);
    expect(fleet.agents.get('mid')).toBe(again);
  });

  it('bounds the lingering agents, the oldest ends leaving first', () => {
    const fleet = new FleetLifecycle<AgentRecord>({ maxLingering: 2 });
    for (const id of ['a', 'b', 'c']) feed(fleet, ev('agent_done', { agent_id: id, ts: BASE_TS }));
    expect(fleet.expire(BASE_TS).map((agent) => agent.id)).toEqual(['a']);
    expect(fleet.lingeringAgents().map((agent) => agent.id)).toEqual(['b', 'c']);
  });

  it('is what the host’s live state and the page’s fleet model both run: same agents, same linger', () => {
    const script: [number, OrreryEvent][] = [
      [0, ev('agent_spawn', { agent_id: 'lead', ts: BASE_TS })],
      [100, ev('agent_spawn', { agent_id: 'sub', parent_id: 'lead', ts: BASE_TS + 100 })],
      [500, ev('agent_done', { agent_id: 'sub', ts: BASE_TS + 500 })],
      [600, ev('usage', { agent_id: 'sub', tokens_in: 5, tokens_out: 1, ts: BASE_TS + 600 })],
      [1_000, ev('agent_spawn', { agent_id: 'sub', parent_id: 'lead', ts: BASE_TS + 1_000 })],
      [1_500, ev('agent_done', { agent_id: 'sub', ts: BASE_TS + 1_500 })],
      [2_000, ev('agent_done', { agent_id: 'lead', ts: BASE_TS + 2_000 })],
    ];
    let now = BASE_TS;
    const host = new LiveState({ now: () => now });
    const page = new FleetModel();
    const hostView = () => {
      const snapshot = host.snapshot();
      return [...snapshot.agents.map((a) => `${a.id}:alive`), ...snapshot.finished.map((a) => `${a.id}:ended`)].sort();
    };
    const pageView = () => {
      page.expire(now);
      return [...page.agents.values()].map((a) => `${a.id}:${a.finished ? 'ended' : 'alive'}`).sort();
    };
    for (const [at, event] of script) {
      now = BASE_TS + at;
      host.apply(event);
      page.applyBatch([event], counters(), undefined, now);
      expect(pageView(), `after ${event.type} of ${event.agent_id} at ${at}`).toEqual(hostView());
    }
    for (const at of [2_000 + LINGER_MS - 1, 1_500 + LINGER_MS, 2_000 + LINGER_MS]) {
      now = BASE_TS + at;
      expect(pageView(), `at ${at}`).toEqual(hostView());
    }
    expect(hostView()).toEqual([]);
    expect(page.lingerMs).toBe(LINGER_MS);
  });
});
