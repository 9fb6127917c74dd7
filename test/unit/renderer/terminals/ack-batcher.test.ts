import { describe, expect, it } from 'vitest';
import { AckBatcher } from '../../../../src-renderer/src/terminals/ack-batcher';
import type { AckTimers } from '../../../../src-renderer/src/terminals/ack-batcher';

function fakeTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  const timers: AckTimers = {
    set: (callback) => {
      pending.set(next, callback);
      return next++;
    },
    clear: (handle) => pending.delete(handle as number),
  };
  const fire = (): void => {
    const callbacks = [...pending.values()];
    pending.clear();
    for (const callback of callbacks) callback();
  };
  return { timers, fire, pending };
}

describe('AckBatcher', () => {
  it('acknowledges in batches of at least the threshold', () => {
    const sent: number[] = [];
    const { timers } = fakeTimers();
    const acks = new AckBatcher((chars) => sent.push(chars), { threshold: 5_000, timers });
    for (let i = 0; i < 9; i++) acks.written(1_000);
    expect(sent).toEqual([5_000]);
    acks.written(20_000);
    expect(sent).toEqual([5_000, 24_000]);
  });

  it('acknowledges a remainder once writing goes idle', () => {
    const sent: number[] = [];
    const { timers, fire, pending } = fakeTimers();
    const acks = new AckBatcher((chars) => sent.push(chars), { threshold: 5_000, timers });
    acks.written(10);
    acks.written(20);
    expect(pending.size).toBe(1);
    expect(sent).toEqual([]);
    fire();
    expect(sent).toEqual([30]);
  });

  it('cancels the idle timer when the threshold flushes first', () => {
    const sent: number[] = [];
    const { timers, pending } = fakeTimers();
    const acks = new AckBatcher((chars) => sent.push(chars), { threshold: 100, timers });
    acks.written(50);
    acks.written(60);
    expect(sent).toEqual([110]);
    expect(pending.size).toBe(0);
  });

  it('forgets what the previous view owed on reset', () => {
    const sent: number[] = [];
    const { timers, fire } = fakeTimers();
    const acks = new AckBatcher((chars) => sent.push(chars), { threshold: 100, timers });
    acks.written(40);
    acks.reset();
    fire();
    acks.written(0);
    acks.flush();
    expect(sent).toEqual([]);
  });
});
