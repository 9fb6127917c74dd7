import { describe, expect, it } from 'vitest';
import { AgentRecord, applyToAgent } from '../../../../src-shared/events/agent-record';
import { BASE_TS, ev } from '../../../support/event-builders';

describe('AgentRecord', () => {
  it('round-trips through a snapshot: restore is the inverse of toLive and toFinished', () => {
    const record = new AgentRecord('a1', 'demo', BASE_TS);
    applyToAgent(record, ev('agent_spawn', { parent_id: 'p', session_id: 's', name: 'scout', model: 'm' }));
    applyToAgent(record, ev('tool_use', { ts: BASE_TS + 10, tool: 'Read', tool_use_id: 't1' }));
    applyToAgent(record, ev('usage', { ts: BASE_TS + 20, tokens_in: 7, tokens_out: 3, cache_read: 2, cache_write: 1, cost_usd: 0.5 }));

    const live = record.toLive(BASE_TS + 100);
    const restored = new AgentRecord(live.id, live.source, live.startedAt).restore(live);
    expect(restored.toLive(BASE_TS + 100)).toEqual(live);
    expect(restored.openTools).toEqual(new Map([['t1', 'Read']]));

    applyToAgent(record, ev('agent_done', { ts: BASE_TS + 50, outcome: 'error', error: 'boom' }));
    const finished = record.toFinished();
    expect(new AgentRecord(finished.id, finished.source, finished.startedAt).restore(finished).toFinished()).toEqual(finished);
  });
});
