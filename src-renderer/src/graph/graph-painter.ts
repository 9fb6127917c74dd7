import { modelColour } from '../agents/model-colour';
import { OUTCOME_COLOUR, STATUS_COLOUR } from '../state/status-colours';
import type { ToolFlight } from '../agents/tool-flights';
import { LABEL_HEIGHT, LabelDeclutter, labelRank } from './label-declutter';
import type { LabelBox, LabelEmphasis, LabelRequest, PlacedLabel } from './label-declutter';
import { flightProgress, nodeLook, WAIT_PULSE_MS } from './node-animation';
import { drawnRadius, MIN_NODE_RADIUS_PX, NODE_SCALE_CAP } from './node-size';
import type { NodeLook } from './node-animation';
import { subtreeMask } from './paint-scene';
import type { PaintAgent, PaintLayout, PaintNode, PaintView } from './paint-scene';

/** What the painter draws with: a canvas's 2D context on the main thread, an OffscreenCanvas's in the paint worker. */
export type Canvas2D = CanvasCompositing &
  CanvasDrawPath &
  CanvasFillStrokeStyles &
  CanvasPath &
  CanvasPathDrawingStyles &
  CanvasRect &
  CanvasText &
  CanvasTextDrawingStyles &
  CanvasTransform;

export const LABEL_FONT_PX = 11;

/**
 * The page's background (--bg in styles.css). The still layer is opaque — a compositor copies an
 * opaque layer instead of blending it, a full pass over the graph's area saved in every frame in
 * software — so it paints the background itself.
 */
const BACKGROUND = '#0b0e14';
const EDGE_COLOUR = 'rgba(125, 135, 153, 0.4)';
const ARROW_COLOUR = 'rgba(150, 160, 178, 0.75)';
const PULSE_COLOUR = '#e6edf3';
const ROOT_FILL = '#1f2633';
const ROOT_RING = '#7aa2f7';
const LABEL_COLOUR = '#b8c0cc';
const LABEL_HALO = 'rgba(11, 14, 20, 0.9)';
const LABEL_PLATE = 'rgba(17, 21, 30, 0.95)';
const FLIGHT_COLOUR = '#d7dce5';
const HIGHLIGHT_COLOUR = '#ffffff';
const ERROR_MARK = OUTCOME_COLOUR.error;
const FONT = `${LABEL_FONT_PX}px system-ui, -apple-system, "Segoe UI", sans-serif`;
/** A ring is this wide in world units, kept between 1 and 2.5 px on screen. */
const RING_WIDTH = 1.6;
/** Queued runs wait for a slot and have done nothing yet; outside a selection, everything steps back. */
const QUEUED_ALPHA = 0.4;
const DIMMED_ALPHA = 0.2;
/** Opacity per look: plain, queued, dimmed, queued and dimmed. */
const LEVEL_ALPHA = [1, QUEUED_ALPHA, DIMMED_ALPHA, QUEUED_ALPHA * DIMMED_ALPHA] as const;
/** Arrowheads on edges, in screen pixels; left off edges too short to carry one. */
const ARROW_LENGTH_PX = 6;
const ARROW_HALF_WIDTH_PX = 3;
const ARROW_MIN_EDGE_PX = 18;
const MAX_LABEL_CHARS = 28;
/** Pulses are grouped into this many phases so a thousand of them cost a handful of strokes. */
const PULSE_PHASES = 6;
/**
 * Expanding rings are the costliest thing to rasterise, in proportion to their length on screen.
 * Past this much ring per frame more of them add no information (every agent is visibly busy)
 * but do cost frames.
 */
const PULSE_BUDGET_PX = 20_000;
const PULSE_GROWTH = 9;
const WAIT_GROWTH_PX = 9;
const CULL_MARGIN_PX = 40;

