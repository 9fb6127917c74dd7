import { describe, expect, it } from 'vitest';
import { agentRadius, drawnRadius, MAX_AGENT_RADIUS, MIN_AGENT_RADIUS, MIN_NODE_RADIUS_PX, NODE_SCALE_CAP } from '../../../../src-renderer/src/graph/node-size';

describe('agentRadius', () => {
  it('starts at the smallest size and never shrinks as tokens grow', () => {
    expect(agentRadius(0)).toBe(MIN_AGENT_RADIUS);
    let previous = 0;
    for (let tokens = 0; tokens <= 5_000_000; tokens = tokens * 2 + 100) {
      const radius = agentRadius(tokens);
      expect(radius).toBeGreaterThanOrEqual(previous);
      previous = radius;
    }
  });

  it('grows on a log scale: each tenfold adds about the same', () => {
    const steps = [10_000, 100_000, 1_000_000].map((tokens) => agentRadius(tokens) - agentRadius(tokens / 10));
    for (const step of steps) expect(step).toBeGreaterThan(1);
    expect(Math.max(...steps) - Math.min(...steps)).toBeLessThanOrEqual(0.75);
    // A linear scale would make a million-token session 1000× a thousand-token scout.
    expect(agentRadius(1_000_000) / agentRadius(1_000)).toBeLessThan(3);
  });

  it('stops at the largest size and treats nonsense as nothing used', () => {
    expect(agentRadius(1_000_000)).toBe(MAX_AGENT_RADIUS);
    expect(agentRadius(1e12)).toBe(MAX_AGENT_RADIUS);
    expect(agentRadius(-5)).toBe(MIN_AGENT_RADIUS);
    expect(agentRadius(Number.NaN)).toBe(MIN_AGENT_RADIUS);
  });

  it('moves in quarter steps, so a trickle of usage does not repaint', () => {
    for (const tokens of [1_234, 56_789, 345_678]) expect((agentRadius(tokens) * 4) % 1).toBe(0);
    expect(agentRadius(50_000)).toBe(agentRadius(50_100));
  });
});

describe('drawnRadius', () => {
  const onScreen = (radius: number, k: number): number => drawnRadius(radius, k) * k;

  it('keeps a node 6 px across however far out the view is', () => {
    expect(onScreen(MIN_AGENT_RADIUS, 0.05)).toBe(MIN_NODE_RADIUS_PX);
    expect(onScreen(MAX_AGENT_RADIUS, 0.1)).toBe(MIN_NODE_RADIUS_PX);
  });

  it('grows with the zoom up to the cap, then holds its size while the layout spreads out', () => {
    expect(onScreen(MIN_AGENT_RADIUS, 1)).toBe(MIN_AGENT_RADIUS);
    expect(onScreen(MIN_AGENT_RADIUS, NODE_SCALE_CAP)).toBe(MIN_AGENT_RADIUS * NODE_SCALE_CAP);
    expect(onScreen(MIN_AGENT_RADIUS, 6)).toBe(MIN_AGENT_RADIUS * NODE_SCALE_CAP);
    // A bigger agent stays bigger at every zoom where either is above the floor.
    for (const k of [0.5, 1, 3, 8]) expect(onScreen(MAX_AGENT_RADIUS, k)).toBeGreaterThan(onScreen(MIN_AGENT_RADIUS, k));
  });
});
