import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from 'd3-force';
import type { ForceLink, Simulation, SimulationLinkDatum, SimulationNodeDatum } from 'd3-force';
import type { FleetAgent } from '../agents/fleet-agent';
import type { FleetModel } from '../agents/fleet-model';
import { stringHash } from '../agents/string-hash';

export const ROOT_LABEL = 'orchestrator';
export const ROOT_RADIUS = 11;
export const AGENT_RADIUS = 5;

export interface GraphNode extends SimulationNodeDatum {
  /** The agent id; the synthetic root carries no agent and stands for the orchestrator. */
  id: string;
  agent: FleetAgent | undefined;
  /** What the node hangs from: its parent agent's node, else the root. The root hangs from nothing. */
  parent: GraphNode | undefined;
  radius: number;
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

/**
 * d3-force for layout only: positions come from here, drawing happens elsewhere. The
 * simulation never runs on its own timer; the frame loop ticks it while it is warm, and it
 * sleeps until the fleet's topology changes.
 */
export class GraphLayout {
  readonly root: GraphNode = { id: ROOT_LABEL, agent: undefined, parent: undefined, radius: ROOT_RADIUS, x: 0, y: 0, fx: 0, fy: 0 };
  nodes: GraphNode[] = [this.root];
  /** Bumped whenever any node moved or the node set changed: what a cached picture keys on. */
  revision = 0;
  private byId = new Map<string, GraphNode>();
  private syncedTopology = -1;
  private readonly simulation: Simulation<GraphNode, GraphLink>;
  private readonly linkForce: ForceLink<GraphNode, GraphLink>;

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
      .force('collide', forceCollide<GraphNode>((node) => node.radius + 2).strength(0.7))
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
        node = { id: agent.id, agent, parent: this.root, radius: AGENT_RADIUS, x: 0, y: 0 };
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
    return true;
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
