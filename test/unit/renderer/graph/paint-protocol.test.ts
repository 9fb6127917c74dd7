import { describe, expect, it } from 'vitest';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
import { GraphLayout } from '../../../../src-renderer/src/graph/graph-layout';
import { FrameWriter, SceneMirror } from '../../../../src-renderer/src/graph/paint-protocol';
import type { PaintFrame } from '../../../../src-renderer/src/graph/paint-protocol';
import type { PaintView } from '../../../../src-renderer/src/graph/paint-scene';
import { counters, ev } from '../../../support/event-builders';

const VIEW: PaintView = { width: 800, height: 600, dpr: 1, transform: { x: 400, y: 300, k: 1 }, now: 0, lingerMs: 1_000, lookVersion: 0, hoveredId: undefined, selectedId: undefined };

/** What crosses to the worker is a structured clone: the mirror must not share anything with the layout. */
function send(writer: FrameWriter, layout: GraphLayout): PaintFrame {
  return structuredClone(writer.write(layout, [], VIEW).frame);
}

function expectMirrored(mirror: SceneMirror, layout: GraphLayout): void {
  expect(mirror.nodes.map((node) => node.id)).toEqual(layout.nodes.map((node) => node.id));
  layout.nodes.forEach((node, index) => {
    const copy = mirror.nodes[index];
    expect(copy?.parent?.id).toBe(node.parent?.id);
    expect([copy?.x, copy?.y, copy?.radius]).toEqual([node.x, node.y, node.radius]);
    expect(copy?.agent?.status).toBe(node.agent?.status);
    expect(copy?.agent?.pulseAt).toBe(node.agent?.pulseAt);
  });
  expect(mirror.root.id).toBe(layout.root.id);
  expect(mirror.revision).toBe(layout.revision);
}

describe('the paint worker protocol', () => {
  it('mirrors the layout: nodes, edges, positions and agents, through a structured clone', () => {
    const model = new FleetModel();
    model.applyBatch([ev('agent_spawn', { agent_id: 'lead' }), ev('agent_spawn', { agent_id: 'kid', parent_id: 'lead' })], counters(), undefined, 0);
    const layout = new GraphLayout();
    layout.sync(model);
    layout.step();
    const mirror = new SceneMirror();
    mirror.apply(send(new FrameWriter(), layout));
    expectMirrored(mirror, layout);
    expect(mirror.node('kid')?.parent).toBe(mirror.node('lead'));
  });

  it('sends only what changed: nothing for a still frame, one agent for one tool call, positions after a tick', () => {
    const model = new FleetModel();
    model.applyBatch(Array.from({ length: 50 }, (_, i) => ev('agent_spawn', { agent_id: `a${i}` })), counters(), undefined, 0);
    const layout = new GraphLayout();
    layout.sync(model);
    while (layout.step());
    const writer = new FrameWriter();
    const mirror = new SceneMirror();
    const first = send(writer, layout);
    expect(first.topology?.ids).toHaveLength(51);
    expect(first.agents).toHaveLength(50);
    mirror.apply(first);

    const still = send(writer, layout);
    expect(still.topology).toBeUndefined();
    expect(still.geometry).toBeUndefined();
    expect(still.agents).toEqual([]);

    model.applyBatch([ev('tool_use', { agent_id: 'a7', tool: 'Read' })], counters(), undefined, 5);
    const pulse = send(writer, layout);
    expect(pulse.agents.map(([, agent]) => agent.id)).toEqual(['a7']);
    mirror.apply(pulse);
    expect(mirror.node('a7')?.agent?.pulseAt).toBe(5);

    model.applyBatch([ev('agent_spawn', { agent_id: 'late', parent_id: 'a3' })], counters(), undefined, 6);
    layout.sync(model);
    layout.step();
    const grown = send(writer, layout);
    expect(grown.topology?.ids).toContain('late');
    expect(grown.geometry).toBeDefined();
    mirror.apply(grown);
    expectMirrored(mirror, layout);
  });

  it('reuses a position buffer the worker handed back, and only one of the right size', () => {
    const model = new FleetModel();
    model.applyBatch([ev('agent_spawn', { agent_id: 'a' })], counters(), undefined, 0);
    const layout = new GraphLayout();
    layout.sync(model);
    const writer = new FrameWriter();
    const first = writer.write(layout, [], VIEW).frame.geometry;
    if (first === undefined) throw new Error('the first frame carries positions');
    writer.recycle(first);
    layout.step();
    expect(writer.write(layout, [], VIEW).frame.geometry).toBe(first);
    writer.recycle(new Float64Array(3));
    layout.step();
    const next = writer.write(layout, [], VIEW).frame.geometry;
    expect(next?.length).toBe(first.length);
    expect(next?.buffer).not.toBe(first.buffer);
  });
});
