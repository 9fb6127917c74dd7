import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from 'd3-force';
import type { ForceLink, Simulation, SimulationLinkDatum, SimulationNodeDatum } from 'd3-force';
import type { FleetAgent } from '../agents/fleet-agent';
import type { FleetModel } from '../agents/fleet-model';
import { stringHash } from '../agents/string-hash';
import { agentRadius, MAX_AGENT_RADIUS } from './node-size';
import { subtreeMask } from './paint-scene';
import type { PaintLayout } from './paint-scene';

export const ROOT_LABEL = 'orchestrator';
export const ROOT_RADIUS = 11;
/** The farthest a node's centre can be from a point on its disc, for nearest-node searches. */
export const LARGEST_RADIUS = Math.max(ROOT_RADIUS, MAX_AGENT_RADIUS);

export interface GraphNode extends SimulationNodeDatum {
  /** The agent id; the synthetic root carries no agent and stands for the orchestrator. */
  id: string;
  agent: FleetAgent | undefined;
  /** What the node hangs from: its parent agent's node, else the root. The root hangs from nothing. */
  parent: GraphNode | undefined;
  /** World units; grows with the agent's tokens. */
  radius: number;
  /** The tokens `radius` was sized for, so unchanged agents are skipped cheaply. */
  sizedFor: number;
  x: number;
  y: number;
}

type GraphLink = SimulationLinkDatum<GraphNode> & { source: GraphNode; target: GraphNode };

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** A change of a few nodes nudges the picture; a flood of new ones needs more energy to spread. */
const GENTLE_ALPHA = 0.12;
const BULK_ALPHA = 0.4;
const BULK_SHARE = 0.2;
/** Just enough warmth for grown nodes to push their neighbours aside. */
const GROWTH_ALPHA = 0.04;

/**
 * d3-force for layout only: positions come from here, drawing happens elsewhere. The
 * simulation never runs on its own timer; the frame loop ticks it while it is warm, and it
 * sleeps until the fleet's topology changes.
 */
export class GraphLayout implements PaintLayout {
  readonly root: GraphNode = { id: ROOT_LABEL, agent: undefined, parent: undefined, radius: ROOT_RADIUS, sizedFor: 0, x: 0, y: 0, fx: 0, fy: 0 };
  /** The root first; a node's place here is its `index` (d3-force numbers them). */
  nodes: GraphNode[] = [this.root];
  /** Bumped whenever any node moved, grew or the node set changed: what a cached picture keys on. */
  revision = 0;
  /** Bumped only when the node set or an edge changed. */
  topologyRevision = 0;
  private byId = new Map<string, GraphNode>();
  private syncedTopology = -1;
  private readonly simulation: Simulation<GraphNode, GraphLink>;
  private readonly linkForce: ForceLink<GraphNode, GraphLink>;
  private readonly collideForce = forceCollide<GraphNode>((node) => node.radius + 2).strength(0.7);

  constructor() {
    this.linkForce = forceLink<GraphNode, GraphLink>()
      .distance((link) => (link.source === this.root ? 56 : 26))
      .strength(0.6);
    this.simulation = forceSimulation<GraphNode, GraphLink>([this.root])
      .stop()
      .alpha(0)
      .alphaMin(0.005)
      .alphaDecay(0.035)
      .velocityDecay(0.45)
      .force('link', this.linkForce)
      .force('charge', forceManyBody<GraphNode>().strength(-36).distanceMax(320).theta(0.95))
      .force('collide', this.collideForce)
      .force('x', forceX<GraphNode>(0).strength(0.02))
      .force('y', forceY<GraphNode>(0).strength(0.02));
  }

  get agentCount(): number {
    return this.byId.size;
  }

  get hot(): boolean {
    return this.simulation.alpha() >= this.simulation.alphaMin();
  }

  node(id: string): GraphNode | undefined {
    return this.byId.get(id);
  }

