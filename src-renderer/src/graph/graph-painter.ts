import { modelColour } from '../agents/model-colour';
import { OUTCOME_COLOUR, STATUS_COLOUR } from '../agents/status-colours';
import type { ToolFlights } from '../agents/tool-flights';
import type { FleetAgent } from '../agents/fleet-agent';
import type { ViewTransform } from './fit-transform';
import type { GraphLayout, GraphNode } from './graph-layout';
import { AGENT_RADIUS } from './graph-layout';
import { flightProgress, nodeLook } from './node-animation';
import type { NodeLook } from './node-animation';

export interface PaintView {
  /** CSS pixels. */
  width: number;
  height: number;
  dpr: number;
  transform: ViewTransform;
  now: number;
  lingerMs: number;
  /** The model's look version: agents at rest changed colour, ring or name when it moves. */
  lookVersion: number;
  hoveredId: string | undefined;
  selectedId: string | undefined;
}

const EDGE_COLOUR = 'rgba(125, 135, 153, 0.35)';
const PULSE_COLOUR = '#e6edf3';
const ROOT_FILL = '#1f2633';
const ROOT_RING = '#7aa2f7';
const LABEL_COLOUR = '#aab2c0';
const FLIGHT_COLOUR = '#d7dce5';
const HIGHLIGHT_COLOUR = '#ffffff';
const FONT = '11px system-ui, -apple-system, "Segoe UI", sans-serif';
const RING_WIDTH = 1.6;
/** Pulses are grouped into this many phases so a thousand of them cost a handful of strokes. */
const PULSE_PHASES = 6;
/**
 * Expanding rings are the costliest thing to rasterise, in proportion to their length on screen.
 * Past this much ring per frame more of them add no information (every agent is visibly busy)
 * but do cost frames.
 */
const PULSE_BUDGET_PX = 20_000;
const PULSE_GROWTH = 9;
/** Names appear once nodes are big enough to tell apart, and only while few are on screen. */
const LABEL_MIN_SCALE = 1.6;
const LABEL_MAX_COUNT = 300;
/** Below this on-screen radius a circle is indistinguishable from a square and far cheaper to fill. */
const TINY_RADIUS_PX = 2.5;
const CULL_MARGIN_PX = 40;

/**
 * Hand-drawn canvas on two stacked layers. The still layer holds what changes only when the
 * layout, the view or an agent's look changes: edges and agents at rest. The effects layer holds
 * what moves every frame: pulses, fades, flashes, tool names, highlights. With thousands of
 * agents settled and tool calls streaming in, only the light effects layer is redrawn. Within a
 * layer, shapes that look alike are batched into one path per colour.
 */
export class GraphPainter {
  private readonly look: NodeLook = { alpha: 1, pulse: -1, flash: -1, steady: true, animating: false };
  private readonly transitional: GraphNode[] = [];
  private readonly pulsing: GraphNode[] = [];
  private readonly pulseProgress: number[] = [];
  /** Per node index: 1 while drawn on the still layer. A change means the still layer is stale. */
  private atRest = new Uint8Array(0);
  private atRestChanged = false;
  private stillKey = '';
  private effectsBlank = true;
  private box = { minX: 0, minY: 0, maxX: 0, maxY: 0 };

  constructor(
    private readonly still: CanvasRenderingContext2D,
    private readonly effects: CanvasRenderingContext2D,
  ) {}

  /** Draws one frame; true while something on screen still moves on its own. */
  paint(layout: GraphLayout, flights: ToolFlights, view: PaintView): boolean {
    const t = view.transform;
    const margin = CULL_MARGIN_PX / t.k;
    this.box = { minX: -t.x / t.k - margin, minY: -t.y / t.k - margin, maxX: (view.width - t.x) / t.k + margin, maxY: (view.height - t.y) / t.k + margin };

    const animating = this.classify(layout, view);
    const key = `${layout.revision}|${view.lookVersion}|${t.x}|${t.y}|${t.k}|${view.width}|${view.height}|${view.dpr}`;
    if (this.atRestChanged || key !== this.stillKey) {
      this.stillKey = key;
      this.paintStill(layout, view);
    }
    return this.paintEffects(layout, flights, view) || animating;
  }

