import { describe, expect, it } from 'vitest';
import { cacheHitRate, cacheRateLevel, formatCacheRate } from '../../../../src-renderer/src/agents/cache-rate';

describe('cache hit rate', () => {
  it('is cache read over cache read plus uncached input, and unknown without input', () => {
    expect(cacheHitRate(900, 100)).toBe(0.9);
    expect(cacheHitRate(0, 500)).toBe(0);
    expect(cacheHitRate(0, 0)).toBeUndefined();
  });

  it('is green from 60 %, yellow from 30 % to 59 %, red below 30 %', () => {
    const levels = [1, 0.6, 0.5999, 0.45, 0.3, 0.2999, 0].map((rate) => [formatCacheRate(rate), cacheRateLevel(rate)]);
    expect(levels).toEqual([
      ['100 %', 'good'],
      ['60 %', 'good'],
      ['59 %', 'fair'],
      ['45 %', 'fair'],
      ['30 %', 'fair'],
      ['29 %', 'poor'],
      ['0 %', 'poor'],
    ]);
  });
});