  /** Mirrors the model's agents and parent edges; a no-op unless the topology moved. */
  sync(model: FleetModel): boolean {
    if (model.topologyVersion === this.syncedTopology) return false;
    this.syncedTopology = model.topologyVersion;
    const next = new Map<string, GraphNode>();
    let added = 0;

    const ensure = (agent: FleetAgent): GraphNode => {
      const present = next.get(agent.id);
      if (present !== undefined) return present;
      let node = this.byId.get(agent.id);
      const fresh = node === undefined;
      if (node === undefined) {
        const tokens = tokensOf(agent);
        node = { id: agent.id, agent, parent: this.root, radius: agentRadius(tokens), sizedFor: tokens, x: 0, y: 0 };
        added++;
      }
      node.agent = agent;
      // Registered before its parent is resolved, so a parent cycle ends here instead of recursing forever.
      next.set(agent.id, node);
      const parentAgent = agent.parentId === undefined ? undefined : model.agents.get(agent.parentId);
      node.parent = parentAgent === undefined || parentAgent === agent ? this.root : ensure(parentAgent);
      if (fresh) placeBeside(node, node.parent);
      return node;
    };
    for (const agent of model.agents.values()) ensure(agent);

    const links: GraphLink[] = [];
    for (const node of next.values()) if (node.parent !== undefined) links.push({ source: node.parent, target: node });
    this.byId = next;
    this.nodes = [this.root, ...next.values()];
    this.simulation.nodes(this.nodes);
    this.linkForce.links(links);
    const alpha = added > next.size * BULK_SHARE ? BULK_ALPHA : GENTLE_ALPHA;
    this.simulation.alpha(Math.max(this.simulation.alpha(), alpha));
    this.revision++;
    this.topologyRevision++;
    return true;
  }

  /** Resizes nodes whose agents used more tokens; true when any radius changed. */
  resize(): boolean {
    let grown = false;
    for (const node of this.nodes) {
      if (node.agent === undefined) continue;
      const tokens = tokensOf(node.agent);
      if (tokens === node.sizedFor) continue;
      node.sizedFor = tokens;
      const radius = agentRadius(tokens);
      if (radius === node.radius) continue;
      node.radius = radius;
      grown = true;
    }
    if (!grown) return false;
    // forceCollide reads radii once, when it is (re)initialised.
    this.collideForce.radius((node) => node.radius + 2);
    this.simulation.alpha(Math.max(this.simulation.alpha(), GROWTH_ALPHA));
    this.revision++;
    return true;
  }

  /** The subtree of `id` by node index (see subtreeMask); undefined when there is no such node. */
  subtreeMask(id: string, out: Uint8Array): Uint8Array | undefined {
    const top = this.byId.get(id);
    return top === undefined ? undefined : subtreeMask(this.nodes, top, out);
  }

  /** One tick while warm; false once the layout has come to rest. */
  step(): boolean {
    if (!this.hot) return false;
    this.simulation.tick();
    this.revision++;
    return true;
  }

  /** The node nearest to a world point within `radius`, for hover and click. */
  find(x: number, y: number, radius: number): GraphNode | undefined {
    return this.simulation.find(x, y, radius);
  }

  bounds(): Bounds {
    const bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    for (const node of this.nodes) {
      bounds.minX = Math.min(bounds.minX, node.x - node.radius);
      bounds.minY = Math.min(bounds.minY, node.y - node.radius);
      bounds.maxX = Math.max(bounds.maxX, node.x + node.radius);
      bounds.maxY = Math.max(bounds.maxY, node.y + node.radius);
    }
    return bounds;
  }
}

function tokensOf(agent: FleetAgent): number {
  return agent.tokensIn + agent.tokensOut;
}

/** New nodes start next to their parent, at an angle fixed by their id so runs look alike. */
function placeBeside(node: GraphNode, parent: GraphNode): void {
  const hash = stringHash(node.id);
  const angle = ((hash % 3600) / 3600) * 2 * Math.PI;
  const distance = 14 + ((hash >>> 12) % 12);
  node.x = parent.x + Math.cos(angle) * distance;
  node.y = parent.y + Math.sin(angle) * distance;
  node.vx = 0;
  node.vy = 0;
}
