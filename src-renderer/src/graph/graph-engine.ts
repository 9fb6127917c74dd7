import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import type { D3ZoomEvent, ZoomBehavior, ZoomTransform } from 'd3-zoom';
import type { FleetModel } from '../agents/fleet-model';
import { easeView, fitTransform, FOLLOW_FIT, NO_INSETS, sameView } from './follow-view';
import type { Insets, ViewTransform } from './follow-view';
import { FrameTimes } from './frame-times';
import { GraphLayout, LARGEST_RADIUS, ROOT_RADIUS } from './graph-layout';
import type { GraphNode } from './graph-layout';
import { GraphPaintHost } from './graph-paint-host';
import type { PlacedLabel } from './label-declutter';
import { drawnRadius } from './node-size';

export interface HoverTarget {
  id: string;
  /** CSS pixels from the surface's top-left corner. */
  x: number;
  y: number;
}

export interface GraphEngineOptions {
  /** The element the graph fills; its canvas layers are created inside it. */
  surface: HTMLElement;
  model: FleetModel;
  onHover: (target: HoverTarget | undefined) => void;
  onSelect: (id: string | undefined) => void;
  /** A double-click on an agent: open it (its card), where a single click only selects it. */
  onOpen: (id: string) => void;
}

const SCALE_EXTENT: [number, number] = [0.05, 8];
/** Pointer slack in CSS pixels, so small nodes are still easy to hit when zoomed out. */
const HIT_SLOP_PX = 6;
/** A press that moves less than this is a click, not a pan: it neither pans nor stops following. */
const CLICK_DISTANCE_PX = 4;
/** Easing over a gap longer than this (the loop slept) starts afresh instead of leaping. */
const MAX_EASE_STEP_MS = 50;

/**
 * Layout, pan/zoom and hit-testing, outside React; drawing goes to the paint host (a worker).
 * Frames are made from requestAnimationFrame only while the layout is warm or something
 * animates; otherwise the loop sleeps until `invalidate()`.
 */
export class GraphEngine {
  readonly layout = new GraphLayout();
  readonly frameTimes = new FrameTimes();
  readonly surface: HTMLElement;
  private readonly model: FleetModel;
  private readonly paintHost: GraphPaintHost;
  private readonly zoomBehavior: ZoomBehavior<HTMLElement, unknown>;
  private readonly selection: Selection<HTMLElement, unknown, null, undefined>;
  private readonly resizeObserver: ResizeObserver;
  private readonly options: GraphEngineOptions;
  private transform: ZoomTransform = zoomIdentity;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private frame: number | undefined;
  private lastFrameAt: number | undefined;
  /** The main thread's part of the frame in the painter, added to the painter's own for frameTimes. */
  private frameWorkMs = 0;
  /** The painter's last word: something on screen still moves on its own. */
  private painterAnimating = false;
  private seenModelVersion = -1;
  /** Until the person pans or zooms, the view keeps the whole graph in sight as it grows. */
  private following = true;
  private pressedAt: { x: number; y: number } | undefined;
  private insets: Insets = NO_INSETS;
  /** The agent last asked to open by a double-click, for the debug hook. */
  lastOpenedId: string | undefined;
  private hoveredId: string | undefined;
  private selectedId: string | undefined;
  private disposeDprWatch: () => void = () => undefined;

