import type { FleetAgent } from '../agents/fleet-agent';
import type { ToolFlight } from '../agents/tool-flights';
import type { GraphLayout } from './graph-layout';
import type { PaintAgent, PaintLayout, PaintNode, PaintView } from './paint-scene';

/**
 * What the main thread sends the paint worker for one frame. Only what changed since the previous
 * frame crosses: positions when the layout moved, the node set when it changed, and the agents
 * whose state changed — so a settled graph of thousands of agents costs a few hundred bytes a frame.
 */
export interface PaintFrame {
  view: PaintView;
  /** The tool calls in the air at `view.now`. */
  inFlight: ToolFlight[];
  revision: number;
  topologyRevision: number;
  /** x, y and radius of every node, in layout order; absent when nothing moved or grew. */
  geometry?: Float64Array<ArrayBuffer>;
  /** Every node's id and its parent's index (-1 for the root), when the node set or an edge changed. */
  topology?: { ids: string[]; parents: Int32Array };
  /** Agents that changed, by node index; every agent after a topology change. */
  agents: [number, PaintAgent][];
}

/** Main-thread side: turns the live layout into the next frame's delta. */
export class FrameWriter {
  private sentRevision = -1;
  private sentTopology = -1;
  private sentAgents: (FleetAgent | undefined)[] = [];
  private sentRevs: number[] = [];
  /** A position buffer the worker gave back: at 60 frames a second, fresh ones would be garbage. */
  private spare: Float64Array<ArrayBuffer> | undefined;

  recycle(geometry: Float64Array<ArrayBuffer>): void {
    this.spare = geometry;
  }

  write(layout: GraphLayout, inFlight: ToolFlight[], view: PaintView): { frame: PaintFrame; transfer: ArrayBuffer[] } {
    const nodes = layout.nodes;
    const frame: PaintFrame = { view, inFlight, revision: layout.revision, topologyRevision: layout.topologyRevision, agents: [] };
    const transfer: ArrayBuffer[] = [];
    if (layout.topologyRevision !== this.sentTopology) {
      const indexOf = new Map(nodes.map((node, index) => [node, index]));
      const parents = Int32Array.from(nodes, (node) => (node.parent === undefined ? -1 : (indexOf.get(node.parent) ?? -1)));
      frame.topology = { ids: nodes.map((node) => node.id), parents };
      transfer.push(parents.buffer);
      this.sentTopology = layout.topologyRevision;
      this.sentAgents = new Array<FleetAgent | undefined>(nodes.length);
      this.sentRevs = new Array<number>(nodes.length).fill(-1);
      this.sentRevision = -1;
    }
    if (layout.revision !== this.sentRevision) {
      const geometry = this.spare?.length === nodes.length * 3 ? this.spare : new Float64Array(nodes.length * 3);
      this.spare = undefined;
      nodes.forEach((node, index) => {
        geometry[index * 3] = node.x;
        geometry[index * 3 + 1] = node.y;
        geometry[index * 3 + 2] = node.radius;
      });
      frame.geometry = geometry;
      transfer.push(geometry.buffer);
      this.sentRevision = layout.revision;
    }
    nodes.forEach((node, index) => {
      const agent = node.agent;
      if (agent === undefined || (this.sentAgents[index] === agent && this.sentRevs[index] === agent.rev)) return;
      this.sentAgents[index] = agent;
      this.sentRevs[index] = agent.rev;
      frame.agents.push([index, paintAgent(agent)]);
    });
    return { frame, transfer };
  }
}

function paintAgent(agent: FleetAgent): PaintAgent {
  const { id, name, model, status, outcome, seenAt, pulseAt, finishedAt, lastEventAt } = agent;
  return { id, name, model, status, outcome, seenAt, pulseAt, finishedAt, lastEventAt };
}

/** Worker side: the layout as the last frames described it. */
export class SceneMirror implements PaintLayout {
  nodes: PaintNode[];
  root: PaintNode;
  revision = -1;
  topologyRevision = -1;
  private byId = new Map<string, PaintNode>();

  constructor() {
    this.root = blankNode('', 0);
    this.nodes = [this.root];
  }

  node(id: string): PaintNode | undefined {
    return this.byId.get(id);
  }

  apply(frame: PaintFrame): void {
    const { topology, geometry } = frame;
    if (topology !== undefined) {
      const nodes = topology.ids.map((id, index) => blankNode(id, index));
      topology.parents.forEach((parent, index) => {
        const node = nodes[index];
        if (node !== undefined && parent >= 0) node.parent = nodes[parent];
      });
      this.nodes = nodes;
      this.root = nodes[0] ?? blankNode('', 0);
      this.byId = new Map(nodes.map((node) => [node.id, node]));
    }
    for (const [index, agent] of frame.agents) {
      const node = this.nodes[index];
      if (node !== undefined) node.agent = agent;
    }
    if (geometry !== undefined) {
      this.nodes.forEach((node, index) => {
        node.x = geometry[index * 3] ?? 0;
        node.y = geometry[index * 3 + 1] ?? 0;
        node.radius = geometry[index * 3 + 2] ?? 0;
      });
    }
    this.revision = frame.revision;
    this.topologyRevision = frame.topologyRevision;
  }
}

function blankNode(id: string, index: number): PaintNode {
  return { id, agent: undefined, parent: undefined, radius: 0, x: 0, y: 0, index };
}