/**
 * Hand-drawn canvas on two stacked layers. The still layer holds what changes only when the
 * layout, the view, the selection or an agent's look changes: edges, agents at rest and their
 * decluttered labels. The effects layer holds what moves every frame: pulses, fades, flashes,
 * tool names, highlights and the hovered agent's label. With thousands of agents settled and
 * tool calls streaming in, only the light effects layer is redrawn; while the layout or the view
 * moves, the still layer is redrawn every frame and the effects go on it, leaving the effects
 * layer blank. Within a layer, shapes that look alike are batched into one path per colour.
 */
export class GraphPainter {
  private readonly look: NodeLook = { alpha: 1, pulse: -1, flash: -1, steady: true, animating: false };
  private readonly transitional: PaintNode[] = [];
  private readonly pulsing: PaintNode[] = [];
  private readonly pulseProgress: number[] = [];
  private readonly waiting: PaintNode[] = [];
  /** Per node index: 1 while drawn on the still layer. A change means the still layer is stale. */
  private atRest = new Uint8Array(0);
  private atRestChanged = false;
  private stillKey = '';
  private stillChangedLastFrame = false;
  private effectsBlank = true;
  /** The layer effects go to in this frame: the effects layer, or the still one while the layout moves. */
  private fx: Canvas2D;
  /** The still layer holds effects drawn on it last frame: it must be redrawn before it can stand alone. */
  private effectsOnStill = false;
  private box = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  /** The selected subtree by node index, or undefined without a selection. */
  private subtree: Uint8Array | undefined;
  private subtreeBuffer: Uint8Array = new Uint8Array(0);
  private subtreeKey = '';
  private readonly textWidths = new Map<string, number>();
  private readonly declutter = new LabelDeclutter((text) => this.textWidth(text));
  /** The labels on the still layer, as drawn, in CSS pixels of the view. */
  labels: readonly PlacedLabel[] = [];
  /** The hovered agent's label when the declutter had hidden it. */
  hoverLabel: PlacedLabel | undefined;

  constructor(
    private readonly still: Canvas2D,
    private readonly effects: Canvas2D,
  ) {
    this.fx = effects;
  }

  /** True while the effects layer holds nothing: the page can leave it out of compositing. */
  get effectsLayerBlank(): boolean {
    return this.effectsBlank;
  }

  /** Draws one frame (`inFlight`: the tool calls in the air at `view.now`); true while something on screen still moves on its own. */
  paint(layout: PaintLayout, inFlight: readonly ToolFlight[], view: PaintView): boolean {
    const t = view.transform;
    const margin = CULL_MARGIN_PX / t.k;
    this.box = { minX: -t.x / t.k - margin, minY: -t.y / t.k - margin, maxX: (view.width - t.x) / t.k + margin, maxY: (view.height - t.y) / t.k + margin };

    this.updateSubtree(layout, view.selectedId);
    const animating = this.classify(layout, view);
    const key = `${layout.revision}|${view.lookVersion}|${this.subtreeKey}|${t.x}|${t.y}|${t.k}|${view.width}|${view.height}|${view.dpr}`;
    const changed = this.atRestChanged || key !== this.stillKey;
    // Changed in this frame and the last: the layout or the view is moving.
    const moving = changed && this.stillChangedLastFrame;
    this.stillChangedLastFrame = changed;
    if (!changed && !this.effectsOnStill) return this.paintEffects(this.effects, layout, inFlight, view) || animating;
    this.stillKey = key;
    this.paintStill(layout, view);
    // While things move, the still layer is redrawn every frame anyway: effects drawn on it too
    // leave one full-size layer to rasterise and composite per frame instead of two.
    if (!moving) {
      this.effectsOnStill = false;
      return this.paintEffects(this.effects, layout, inFlight, view) || animating;
    }
    this.clearEffectsLayer(view);
    const effectsAnimating = this.paintEffects(this.still, layout, inFlight, view);
    this.effectsOnStill = !this.effectsBlank;
    this.effectsBlank = true;
    return effectsAnimating || animating;
  }

