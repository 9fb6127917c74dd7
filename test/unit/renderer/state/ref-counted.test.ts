import { describe, expect, it, vi } from 'vitest';
import { refCounted } from '../../../../src-renderer/src/state/ref-counted';

describe('refCounted', () => {
  it('starts once for many users, stops when the last lets go, and ignores a double release', () => {
    const stop = vi.fn();
    const start = vi.fn(() => stop);
    const acquire = refCounted(start);
    const first = acquire('api');
    const second = acquire('api');
    expect(start).toHaveBeenCalledTimes(1);
    first();
    first();
    expect(stop).not.toHaveBeenCalled();
    second();
    expect(stop).toHaveBeenCalledTimes(1);
    acquire('api')();
    expect(start).toHaveBeenCalledTimes(2);
  });
});
