import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from '../../../../src-main/core/terminals/output-batcher';
import { ListenerSet } from '../../../../src-main/core/util/listener-set';

afterEach(() => {
  vi.useRealTimers();
});

describe('OutputBatcher', () => {
  it('delivers a burst as one batch after the delay', () => {
    vi.useFakeTimers();
    const batches: string[] = [];
    const batcher = new OutputBatcher(5, 1000, (data) => batches.push(data));
    batcher.push('a');
    batcher.push('b');
    vi.advanceTimersByTime(4);
    expect(batches).toEqual([]);
    batcher.push('c');
    vi.advanceTimersByTime(1);
    expect(batches).toEqual(['abc']);
    batcher.push('d');
    batcher.flush();
    expect(batches).toEqual(['abc', 'd']);
    vi.advanceTimersByTime(10);
    expect(batches).toEqual(['abc', 'd']);
  });

  it('sends a batch as soon as it reaches the size cap, without waiting for the delay', () => {
    vi.useFakeTimers();
    const batches: string[] = [];
    const batcher = new OutputBatcher(5, 10, (data) => batches.push(data));
    batcher.push('12345');
    batcher.push('678');
    expect(batches).toEqual([]);
    batcher.push('9012');
    expect(batches).toEqual(['123456789012']);
    batcher.push('x');
    vi.advanceTimersByTime(4);
    expect(batches).toEqual(['123456789012']);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual(['123456789012', 'x']);
  });
});

describe('ListenerSet', () => {
  it('unregisters with the returned function and runs every listener even if one throws', () => {
    const set = new ListenerSet<number>();
    const seen: number[] = [];
    const dispose = set.add((n) => seen.push(n));
    set.add(() => {
      throw new Error('boom');
    });
    set.add((n) => seen.push(n * 10));
    expect(() => set.emit(1)).toThrow('boom');
    expect(seen).toEqual([1, 10]);
    dispose();
    expect(() => set.emit(2)).toThrow('boom');
    expect(seen).toEqual([1, 10, 20]);
  });
});
