import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import type { D3ZoomEvent, ZoomBehavior, ZoomTransform } from 'd3-zoom';
import type { FleetModel } from '../agents/fleet-model';
import { fitTransform } from './fit-transform';
import type { ViewTransform } from './fit-transform';
import { FrameTimes } from './frame-times';
import { GraphLayout, ROOT_RADIUS } from './graph-layout';
import type { GraphNode } from './graph-layout';
import { GraphPainter } from './graph-painter';

export interface HoverTarget {
  id: string;
  /** CSS pixels from the surface's top-left corner. */
  x: number;
  y: number;
}

export interface GraphEngineOptions {
  /** The element the graph fills; its two canvas layers are created inside it. */
  surface: HTMLElement;
  model: FleetModel;
  onHover: (target: HoverTarget | undefined) => void;
  onSelect: (id: string | undefined) => void;
}

const SCALE_EXTENT: [number, number] = [0.05, 8];
/** Following the growing graph eases towards the fitted view instead of jumping to it. */
const FOLLOW_EASE = 0.12;
const FOLLOW_MAX_SCALE = 1.6;
/** Pointer slack in CSS pixels, so small nodes are still easy to hit when zoomed out. */
const HIT_SLOP_PX = 6;

/**
 * Owns the canvases: layout, drawing, pan/zoom and hit-testing, outside React. Frames are drawn
 * from requestAnimationFrame only while the layout is warm or something animates; otherwise
 * the loop sleeps until `invalidate()`.
 */
export class GraphEngine {
  readonly layout = new GraphLayout();
  readonly frameTimes = new FrameTimes();
  readonly surface: HTMLElement;
  private readonly layers: HTMLCanvasElement[];
  private readonly model: FleetModel;
  private readonly painter: GraphPainter;
  private readonly zoomBehavior: ZoomBehavior<HTMLElement, unknown>;
  private readonly selection: Selection<HTMLElement, unknown, null, undefined>;
  private readonly resizeObserver: ResizeObserver;
  private readonly options: GraphEngineOptions;
  private transform: ZoomTransform = zoomIdentity;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private frame: number | undefined;
  /** Until the person pans or zooms, the view keeps the whole graph in sight as it grows. */
  private following = true;
  private hoveredId: string | undefined;
  private selectedId: string | undefined;
  private disposeDprWatch: () => void = () => undefined;

