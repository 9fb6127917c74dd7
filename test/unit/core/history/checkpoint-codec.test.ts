import { describe, expect, it } from 'vitest';
import { AgentRecord } from '../../../../src-shared/events/agent-record';
import { LiveState } from '../../../../src-shared/events/live-state';
import { decodeCheckpoint, encodeCheckpoint } from '../../../../src-main/core/history/checkpoint-codec';
import { ev } from '../../../support/event-builders';
import { randomHistory } from './random-history';

const T0 = 1_750_000_000_000;

function restoredCopy(state: LiveState, clock: { now: number }): LiveState {
  const decoded = decodeCheckpoint(encodeCheckpoint({ clock: clock.now, image: state.exportImage() }));
  const copy = new LiveState({ now: () => clock.now });
  copy.importImage({ ...decoded.image, recentEvents: state.exportImage().recentEvents });
  return copy;
}

describe('checkpoint codec', () => {
  it('keeps every field of a record, its parallel tools included', () => {
    const record = Object.assign(new AgentRecord('a', 'demo', T0), {
      parentId: 'p', sessionId: 's', name: 'n', model: 'm', status: 'waiting' as const, currentTool: 'Bash', currentToolUseId: 't2',
      openTools: new Map([['t1', 'Read'], ['t2', 'Bash']]), toolCalls: 7, tokensIn: 1, tokensOut: 2, cacheRead: 3, cacheWrite: 4, costUsd: 0.5,
      lastEventAt: T0 + 9, outcome: 'error' as const, error: 'boom', endedAt: T0 + 9, runId: 'r', terminalId: 'term', pid: 42, pidStart: '77', host: 'h', details: { phase: 'build', n: 1, ok: true },
    });
    const state = new LiveState({ now: () => T0 });
    state.importImage({ counts: state.exportImage().counts, fleet: { agents: [record], lingering: [{ record, since: T0 + 9 }], children: [['p', [record]]] }, recentEvents: [] });
    const decoded = decodeCheckpoint(encodeCheckpoint({ clock: T0, image: state.exportImage() }));
    expect(decoded.image.fleet.agents[0]).toEqual(record);
    expect(decoded.image.fleet.agents[0]).toBeInstanceOf(AgentRecord);
    // One record, referred to three times, is still one record.
    expect(decoded.image.fleet.lingering[0]?.record).toBe(decoded.image.fleet.agents[0]);
    expect(decoded.image.fleet.children[0]?.[1][0]).toBe(decoded.image.fleet.agents[0]);
  });

  it('restores a state that goes on exactly like the original', () => {
    const events = randomHistory({ seed: 7, events: 4000, startTs: T0 });
    const clock = { now: T0 };
    const original = new LiveState({ now: () => clock.now });
    let copy: LiveState | undefined;
    events.forEach((event, i) => {
      clock.now = Math.max(clock.now, event.ts);
      original.apply(event);
      copy?.apply(event);
      // Copies taken at many points, each compared after the events that follow it.
      if (i % 500 === 250) {
        if (copy !== undefined) expect(copy.snapshot()).toEqual(original.snapshot());
        copy = restoredCopy(original, clock);
      }
    });
    expect(copy?.snapshot()).toEqual(original.snapshot());
  });

  it('keeps which tool is current when the newest of parallel calls returns', () => {
    const clock = { now: T0 };
    const state = new LiveState({ now: () => clock.now });
    state.applyBatch([ev('tool_use', { ts: T0, tool: 'Read', tool_use_id: 't1' }), ev('tool_use', { ts: T0, tool: 'Grep', tool_use_id: 't2' })]);
    const copy = restoredCopy(state, clock);
    copy.apply(ev('tool_result', { ts: T0, tool_use_id: 't2' }));
    expect(copy.agent('a1')).toMatchObject({ currentTool: 'Read', currentToolUseId: 't1' });
  });

  it('refuses a checkpoint of another format instead of misreading it', () => {
    expect(() => decodeCheckpoint(JSON.stringify({ format: 99 }))).toThrow('a history checkpoint has format 99; this Orrery reads format 1');
  });
});
