import { describe, expect, it } from 'vitest';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
import { fitTransform } from '../../../../src-renderer/src/graph/fit-transform';
import { GraphLayout } from '../../../../src-renderer/src/graph/graph-layout';
import { counters, ev } from '../../../support/event-builders';

function settle(layout: GraphLayout): number {
  let ticks = 0;
  while (layout.step()) ticks++;
  return ticks;
}

describe('GraphLayout', () => {
  it('hangs top-level agents from the pinned orchestrator and subagents from their parent', () => {
    const model = new FleetModel();
    model.applyBatch([ev('agent_spawn', { agent_id: 'lead' }), ev('agent_spawn', { agent_id: 'sub', parent_id: 'lead' }), ev('agent_spawn', { agent_id: 'lost', parent_id: 'nobody' })], counters(), undefined, 0);
    const layout = new GraphLayout();
    expect(layout.sync(model)).toBe(true);
    expect(layout.agentCount).toBe(3);
    expect(layout.node('lead')?.parent).toBe(layout.root);
    expect(layout.node('sub')?.parent).toBe(layout.node('lead'));
    expect(layout.node('lost')?.parent).toBe(layout.root);
    settle(layout);
    expect(layout.root).toMatchObject({ x: 0, y: 0 });
  });

  it('starts a new node beside its parent', () => {
    const model = new FleetModel();
    model.applyBatch([ev('agent_spawn', { agent_id: 'lead' })], counters(), undefined, 0);
    const layout = new GraphLayout();
    layout.sync(model);
    settle(layout);
    model.applyBatch([ev('agent_spawn', { agent_id: 'kid', parent_id: 'lead' })], counters(), undefined, 0);
    layout.sync(model);
    const lead = layout.node('lead');
    const kid = layout.node('kid');
    expect(Math.hypot((kid?.x ?? 0) - (lead?.x ?? 0), (kid?.y ?? 0) - (lead?.y ?? 0))).toBeLessThan(30);
  });

  it('sleeps until the topology changes, then reheats gently', () => {
    const model = new FleetModel();
    model.applyBatch(Array.from({ length: 10 }, (_, i) => ev('agent_spawn', { agent_id: i === 0 ? 'a' : `x${i}` })), counters(), undefined, 0);
    const layout = new GraphLayout();
    layout.sync(model);
    const coldTicks = settle(layout);
    expect(layout.hot).toBe(false);

    model.applyBatch([ev('tool_use', { agent_id: 'a' })], counters(), undefined, 0);
    expect(layout.sync(model)).toBe(false);
    expect(layout.step()).toBe(false);

    model.applyBatch([ev('agent_spawn', { agent_id: 'b' })], counters(), undefined, 0);
    expect(layout.sync(model)).toBe(true);
    expect(layout.hot).toBe(true);
    // A small change settles in well under the ticks of a cold start.
    expect(settle(layout)).toBeLessThan(coldTicks * 0.8);
  });

  it('keeps positions of surviving nodes across removals and snapshots', () => {
    const model = new FleetModel({ lingerMs: 10 });
    model.applyBatch([ev('agent_spawn', { agent_id: 'a' }), ev('agent_spawn', { agent_id: 'b' }), ev('agent_done', { agent_id: 'b' })], counters(), undefined, 0);
    const layout = new GraphLayout();
    layout.sync(model);
    settle(layout);
    const a = layout.node('a');
    model.expire(100);
    layout.sync(model);
    expect(layout.node('b')).toBeUndefined();
    expect(layout.node('a')).toBe(a);
    expect(layout.nodes).toHaveLength(2);
  });

  it('finds the node under a point', () => {
    const model = new FleetModel();
    model.applyBatch([ev('agent_spawn', { agent_id: 'a' })], counters(), undefined, 0);
    const layout = new GraphLayout();
    layout.sync(model);
    const a = layout.node('a');
    expect(layout.find((a?.x ?? 0) + 1, a?.y ?? 0, 4)).toBe(a);
  });

  it('survives a parent cycle', () => {
    const model = new FleetModel();
    model.applyBatch([ev('log', { agent_id: 'x', parent_id: 'y' }), ev('log', { agent_id: 'y', parent_id: 'x' })], counters(), undefined, 0);
    const layout = new GraphLayout();
    layout.sync(model);
    expect(layout.node('x')?.parent).toBe(layout.node('y'));
    expect(layout.node('y')?.parent).toBe(layout.node('x'));
  });
});

describe('fitTransform', () => {
  it('centres the bounds and scales them into the view', () => {
    const t = fitTransform({ minX: -100, minY: -50, maxX: 100, maxY: 50 }, 440, 340, 20);
    expect(t.k).toBeCloseTo(2);
    expect(t.x).toBeCloseTo(220);
    expect(t.y).toBeCloseTo(170);
  });

  it('does not blow a single node up past the maximum scale', () => {
    expect(fitTransform({ minX: -5, minY: -5, maxX: 5, maxY: 5 }, 800, 600, 20, 2).k).toBe(2);
  });
});