  constructor(options: GraphEngineOptions) {
    this.options = options;
    this.surface = options.surface;
    this.model = options.model;
    const still = createLayer('agent-graph-still');
    const effects = createLayer('agent-graph-effects');
    this.layers = [still.canvas, effects.canvas];
    this.surface.append(...this.layers);
    this.painter = new GraphPainter(still.context, effects.context);

    this.zoomBehavior = zoom<HTMLElement, unknown>()
      .scaleExtent(SCALE_EXTENT)
      // The default reads clientWidth on every gesture, forcing a layout in each following frame.
      .extent(() => [
        [0, 0],
        [this.width, this.height],
      ])
      .on('zoom', (event: D3ZoomEvent<HTMLElement, unknown>) => {
        this.transform = event.transform;
        if (event.sourceEvent !== null) this.following = false;
        this.invalidate();
      });
    this.selection = select(this.surface);
    // Double-click belongs to run controls (cancel an agent), not to zooming.
    this.selection.call(this.zoomBehavior).on('dblclick.zoom', null);
    this.surface.addEventListener('pointermove', this.onPointerMove);
    this.surface.addEventListener('pointerleave', this.onPointerLeave);
    this.surface.addEventListener('click', this.onClick);

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.surface);
    this.watchDevicePixelRatio();
    this.resize();
  }

  /** Something changed; draw on the next frame (and keep drawing while it moves). */
  invalidate(): void {
    this.frame ??= requestAnimationFrame(this.drawFrame);
  }

  /** Frames the whole graph and goes back to following it. */
  fit(): void {
    this.following = true;
    this.setTransform(fitTransform(this.layout.bounds(), this.width, this.height, 32, FOLLOW_MAX_SCALE, SCALE_EXTENT[0]));
  }

  setSelected(id: string | undefined): void {
    this.selectedId = id;
    this.invalidate();
  }

  /** True once nothing moves: the layout is at rest and no effect is running. */
  get idle(): boolean {
    return this.frame === undefined && !this.layout.hot;
  }

  /** A node's position in CSS pixels from the surface's top-left corner. */
  toSurface(node: GraphNode): { x: number; y: number } {
    return { x: this.transform.applyX(node.x), y: this.transform.applyY(node.y) };
  }

  dispose(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.resizeObserver.disconnect();
    this.disposeDprWatch();
    this.selection.on('.zoom', null);
    this.surface.removeEventListener('pointermove', this.onPointerMove);
    this.surface.removeEventListener('pointerleave', this.onPointerLeave);
    this.surface.removeEventListener('click', this.onClick);
    for (const layer of this.layers) layer.remove();
  }

  private readonly drawFrame = (): void => {
    this.frame = undefined;
    const started = performance.now();
    this.layout.sync(this.model);
    const moving = this.layout.step();
    const panning = this.following && this.followGraph();
    const animating = this.painter.paint(this.layout, this.model.toolFlights, {
      width: this.width,
      height: this.height,
      dpr: this.dpr,
      transform: this.transform,
      now: Date.now(),
      lingerMs: this.model.lingerMs,
      lookVersion: this.model.lookVersion,
      hoveredId: this.hoveredId,
      selectedId: this.selectedId,
    });
    this.frameTimes.record(performance.now() - started);
    if (moving || panning || animating) this.invalidate();
  };

  /** Eases the view towards the fitted one; false once it is there. */
  private followGraph(): boolean {
    if (this.width === 0 || this.height === 0) return false;
    const target = fitTransform(this.layout.bounds(), this.width, this.height, 32, FOLLOW_MAX_SCALE, SCALE_EXTENT[0]);
    const current = this.transform;
    const arrived = Math.abs(current.k - target.k) < 0.002 && Math.abs(current.x - target.x) < 0.5 && Math.abs(current.y - target.y) < 0.5;
    if (arrived) {
      // Snapping emits one more zoom event (one more frame); after that there is nothing to do.
      if (current.k !== target.k || current.x !== target.x || current.y !== target.y) this.setTransform(target);
      return false;
    }
    this.setTransform({
      x: current.x + (target.x - current.x) * FOLLOW_EASE,
      y: current.y + (target.y - current.y) * FOLLOW_EASE,
      k: current.k + (target.k - current.k) * FOLLOW_EASE,
    });
    return true;
  }

  /** Programmatic moves carry no source event, so they do not switch following off. */
  private setTransform({ x, y, k }: ViewTransform): void {
    this.zoomBehavior.transform(this.selection, zoomIdentity.translate(x, y).scale(k));
  }

  private resize(): void {
    const box = this.surface.getBoundingClientRect();
    const width = Math.max(0, Math.floor(box.width));
    const height = Math.max(0, Math.floor(box.height));
    const dpr = window.devicePixelRatio || 1;
    if (width === this.width && height === this.height && dpr === this.dpr) return;
    const first = this.width === 0 && this.height === 0;
    // Keep whatever was at the centre at the centre.
    const shifted = first
      ? { x: width / 2, y: height / 2, k: 1 }
      : { x: this.transform.x + (width - this.width) / 2, y: this.transform.y + (height - this.height) / 2, k: this.transform.k };
    this.width = width;
    this.height = height;
    this.dpr = dpr;
    for (const layer of this.layers) {
      layer.width = Math.round(width * dpr);
      layer.height = Math.round(height * dpr);
      layer.style.width = `${width}px`;
      layer.style.height = `${height}px`;
    }
    this.setTransform(shifted);
    this.invalidate();
  }

  /** Moving the window to a screen with another pixel density changes the ratio without a resize. */
  private watchDevicePixelRatio(): void {
    const query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    const onChange = (): void => {
      this.disposeDprWatch();
      this.resize();
      this.watchDevicePixelRatio();
    };
    query.addEventListener('change', onChange, { once: true });
    this.disposeDprWatch = () => query.removeEventListener('change', onChange);
  }

  /** Pointer position in CSS pixels from the surface's corner (offsetX is relative to whichever layer was hit). */
  private pointer(event: MouseEvent): [number, number] {
    const box = this.surface.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }

  private hit(event: MouseEvent): GraphNode | undefined {
    const [x, y] = this.transform.invert(this.pointer(event));
    const node = this.layout.find(x, y, ROOT_RADIUS + HIT_SLOP_PX / this.transform.k);
    if (node === undefined) return undefined;
    const reach = node.radius + HIT_SLOP_PX / this.transform.k;
    return (node.x - x) ** 2 + (node.y - y) ** 2 <= reach * reach ? node : undefined;
  }

  private readonly onPointerMove = (event: PointerEvent): void => {
    const node = this.hit(event);
    const id = node?.agent === undefined ? undefined : node.id;
    if (id !== this.hoveredId) {
      this.hoveredId = id;
      this.invalidate();
    }
    const [x, y] = this.pointer(event);
    this.options.onHover(id === undefined ? undefined : { id, x, y });
  };

  private readonly onPointerLeave = (): void => {
    this.hoveredId = undefined;
    this.invalidate();
    this.options.onHover(undefined);
  };

  private readonly onClick = (event: MouseEvent): void => {
    const node = this.hit(event);
    this.options.onSelect(node?.agent === undefined ? undefined : node.id);
  };
}

function createLayer(className: string): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.className = `agent-graph-layer ${className}`;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('2D canvas is not available');
  return { canvas, context };
}
