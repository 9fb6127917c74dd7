import { describe, expect, it } from 'vitest';
import { AgentPictures } from '../../../../src-renderer/src/agents/agent-pictures';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
import { BASE_TS, counters, ev } from '../../../support/event-builders';

describe('AgentPictures', () => {
  it('copies each agent into an immutable picture, remade only when that agent changed', () => {
    const model = new FleetModel();
    const pictures = new AgentPictures();
    model.applyBatch([ev('agent_spawn', { agent_id: 'a', name: 'alpha' }), ev('agent_spawn', { agent_id: 'b' })], counters(), undefined, BASE_TS);
    const first = pictures.build(model.agents, BASE_TS);
    expect(first.get('a')).toMatchObject({ id: 'a', name: 'alpha', status: 'running' });

    model.applyBatch([ev('agent_done', { agent_id: 'b', outcome: 'error', error: 'boom' })], counters(), undefined, BASE_TS + 10);
    const second = pictures.build(model.agents, BASE_TS + 10);
    expect(second.get('a')).toBe(first.get('a'));
    expect(second.get('b')).not.toBe(first.get('b'));
    expect(second.get('b')).toMatchObject({ outcome: 'error', error: 'boom' });
    // A picture is a copy: the model moving on does not reach one already handed out.
    expect(first.get('b')).toMatchObject({ status: 'running' });
    expect(first.get('b')).not.toHaveProperty('outcome');
  });

  it('makes a new picture for a new run under the same id', () => {
    const model = new FleetModel();
    const pictures = new AgentPictures();
    model.applyBatch([ev('agent_spawn'), ev('agent_done')], counters(), undefined, BASE_TS);
    const ended = pictures.build(model.agents, BASE_TS).get('a1');
    model.applyBatch([ev('agent_spawn')], counters(), undefined, BASE_TS + 1);
    const again = pictures.build(model.agents, BASE_TS + 1).get('a1');
    expect(again).not.toBe(ended);
    expect(again).not.toHaveProperty('outcome');
  });
});