  /** Sorts agents into at rest, fading or flashing, and pulsing; true while any of them animates. */
  private classify(layout: GraphLayout, view: PaintView): boolean {
    const { look, transitional, pulsing, pulseProgress } = this;
    transitional.length = 0;
    pulsing.length = 0;
    pulseProgress.length = 0;
    this.atRestChanged = this.atRest.length !== layout.nodes.length;
    if (this.atRestChanged) this.atRest = new Uint8Array(layout.nodes.length);
    let animating = false;
    layout.nodes.forEach((node, index) => {
      const agent = node.agent;
      if (agent === undefined) return;
      nodeLook(view.now, agent.seenAt, agent.pulseAt, agent.finishedAt, view.lingerMs, look);
      if (look.animating) animating = true;
      const rest = look.steady ? 1 : 0;
      if (this.atRest[index] !== rest) {
        this.atRest[index] = rest;
        this.atRestChanged = true;
      }
      if (!this.onScreen(node)) return;
      if (!look.steady) transitional.push(node);
      if (look.pulse >= 0 && look.alpha > 0) {
        pulsing.push(node);
        pulseProgress.push(look.pulse);
      }
    });
    return animating;
  }

  private paintStill(layout: GraphLayout, view: PaintView): void {
    const ctx = this.still;
    const { dpr, transform: t } = view;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, view.width, view.height);
    ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);

    const edges = new Path2D();
    for (const node of layout.nodes) {
      const parent = node.parent;
      if (parent === undefined || (!this.onScreen(node) && !this.onScreen(parent))) continue;
      edges.moveTo(parent.x, parent.y);
      edges.lineTo(node.x, node.y);
    }
    ctx.strokeStyle = EDGE_COLOUR;
    ctx.lineWidth = 1 / t.k;
    ctx.stroke(edges);

    const tiny = AGENT_RADIUS * t.k < TINY_RADIUS_PX;
    const fills = new Map<string, Path2D>();
    const rings = new Map<string, Path2D>();
    const labelled: GraphNode[] = [];
    layout.nodes.forEach((node, index) => {
      const agent = node.agent;
      if (agent === undefined || this.atRest[index] !== 1 || !this.onScreen(node)) return;
      addShape(fills, modelColour(agent.model), node, tiny);
      addShape(rings, ringColour(agent), node, tiny);
      labelled.push(node);
    });
    for (const [colour, path] of fills) {
      ctx.fillStyle = colour;
      ctx.fill(path);
    }
    ctx.lineWidth = tiny ? 1 / t.k : RING_WIDTH;
    for (const [colour, path] of rings) {
      ctx.strokeStyle = colour;
      ctx.stroke(path);
    }

    const root = layout.root;
    ctx.beginPath();
    ctx.arc(root.x, root.y, root.radius, 0, 2 * Math.PI);
    ctx.fillStyle = ROOT_FILL;
    ctx.fill();
    ctx.strokeStyle = ROOT_RING;
    ctx.lineWidth = 2;
    ctx.stroke();

    beginScreenText(ctx, dpr, 'top', LABEL_COLOUR);
    ctx.fillText(root.id, t.x + root.x * t.k, t.y + (root.y + root.radius) * t.k + 4);
    if (t.k < LABEL_MIN_SCALE || labelled.length > LABEL_MAX_COUNT) return;
    for (const node of labelled) ctx.fillText(node.agent?.name ?? node.id, t.x + node.x * t.k, t.y + (node.y + node.radius) * t.k + 3);
  }

  /** True while tool names are in flight. */
  private paintEffects(layout: GraphLayout, flights: ToolFlights, view: PaintView): boolean {
    const ctx = this.effects;
    const { dpr, transform: t, now } = view;
    const highlighted = [view.selectedId, view.hoveredId].flatMap((id) => {
      const node = id === undefined ? undefined : layout.node(id);
      return node === undefined ? [] : [node];
    });
    const inFlight = [...flights.active(now)];
    const nothing = this.pulsing.length === 0 && this.transitional.length === 0 && highlighted.length === 0 && inFlight.length === 0;
    // An unchanged empty layer costs nothing to keep; clearing it every frame would not.
    if (nothing && this.effectsBlank) return false;
    this.effectsBlank = nothing;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, view.width, view.height);
    if (nothing) return false;
    ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);

    const phases: Path2D[] = Array.from({ length: PULSE_PHASES }, () => new Path2D());
    const phaseOf = (i: number): number => Math.min(PULSE_PHASES - 1, Math.floor((this.pulseProgress[i] ?? 0) * PULSE_PHASES));
    // Over budget, the freshest pulses win: the oldest phases are dropped first.
    const perPhase = new Array<number>(PULSE_PHASES).fill(0);
    this.pulsing.forEach((_, i) => {
      const phase = phaseOf(i);
      perPhase[phase] = (perPhase[phase] ?? 0) + 1;
    });
    let lastPhase = 0;
    const meanRingPx = 2 * Math.PI * (AGENT_RADIUS + 2 + PULSE_GROWTH / 2) * t.k;
    let quota = Math.max(1, Math.floor(PULSE_BUDGET_PX / meanRingPx));
    while (lastPhase < PULSE_PHASES - 1 && quota > (perPhase[lastPhase] ?? 0)) quota -= perPhase[lastPhase++] ?? 0;
    this.pulsing.forEach((node, i) => {
      const phase = phaseOf(i);
      if (phase > lastPhase || (phase === lastPhase && quota-- <= 0)) return;
      const radius = node.radius + 2 + PULSE_GROWTH * ((phase + 0.5) / PULSE_PHASES);
      const path = phases[phase];
      path?.moveTo(node.x + radius, node.y);
      path?.arc(node.x, node.y, radius, 0, 2 * Math.PI);
    });
    ctx.strokeStyle = PULSE_COLOUR;
    ctx.lineWidth = 1.2;
    phases.forEach((path, phase) => {
      ctx.globalAlpha = 0.75 * (1 - (phase + 0.5) / PULSE_PHASES);
      ctx.stroke(path);
    });
    ctx.globalAlpha = 1;

    for (const node of this.transitional) this.paintTransitional(node, view);

    ctx.strokeStyle = HIGHLIGHT_COLOUR;
    ctx.lineWidth = 2 / t.k;
    for (const node of highlighted) {
      ctx.beginPath();
      ctx.arc(node.x, node.y, node.radius + 3.5, 0, 2 * Math.PI);
      ctx.stroke();
    }

    beginScreenText(ctx, dpr, 'bottom', FLIGHT_COLOUR);
    for (const flight of inFlight) {
      const node = layout.node(flight.agentId);
      const progress = flightProgress(now, flight.at);
      if (node === undefined || progress < 0 || !this.onScreen(node)) continue;
      ctx.globalAlpha = 1 - progress;
      ctx.fillText(flight.tool, t.x + node.x * t.k, t.y + (node.y - node.radius) * t.k - 4 - 26 * progress);
    }
    ctx.globalAlpha = 1;
    return inFlight.length > 0;
  }

  /** Fading in, flashing or fading out: each with its own opacity, so drawn on its own. */
  private paintTransitional(node: GraphNode, view: PaintView): void {
    const { effects: ctx, look } = this;
    const agent = node.agent;
    if (agent === undefined) return;
    nodeLook(view.now, agent.seenAt, agent.pulseAt, agent.finishedAt, view.lingerMs, look);
    if (look.alpha <= 0) return;
    const outcomeColour = agent.outcome === undefined ? undefined : OUTCOME_COLOUR[agent.outcome];
    ctx.globalAlpha = look.alpha;
    ctx.beginPath();
    ctx.arc(node.x, node.y, node.radius, 0, 2 * Math.PI);
    ctx.fillStyle = look.flash >= 0 && outcomeColour !== undefined ? outcomeColour : modelColour(agent.model);
    ctx.fill();
    ctx.strokeStyle = ringColour(agent);
    ctx.lineWidth = RING_WIDTH;
    ctx.stroke();
    if (look.flash >= 0 && outcomeColour !== undefined) {
      ctx.globalAlpha = look.alpha * (1 - look.flash);
      ctx.beginPath();
      ctx.arc(node.x, node.y, node.radius + 2 + 16 * look.flash, 0, 2 * Math.PI);
      ctx.strokeStyle = outcomeColour;
      ctx.lineWidth = 3 * (1 - look.flash) + 0.5;
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  private onScreen(node: GraphNode): boolean {
    const box = this.box;
    return node.x >= box.minX && node.x <= box.maxX && node.y >= box.minY && node.y <= box.maxY;
  }
}

function ringColour(agent: FleetAgent): string {
  return agent.outcome === undefined ? STATUS_COLOUR[agent.status] : OUTCOME_COLOUR[agent.outcome];
}

/** Back to screen pixels, so text keeps its size at any zoom, with text centred on its anchor. */
function beginScreenText(ctx: CanvasRenderingContext2D, dpr: number, baseline: CanvasTextBaseline, colour: string): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = baseline;
  ctx.fillStyle = colour;
}

function addShape(paths: Map<string, Path2D>, colour: string, node: GraphNode, tiny: boolean): void {
  let path = paths.get(colour);
  if (path === undefined) {
    path = new Path2D();
    paths.set(colour, path);
  }
  const r = node.radius;
  if (tiny) {
    path.rect(node.x - r, node.y - r, 2 * r, 2 * r);
    return;
  }
  path.moveTo(node.x + r, node.y);
  path.arc(node.x, node.y, r, 0, 2 * Math.PI);
}
