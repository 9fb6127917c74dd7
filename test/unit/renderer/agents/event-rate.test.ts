import { describe, expect, it } from 'vitest';
import { EventRate } from '../../../../src-renderer/src/agents/event-rate';

describe('EventRate', () => {
  it('reports events per second over the sliding window', () => {
    const rate = new EventRate(1_000, 100);
    const start = 1_000_000;
    for (let t = 0; t < 1_000; t += 10) rate.add(5, start + t);
    expect(rate.perSecond(start + 999)).toBeCloseTo(500, -1);
  });

  it('forgets events older than the window', () => {
    const rate = new EventRate(1_000, 100);
    rate.add(300, 50_000);
    expect(rate.perSecond(50_050)).toBeGreaterThan(0);
    expect(rate.perSecond(51_100)).toBe(0);
    rate.add(10, 60_000);
    expect(rate.perSecond(60_999)).toBeCloseTo(10, 1);
  });

  it('does not overstate the rate while the newest bucket is young', () => {
    const rate = new EventRate(2_000, 100);
    for (let t = 0; t < 5_000; t += 20) rate.add(1, 10_000 + t);
    expect(rate.perSecond(14_999)).toBeCloseTo(50, 0);
    expect(rate.perSecond(15_001)).toBeLessThanOrEqual(51);
  });

  it('resets', () => {
    const rate = new EventRate();
    rate.add(100, 1_000);
    rate.reset();
    expect(rate.perSecond(1_000)).toBe(0);
  });
});