  private clearEffectsLayer(view: PaintView): void {
    if (this.effectsBlank) return;
    this.effects.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    this.effects.clearRect(0, 0, view.width, view.height);
    this.effectsBlank = true;
  }

  private updateSubtree(layout: PaintLayout, selectedId: string | undefined): void {
    const key = selectedId === undefined ? '' : `${selectedId}@${layout.topologyRevision}`;
    if (key === this.subtreeKey) return;
    this.subtreeKey = key;
    const top = selectedId === undefined ? undefined : layout.node(selectedId);
    this.subtree = top === undefined ? undefined : subtreeMask(layout.nodes, top, this.subtreeBuffer);
    if (this.subtree !== undefined) this.subtreeBuffer = this.subtree;
  }

  private dimmed(node: PaintNode): boolean {
    return this.subtree !== undefined && this.subtree[node.index ?? 0] !== 1;
  }

  /** 0 plain, 1 queued, 2 dimmed, 3 both: an index into LEVEL_ALPHA. */
  private level(node: PaintNode, agent: PaintAgent): number {
    return (agent.status === 'queued' && agent.outcome === undefined ? 1 : 0) + (this.dimmed(node) ? 2 : 0);
  }

  /** Sorts agents into at rest, fading or flashing, pulsing and waiting; true while any of them animates. */
  private classify(layout: PaintLayout, view: PaintView): boolean {
    const { look, transitional, pulsing, pulseProgress, waiting } = this;
    transitional.length = 0;
    pulsing.length = 0;
    pulseProgress.length = 0;
    waiting.length = 0;
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
      if (look.alpha <= 0 || this.dimmed(node)) return;
      if (look.pulse >= 0) {
        pulsing.push(node);
        pulseProgress.push(look.pulse);
      }
      if (agent.status === 'waiting' && agent.outcome === undefined) waiting.push(node);
    });
    return animating || waiting.length > 0;
  }

  private paintStill(layout: PaintLayout, view: PaintView): void {
    const ctx = this.still;
    const { dpr, transform: t } = view;
    const k = t.k;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, view.width, view.height);
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * t.x, dpr * t.y);

    this.paintEdges(layout, k);

    const groups = LEVEL_ALPHA.map(() => ({ fills: new Map<string, Path2D>(), rings: new Map<string, Path2D>(), errors: new Path2D() }));
    const markGap = 2.5 / k;
    layout.nodes.forEach((node, index) => {
      const agent = node.agent;
      if (agent === undefined || this.atRest[index] !== 1 || !this.onScreen(node)) return;
      const group = groups[this.level(node, agent)];
      if (group === undefined) return;
      const r = drawnRadius(node.radius, k);
      addCircle(group.fills, modelColour(agent.model), node, r);
      addCircle(group.rings, ringColour(agent), node, r);
      if (hasErrored(agent)) circle(group.errors, node, r + markGap);
    });
    const ringWidth = ringWidthPx(k) / k;
    groups.forEach((group, level) => {
      ctx.globalAlpha = LEVEL_ALPHA[level] ?? 1;
      for (const [colour, path] of group.fills) {
        ctx.fillStyle = colour;
        ctx.fill(path);
      }
      ctx.lineWidth = ringWidth;
      for (const [colour, path] of group.rings) {
        ctx.strokeStyle = colour;
        ctx.stroke(path);
      }
      ctx.lineWidth = 2 / k;
      ctx.strokeStyle = ERROR_MARK;
      ctx.stroke(group.errors);
    });
    ctx.globalAlpha = 1;

    const root = layout.root;
    ctx.beginPath();
    ctx.arc(root.x, root.y, drawnRadius(root.radius, k), 0, 2 * Math.PI);
    ctx.fillStyle = ROOT_FILL;
    ctx.fill();
    ctx.strokeStyle = ROOT_RING;
    ctx.lineWidth = 2 / Math.max(1, k);
    ctx.stroke();

    this.labels = this.layoutLabels(layout, view);
    beginScreenText(ctx, dpr);
    for (const label of this.labels) {
      const node = layout.node(label.id);
      ctx.globalAlpha = node?.agent === undefined ? 1 : (LEVEL_ALPHA[this.level(node, node.agent)] ?? 1) ** 0.5;
      if (label.plate) drawPlate(ctx, label);
      drawLabelText(ctx, label);
    }
    ctx.globalAlpha = 1;
  }

  /** Parent-to-child lines with an arrowhead at the child; lines outside a selection are dimmed. */
  private paintEdges(layout: PaintLayout, k: number): void {
    const ctx = this.still;
    const lines = [new Path2D(), new Path2D()];
    const arrows = [new Path2D(), new Path2D()];
    const arrowLength = ARROW_LENGTH_PX / k;
    const arrowHalf = ARROW_HALF_WIDTH_PX / k;
    for (const node of layout.nodes) {
      const parent = node.parent;
      if (parent === undefined || (!this.onScreen(node) && !this.onScreen(parent))) continue;
      const group = this.dimmed(node) ? 1 : 0;
      lines[group]?.moveTo(parent.x, parent.y);
      lines[group]?.lineTo(node.x, node.y);
      const dx = node.x - parent.x;
      const dy = node.y - parent.y;
      const length = Math.hypot(dx, dy);
      if (length * k < ARROW_MIN_EDGE_PX) continue;
      const ux = dx / length;
      const uy = dy / length;
      const back = drawnRadius(node.radius, k) + 1 / k;
      const tipX = node.x - ux * back;
      const tipY = node.y - uy * back;
      const baseX = tipX - ux * arrowLength;
      const baseY = tipY - uy * arrowLength;
      const arrow = arrows[group];
      arrow?.moveTo(tipX, tipY);
      arrow?.lineTo(baseX - uy * arrowHalf, baseY + ux * arrowHalf);
      // Left open: a fill closes it anyway, and Path2D.closePath is linear in the subpaths so far
      // (measured: 1.2 s of a 4 s drag over 2,000 agents went into it).
      arrow?.lineTo(baseX + uy * arrowHalf, baseY - ux * arrowHalf);
    }
    ctx.lineWidth = 1 / k;
    [0, 1].forEach((group) => {
      ctx.globalAlpha = group === 0 ? 1 : DIMMED_ALPHA;
      ctx.strokeStyle = EDGE_COLOUR;
      const line = lines[group];
      if (line !== undefined) ctx.stroke(line);
      ctx.fillStyle = ARROW_COLOUR;
      const arrow = arrows[group];
      if (arrow !== undefined) ctx.fill(arrow);
    });
    ctx.globalAlpha = 1;
  }

  /**
   * Which labels fit without touching each other or any node, in priority order. Agents fading
   * in or out keep theirs: the name says which one just ended.
   */
  private layoutLabels(layout: PaintLayout, view: PaintView): PlacedLabel[] {
    const t = view.transform;
    const requests: LabelRequest[] = [];
    const obstacles: LabelBox[] = [];
    for (const node of layout.nodes) {
      if (!this.onScreen(node)) continue;
      const x = t.x + node.x * t.k;
      const y = t.y + node.y * t.k;
      const r = drawnRadius(node.radius, t.k) * t.k;
      obstacles.push({ left: x - r, top: y - r, width: 2 * r, height: 2 * r });
      const agent = node.agent;
      if (agent === undefined) {
        requests.push({ id: node.id, text: node.id, x, y, r, rank: ROOT_LABEL_RANK, recency: 0 });
        continue;
      }
      const emphasis = this.emphasis(node, view.selectedId);
      requests.push({ id: node.id, text: labelText(agent), x, y, r, rank: labelRank(agent, emphasis), recency: agent.lastEventAt, overNodes: emphasis === 'selected' });
    }
    return this.declutter.layout(requests, obstacles, view.width, view.height);
  }

  private emphasis(node: PaintNode, selectedId: string | undefined): LabelEmphasis {
    if (node.id === selectedId) return 'selected';
    if (this.subtree === undefined) return 'normal';
    return this.subtree[node.index ?? 0] === 1 ? 'subtree' : 'dimmed';
  }

  /**
   * Draws pulses, fades, flashes, highlights and tool names on `ctx`: the effects layer (cleared
   * first), or the still layer just drawn (on top of it). True while tool names are in flight or
   * agents wait. Leaves `effectsBlank` saying whether it drew nothing.
   */
  private paintEffects(ctx: Canvas2D, layout: PaintLayout, inFlight: readonly ToolFlight[], view: PaintView): boolean {
    this.fx = ctx;
    const onStill = ctx === this.still;
    const { dpr, transform: t, now } = view;
    const k = t.k;
    const highlighted = [view.selectedId, view.hoveredId].flatMap((id) => {
      const node = id === undefined ? undefined : layout.node(id);
      return node === undefined ? [] : [node];
    });
    const nothing = this.pulsing.length === 0 && this.transitional.length === 0 && this.waiting.length === 0 && highlighted.length === 0 && inFlight.length === 0;
    // An unchanged empty layer costs nothing to keep; clearing it every frame would not.
    if (nothing && (this.effectsBlank || onStill)) {
      this.hoverLabel = undefined;
      this.effectsBlank = true;
      return false;
    }
    this.effectsBlank = nothing;
    if (!onStill) {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, view.width, view.height);
    }
    this.hoverLabel = undefined;
    if (nothing) return false;
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * t.x, dpr * t.y);

    this.paintPulses(k);
    this.paintWaiting(now, k);
    for (const node of this.transitional) this.paintTransitional(node, view);

    ctx.strokeStyle = HIGHLIGHT_COLOUR;
    ctx.lineWidth = 2 / k;
    for (const node of highlighted) {
      ctx.beginPath();
      ctx.arc(node.x, node.y, drawnRadius(node.radius, k) + 3.5 / k, 0, 2 * Math.PI);
      ctx.stroke();
    }

    beginScreenText(ctx, dpr);
    this.paintHoverLabel(layout, view);
    ctx.textBaseline = 'bottom';
    ctx.fillStyle = FLIGHT_COLOUR;
    for (const flight of inFlight) {
      const node = layout.node(flight.agentId);
      const progress = flightProgress(now, flight.at);
      if (node === undefined || progress < 0 || !this.onScreen(node)) continue;
      ctx.globalAlpha = (1 - progress) * (this.dimmed(node) ? DIMMED_ALPHA : 1);
      ctx.fillText(flight.tool, t.x + node.x * k, t.y + (node.y - drawnRadius(node.radius, k)) * k - 4 - 26 * progress);
    }
    ctx.globalAlpha = 1;
    return inFlight.length > 0;
  }

  private paintPulses(k: number): void {
    const ctx = this.fx;
    const phases: Path2D[] = Array.from({ length: PULSE_PHASES }, () => new Path2D());
    const phaseOf = (i: number): number => Math.min(PULSE_PHASES - 1, Math.floor((this.pulseProgress[i] ?? 0) * PULSE_PHASES));
    // Over budget, the freshest pulses win: the oldest phases are dropped first.
    const perPhase = new Array<number>(PULSE_PHASES).fill(0);
    this.pulsing.forEach((_, i) => {
      const phase = phaseOf(i);
      perPhase[phase] = (perPhase[phase] ?? 0) + 1;
    });
    let lastPhase = 0;
    const unit = nodeUnit(k);
    const meanRingPx = 2 * Math.PI * (MIN_NODE_RADIUS_PX + (2 + PULSE_GROWTH / 2) * unit * k);
    let quota = Math.max(1, Math.floor(PULSE_BUDGET_PX / meanRingPx));
    while (lastPhase < PULSE_PHASES - 1 && quota > (perPhase[lastPhase] ?? 0)) quota -= perPhase[lastPhase++] ?? 0;
    this.pulsing.forEach((node, i) => {
      const phase = phaseOf(i);
      if (phase > lastPhase || (phase === lastPhase && quota-- <= 0)) return;
      const path = phases[phase];
      if (path !== undefined) circle(path, node, drawnRadius(node.radius, k) + (2 + PULSE_GROWTH * ((phase + 0.5) / PULSE_PHASES)) * unit);
    });
    ctx.strokeStyle = PULSE_COLOUR;
    ctx.lineWidth = 1.2 * unit;
    phases.forEach((path, phase) => {
      ctx.globalAlpha = 0.75 * (1 - (phase + 0.5) / PULSE_PHASES);
      ctx.stroke(path);
    });
    ctx.globalAlpha = 1;
  }

  /** Waiting agents breathe an amber ring, all in step: one path, one stroke. */
  private paintWaiting(now: number, k: number): void {
    if (this.waiting.length === 0) return;
    const ctx = this.fx;
    const phase = (now % WAIT_PULSE_MS) / WAIT_PULSE_MS;
    const path = new Path2D();
    for (const node of this.waiting) circle(path, node, drawnRadius(node.radius, k) + (2 + WAIT_GROWTH_PX * phase) / k);
    ctx.globalAlpha = 0.9 * (1 - phase);
    ctx.strokeStyle = STATUS_COLOUR.waiting;
    ctx.lineWidth = 2 / k;
    ctx.stroke(path);
    ctx.globalAlpha = 1;
  }

  /** Fading in, flashing or fading out: each with its own opacity, so drawn on its own. */
  private paintTransitional(node: PaintNode, view: PaintView): void {
    const { fx: ctx, look } = this;
    const agent = node.agent;
    if (agent === undefined) return;
    nodeLook(view.now, agent.seenAt, agent.pulseAt, agent.finishedAt, view.lingerMs, look);
    if (look.alpha <= 0) return;
    const k = view.transform.k;
    const r = drawnRadius(node.radius, k);
    const alpha = look.alpha * (LEVEL_ALPHA[this.level(node, agent)] ?? 1);
    const outcomeColour = agent.outcome === undefined ? undefined : OUTCOME_COLOUR[agent.outcome];
    ctx.globalAlpha = alpha;
    ctx.beginPath();
    ctx.arc(node.x, node.y, r, 0, 2 * Math.PI);
    ctx.fillStyle = look.flash >= 0 && outcomeColour !== undefined ? outcomeColour : modelColour(agent.model);
    ctx.fill();
    ctx.strokeStyle = ringColour(agent);
    ctx.lineWidth = ringWidthPx(k) / k;
    ctx.stroke();
    if (hasErrored(agent)) {
      ctx.beginPath();
      ctx.arc(node.x, node.y, r + 2.5 / k, 0, 2 * Math.PI);
      ctx.strokeStyle = ERROR_MARK;
      ctx.lineWidth = 2 / k;
      ctx.stroke();
    }
    if (look.flash >= 0 && outcomeColour !== undefined) {
      ctx.globalAlpha = alpha * (1 - look.flash);
      ctx.beginPath();
      const unit = nodeUnit(k);
      ctx.arc(node.x, node.y, r + (2 + 16 * look.flash) * unit, 0, 2 * Math.PI);
      ctx.strokeStyle = outcomeColour;
      ctx.lineWidth = (3 * (1 - look.flash) + 0.5) * unit;
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  /** A hovered agent whose label gave way gets it back, on a plate above everything else. */
  private paintHoverLabel(layout: PaintLayout, view: PaintView): void {
    const id = view.hoveredId;
    const node = id === undefined ? undefined : layout.node(id);
    if (node?.agent === undefined || this.labels.some((label) => label.id === id)) return;
    const t = view.transform;
    const text = labelText(node.agent);
    const width = this.textWidth(text) + 8;
    const r = drawnRadius(node.radius, t.k) * t.k;
    const x = t.x + node.x * t.k;
    const below = t.y + node.y * t.k + r + 6;
    const top = below + LABEL_HEIGHT > view.height ? t.y + node.y * t.k - r - 6 - LABEL_HEIGHT : below;
    const left = Math.min(Math.max(0, x - width / 2), Math.max(0, view.width - width));
    const label: PlacedLabel = { id: node.id, text, left, top, width, height: LABEL_HEIGHT, plate: true, textX: left + width / 2, textY: top + LABEL_HEIGHT / 2 };
    drawPlate(this.fx, label);
    drawLabelText(this.fx, label);
    this.hoverLabel = label;
  }

  private textWidth(text: string): number {
    let width = this.textWidths.get(text);
    if (width === undefined) {
      // Names come and go with agents; a cache that only grows would keep every one of them.
      if (this.textWidths.size > 20_000) this.textWidths.clear();
      this.still.font = FONT;
      width = this.still.measureText(text).width;
      this.textWidths.set(text, width);
    }
    return width;
  }

  private onScreen(node: PaintNode): boolean {
    const box = this.box;
    return node.x >= box.minX && node.x <= box.maxX && node.y >= box.minY && node.y <= box.maxY;
  }
}

/** The orchestrator's label yields to every agent's in the selection or without one, not to dimmed ones. */
const ROOT_LABEL_RANK = 15;

function ringColour(agent: PaintAgent): string {
  return agent.outcome === undefined ? STATUS_COLOUR[agent.status] : OUTCOME_COLOUR[agent.outcome];
}

function hasErrored(agent: PaintAgent): boolean {
  return agent.outcome === undefined ? agent.status === 'error' : agent.outcome === 'error';
}

/** World units per unit of node size: effects around a node scale with the node, not the zoom. */
function nodeUnit(k: number): number {
  return Math.min(k, NODE_SCALE_CAP) / k;
}

function ringWidthPx(k: number): number {
  return Math.min(2.5, Math.max(1, RING_WIDTH * k));
}

function labelText(agent: PaintAgent): string {
  const name = agent.name ?? agent.id;
  return name.length > MAX_LABEL_CHARS ? `${name.slice(0, MAX_LABEL_CHARS - 1)}…` : name;
}

/** Back to screen pixels, so text keeps its size at any zoom, centred on its anchor. */
function beginScreenText(ctx: Canvas2D, dpr: number): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
}

/** A dark rounded backing, for a label that lies over nodes. */
function drawPlate(ctx: Canvas2D, label: PlacedLabel): void {
  ctx.fillStyle = LABEL_PLATE;
  ctx.beginPath();
  ctx.roundRect(label.left, label.top, label.width, label.height, 3);
  ctx.fill();
}

/** Text with a dark halo, so it stays readable over edges. */
function drawLabelText(ctx: Canvas2D, label: PlacedLabel): void {
  ctx.strokeStyle = LABEL_HALO;
  ctx.lineWidth = 3;
  ctx.strokeText(label.text, label.textX, label.textY);
  ctx.fillStyle = LABEL_COLOUR;
  ctx.fillText(label.text, label.textX, label.textY);
}

function circle(path: Path2D, node: PaintNode, r: number): void {
  path.moveTo(node.x + r, node.y);
  path.arc(node.x, node.y, r, 0, 2 * Math.PI);
}

function addCircle(paths: Map<string, Path2D>, colour: string, node: PaintNode, r: number): void {
  let path = paths.get(colour);
  if (path === undefined) {
    path = new Path2D();
    paths.set(colour, path);
  }
  circle(path, node, r);
}