  constructor(options: GraphEngineOptions) {
    this.options = options;
    this.surface = options.surface;
    this.model = options.model;
    this.paintHost = new GraphPaintHost({
      surface: this.surface,
      onPainted: (animating, paintMs) => {
        this.frameTimes.record(this.frameWorkMs + paintMs);
        this.painterAnimating = animating;
        if (animating) this.invalidate();
      },
      onReady: () => this.invalidate(),
      onFree: () => this.paintLatest(),
    });

    this.zoomBehavior = zoom<HTMLElement, unknown>()
      .scaleExtent(SCALE_EXTENT)
      .clickDistance(CLICK_DISTANCE_PX)
      // The default reads clientWidth on every gesture, forcing a layout in each following frame.
      .extent(() => [
        [0, 0],
        [this.width, this.height],
      ])
      .on('start', (event: D3ZoomEvent<HTMLElement, unknown>) => {
        const source: unknown = event.sourceEvent;
        this.pressedAt = source instanceof MouseEvent && source.type === 'mousedown' ? { x: source.clientX, y: source.clientY } : undefined;
      })
      .on('zoom', (event: D3ZoomEvent<HTMLElement, unknown>) => {
        this.transform = event.transform;
        if (this.movedByPerson(event.sourceEvent)) this.following = false;
        this.invalidate();
      });
    this.selection = select(this.surface);
    // Double-click belongs to run controls (cancel an agent), not to zooming.
    this.selection.call(this.zoomBehavior).on('dblclick.zoom', null);
    this.surface.addEventListener('pointermove', this.onPointerMove);
    this.surface.addEventListener('pointerleave', this.onPointerLeave);
    this.surface.addEventListener('click', this.onClick);
    this.surface.addEventListener('dblclick', this.onDoubleClick);

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.surface);
    this.watchDevicePixelRatio();
    this.resize();
  }

  /** Something changed; draw on the next frame (and keep drawing while it moves). */
  invalidate(): void {
    this.frame ??= requestAnimationFrame(this.drawFrame);
  }

  /** Eases back to the whole graph and follows it again. */
  fit(): void {
    this.following = true;
    this.invalidate();
  }

  /** Overlays on the view (the counters, the legend) that the followed fleet should stay clear of. */
  setInsets(insets: Insets): void {
    const old = this.insets;
    if (old.top === insets.top && old.right === insets.right && old.bottom === insets.bottom && old.left === insets.left) return;
    this.insets = insets;
    this.invalidate();
  }

  get isFollowing(): boolean {
    return this.following;
  }

  setSelected(id: string | undefined): void {
    this.selectedId = id;
    this.invalidate();
  }

  /** True once nothing moves: the layout is at rest, no effect is running and the last frame is drawn. */
  get idle(): boolean {
    return this.frame === undefined && !this.layout.hot && !this.paintHost.busy && !this.painterAnimating;
  }

  /** True while the painter runs in its worker (not on the main thread). */
  get paintsInWorker(): boolean {
    return this.paintHost.inWorker;
  }

  /** A node's position in CSS pixels from the surface's top-left corner. */
  toSurface(node: GraphNode): { x: number; y: number } {
    return { x: this.transform.applyX(node.x), y: this.transform.applyY(node.y) };
  }

  /** A node's drawn radius in CSS pixels. */
  screenRadius(node: GraphNode): number {
    return drawnRadius(node.radius, this.transform.k) * this.transform.k;
  }

  /** The labels drawn in the last frame, in CSS pixels from the surface's corner; `hovered` is the one shown on hover. */
  drawnLabels(): { still: readonly PlacedLabel[]; hovered: PlacedLabel | undefined } {
    return { still: this.paintHost.labels, hovered: this.paintHost.hoverLabel };
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
    this.surface.removeEventListener('dblclick', this.onDoubleClick);
    this.paintHost.dispose();
  }

  private readonly drawFrame = (): void => {
    this.frame = undefined;
    const started = performance.now();
    const sinceLast = this.lastFrameAt === undefined ? 0 : started - this.lastFrameAt;
    this.lastFrameAt = started;
    this.layout.sync(this.model);
    if (this.model.version !== this.seenModelVersion) {
      this.seenModelVersion = this.model.version;
      this.layout.resize();
    }
    const moving = this.layout.step();
    const panning = this.following && this.followGraph(Math.min(sinceLast, MAX_EASE_STEP_MS));
    this.frameWorkMs = performance.now() - started;
    this.paintLatest();
    if (moving || panning) this.invalidate();
    // A sleeping loop wakes with no elapsed time to ease over, rather than the whole nap.
    else if (!this.painterAnimating) this.lastFrameAt = undefined;
  };

  /**
   * Hands the painter the picture as it is now. A frame it refuses (busy with the last one) is
   * handed over again the moment it is free (onFree), not at the next animation frame: a painter
   * slower than a frame then draws back to back instead of every other frame.
   */
  private paintLatest(): void {
    const now = Date.now();
    const { x, y, k } = this.transform;
    this.paintHost.paint(this.layout, [...this.model.toolFlights.active(now)], {
      width: this.width,
      height: this.height,
      dpr: this.dpr,
      transform: { x, y, k },
      now,
      lingerMs: this.model.lingerMs,
      lookVersion: this.model.lookVersion,
      hoveredId: this.hoveredId,
      selectedId: this.selectedId,
    });
  }

  /** Eases the view towards the fitted one; false once it is there. */
  private followGraph(elapsedMs: number): boolean {
    if (this.width === 0 || this.height === 0) return false;
    const target = fitTransform(this.layout.bounds(), this.width, this.height, FOLLOW_FIT, this.insets);
    // The first frame after a rest gets a nominal frame's worth of easing.
    const next = easeView(this.transform, target, elapsedMs > 0 ? elapsedMs : 16);
    // Setting it emits one zoom event (one more frame); once there, there is nothing to do.
    if (sameView(next, this.transform)) return false;
    this.setTransform(next);
    return true;
  }

  /** A wheel, a touch, or a press that travelled past a click's slack: the person took the view. */
  private movedByPerson(source: unknown): boolean {
    if (source === null || source === undefined) return false;
    if (source instanceof MouseEvent && source.type === 'mousemove' && this.pressedAt !== undefined) {
      return Math.hypot(source.clientX - this.pressedAt.x, source.clientY - this.pressedAt.y) > CLICK_DISTANCE_PX;
    }
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
    this.paintHost.resize(width, height, dpr);
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
    const k = this.transform.k;
    const [x, y] = this.transform.invert(this.pointer(event));
    const slop = HIT_SLOP_PX / k;
    const node = this.layout.find(x, y, Math.max(LARGEST_RADIUS, drawnRadius(ROOT_RADIUS, k)) + slop);
    if (node === undefined) return undefined;
    const reach = drawnRadius(node.radius, k) + slop;
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

  private readonly onDoubleClick = (event: MouseEvent): void => {
    const node = this.hit(event);
    if (node?.agent === undefined) return;
    this.lastOpenedId = node.id;
    this.options.onOpen(node.id);
  };
}
