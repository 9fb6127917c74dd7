import { describe, expect, it } from 'vitest';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
import { easeView, fitTransform, FOLLOW_FIT, FOLLOW_TIME_CONSTANT_MS, insetsClearOf } from '../../../../src-renderer/src/graph/follow-view';
import type { ViewTransform } from '../../../../src-renderer/src/graph/follow-view';
import { GraphLayout } from '../../../../src-renderer/src/graph/graph-layout';
import { drawnRadius, MIN_NODE_RADIUS_PX } from '../../../../src-renderer/src/graph/node-size';
import { counters, ev } from '../../../support/event-builders';

const exact = { marginShare: 0, minMarginPx: 20, maxScale: 2.5, minScale: 0.05 };

describe('fitTransform', () => {
  it('centres the bounds and scales them into the view inside the margin', () => {
    const t = fitTransform({ minX: -100, minY: -50, maxX: 100, maxY: 50 }, 440, 340, exact);
    expect(t.k).toBeCloseTo(2);
    expect(t.x).toBeCloseTo(220);
    expect(t.y).toBeCloseTo(170);
  });

  it('keeps a margin that grows with the view', () => {
    const bounds = { minX: 0, minY: 0, maxX: 100, maxY: 100 };
    const t = fitTransform(bounds, 1000, 1000, { ...FOLLOW_FIT, maxScale: 100 });
    // 7 % of 1000 on each side.
    expect(t.k * 100).toBeCloseTo(1000 - 2 * 70);
    expect(t.x).toBeCloseTo(70);
  });

  it('does not blow a single node up past the maximum scale', () => {
    expect(fitTransform({ minX: -5, minY: -5, maxX: 5, maxY: 5 }, 800, 600, { ...exact, maxScale: 2 }).k).toBe(2);
  });

  it('fits into what the insets leave free', () => {
    const bounds = { minX: -50, minY: -50, maxX: 50, maxY: 50 };
    const t = fitTransform(bounds, 1000, 500, exact, { top: 50, right: 0, bottom: 0, left: 300 });
    // Free: x 300…1000, y 50…500; the box is centred there.
    expect(t.k).toBeCloseTo(2.5);
    expect(t.x).toBeCloseTo(650);
    expect(t.y).toBeCloseTo(275);
    // Insets that cover everything are ignored rather than turning the picture inside out.
    expect(fitTransform(bounds, 400, 300, exact, { top: 200, right: 0, bottom: 200, left: 0 }).k).toBeGreaterThan(0);
  });

  it('survives an empty graph', () => {
    const t = fitTransform({ minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }, 800, 600);
    expect([t.x, t.y, t.k].every(Number.isFinite)).toBe(true);
  });
});

describe('following a real layout', () => {
  for (const agents of [5, 12, 30, 50]) {
    it(`fills at least half of the shorter side with ${agents} agents, nodes at least 6 px`, () => {
      const model = new FleetModel();
      const spawns = Array.from({ length: agents }, (_, i) => ev('agent_spawn', { agent_id: `a${i}`, ...(i < 3 ? {} : { parent_id: `a${i % 3}` }) }));
      model.applyBatch(spawns, counters(), undefined, 0);
      const layout = new GraphLayout();
      layout.sync(model);
      while (layout.step());
      // A 1000×520 graph region with the counters (50 px) on top and the legend (380×220) in a corner.
      const [width, height] = [1000, 520];
      const t = fitTransform(layout.bounds(), width, height, FOLLOW_FIT, insetsClearOf(width, height, 50, { width: 380, height: 220 }));
      const b = layout.bounds();
      const span = Math.max((b.maxX - b.minX) * t.k, (b.maxY - b.minY) * t.k);
      expect(span).toBeGreaterThanOrEqual(Math.min(width, height) / 2);
      for (const node of layout.nodes) expect(drawnRadius(node.radius, t.k) * t.k).toBeGreaterThanOrEqual(MIN_NODE_RADIUS_PX);
    });
  }
});

describe('insetsClearOf', () => {
  it('takes the legend off the side of a wide view and off the bottom of a tall one', () => {
    expect(insetsClearOf(1000, 500, 40, { width: 300, height: 200 })).toEqual({ top: 40, right: 0, bottom: 0, left: 300 });
    expect(insetsClearOf(500, 1000, 40, { width: 300, height: 200 })).toEqual({ top: 40, right: 0, bottom: 200, left: 0 });
    expect(insetsClearOf(500, 1000, 40, undefined)).toEqual({ top: 40, right: 0, bottom: 0, left: 0 });
  });
});

describe('easeView', () => {
  const from: ViewTransform = { x: 0, y: 0, k: 1 };
  const to: ViewTransform = { x: 300, y: -120, k: 4 };

  it('moves part of the way each frame, never past the target, and then lands on it exactly', () => {
    let view = from;
    let previous = Infinity;
    let frames = 0;
    while (view !== to && frames < 1_000) {
      view = easeView(view, to, 16);
      const left = Math.abs(to.x - view.x);
      expect(left).toBeLessThanOrEqual(previous);
      expect(view.k).toBeLessThanOrEqual(to.k);
      previous = left;
      frames++;
    }
    expect(view).toBe(to);
    // Eases, rather than jumps: it takes a visible fraction of a second at 60 Hz.
    expect(frames).toBeGreaterThan(10);
    expect(frames).toBeLessThan(120);
  });

  it('covers the same ground per second at any frame rate', () => {
    let fast = from;
    for (let i = 0; i < 4; i++) fast = easeView(fast, to, 8);
    const slow = easeView(easeView(from, to, 16), to, 16);
    expect(fast.x).toBeCloseTo(slow.x, 6);
    expect(fast.k).toBeCloseTo(slow.k, 6);
    // About two thirds of the way after one time constant.
    expect(easeView(from, to, FOLLOW_TIME_CONSTANT_MS).x / to.x).toBeCloseTo(1 - Math.exp(-1), 6);
  });

  it('stays put when no time passed', () => {
    expect(easeView(from, to, 0)).toEqual(from);
  });
});
