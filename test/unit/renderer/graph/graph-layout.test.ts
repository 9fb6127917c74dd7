import { describe, expect, it } from 'vitest';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
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

describe('GraphLayout sizes and subtrees', () => {
  it('grows a node as its agent uses tokens, and warms the layout just enough to make room', () => {
    const model = new FleetModel();
    model.applyBatch([ev('agent_spawn', { agent_id: 'a' }), ev('agent_spawn', { agent_id: 'b' })], counters(), undefined, 0);
    const layout = new GraphLayout();
    layout.sync(model);
    settle(layout);
    const small = layout.node('a')?.radius ?? 0;
    expect(layout.resize()).toBe(false);

    model.applyBatch([ev('usage', { agent_id: 'a', tokens_in: 200_000, tokens_out: 40_000 })], counters(), undefined, 0);
    const revision = layout.revision;
    expect(layout.resize()).toBe(true);
    expect(layout.node('a')?.radius).toBeGreaterThan(small);
    expect(layout.node('b')?.radius).toBe(small);
    expect(layout.revision).toBeGreaterThan(revision);
    expect(layout.hot).toBe(true);
    // Grown apart: the collision force knows the new radius.
    settle(layout);
    const [a, b] = [layout.node('a'), layout.node('b')];
    expect(Math.hypot((a?.x ?? 0) - (b?.x ?? 0), (a?.y ?? 0) - (b?.y ?? 0))).toBeGreaterThanOrEqual((a?.radius ?? 0) + (b?.radius ?? 0));
  });

  it('marks a node and everything below it, and nothing else, even with a parent cycle elsewhere', () => {
    const model = new FleetModel();
    model.applyBatch(
      [
        ev('agent_spawn', { agent_id: 'lead' }),
        ev('agent_spawn', { agent_id: 'kid', parent_id: 'lead' }),
        ev('agent_spawn', { agent_id: 'grandkid', parent_id: 'kid' }),
        ev('agent_spawn', { agent_id: 'other' }),
        ev('log', { agent_id: 'x', parent_id: 'y' }),
        ev('log', { agent_id: 'y', parent_id: 'x' }),
      ],
      counters(),
      undefined,
      0,
    );
    const layout = new GraphLayout();
    layout.sync(model);
    const inside = (id: string): string[] => {
      const mask = layout.subtreeMask(id, new Uint8Array(0));
      return layout.nodes.filter((node) => mask?.[node.index ?? -1] === 1).map((node) => node.id);
    };
    expect(inside('kid')).toEqual(['kid', 'grandkid']);
    expect(inside('lead')).toEqual(['lead', 'kid', 'grandkid']);
    expect(inside('grandkid')).toEqual(['grandkid']);
    expect(inside('x').sort()).toEqual(['x', 'y']);
    expect(layout.subtreeMask('nobody', new Uint8Array(0))).toBeUndefined();
  });
});
