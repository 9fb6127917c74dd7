import type { ToolFlight } from '../agents/tool-flights';
import type { GraphLayout } from './graph-layout';
import { GraphPainter } from './graph-painter';
import type { PlacedLabel } from './label-declutter';
import { FrameWriter } from './paint-protocol';
import type { PaintView } from './paint-scene';
import type { PaintReply, PaintRequest } from './paint-messages';

/** A worker that has not said it is ready by then is taken for one that cannot start. */
const WORKER_START_TIMEOUT_MS = 3_000;

export interface PaintHostOptions {
  /** Where the two canvas layers go. */
  surface: HTMLElement;
  /** A frame was drawn: `animating` while something on screen still moves on its own; `paintMs` its cost. */
  onPainted: (animating: boolean, paintMs: number) => void;
  /** The painter started (in its worker or on the main thread): frames can be drawn. */
  onReady: () => void;
  /** The painter finished a frame after refusing one: it can take the latest picture now. */
  onFree: () => void;
}

/**
 * Owns the two canvas layers and where they are painted: in a worker through OffscreenCanvas
 * (the page's main thread keeps only layout and input), or on the main thread when no worker
 * can start (a page that forbids it) or the worker fails. One frame is in the worker at a time;
 * a frame asked for meanwhile is refused, and the engine asks again once the worker is done, so
 * frames never queue up behind a slow painter.
 */
export class GraphPaintHost {
  private readonly options: PaintHostOptions;
  private layers: HTMLCanvasElement[] = [];
  private mode: 'starting' | 'worker' | 'inline' = 'starting';
  private worker: Worker | undefined;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private inlinePainter: GraphPainter | undefined;
  private readonly writer = new FrameWriter();
  /** A frame is in the worker. */
  private drawing = false;
  private refused = false;
  private size = { width: 0, height: 0, dpr: 1 };
  /** The labels on the still layer, as last drawn, in CSS pixels of the view. */
  labels: readonly PlacedLabel[] = [];
  /** The hovered agent's label when the declutter had hidden it. */
  hoverLabel: PlacedLabel | undefined;

  constructor(options: PaintHostOptions) {
    this.options = options;
    this.layers = createLayers(options.surface);
    this.startWorker();
  }

  /** True while a frame is being drawn or the painter is still starting. */
  get busy(): boolean {
    return this.mode === 'starting' || this.drawing;
  }

  get inWorker(): boolean {
    return this.mode === 'worker';
  }

  /** CSS size of the view; the canvases' pixel size follows it (in the worker, with the next frame). */
  resize(width: number, height: number, dpr: number): void {
    this.size = { width, height, dpr };
    for (const layer of this.layers) {
      layer.style.width = `${width}px`;
      layer.style.height = `${height}px`;
      if (this.mode !== 'inline') continue;
      layer.width = Math.round(width * dpr);
      layer.height = Math.round(height * dpr);
    }
  }

  /** Draws a frame, or refuses it while the painter is busy or starting: `onFree` or `onReady` follows. */
  paint(layout: GraphLayout, inFlight: ToolFlight[], view: PaintView): void {
    if (this.mode === 'inline' && this.inlinePainter !== undefined) {
      const started = performance.now();
      const animating = this.inlinePainter.paint(layout, inFlight, view);
      this.labels = this.inlinePainter.labels;
      this.hoverLabel = this.inlinePainter.hoverLabel;
      this.showEffectsLayer(!this.inlinePainter.effectsLayerBlank);
      this.options.onPainted(animating, performance.now() - started);
      return;
    }
    if (this.busy || this.worker === undefined) {
      this.refused = true;
      return;
    }
    const { frame, transfer } = this.writer.write(layout, inFlight, view);
    this.drawing = true;
    this.post({ kind: 'frame', frame }, transfer);
  }

  dispose(): void {
    this.stopWorker();
    for (const layer of this.layers) layer.remove();
  }

  private startWorker(): void {
    try {
      this.worker = new Worker(new URL('./graph-paint.worker.ts', import.meta.url), { type: 'module', name: 'orrery-graph-paint' });
    } catch (error) {
      this.paintInline(error);
      return;
    }
    this.worker.onmessage = (event: MessageEvent<PaintReply>) => this.onReply(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.paintInline(event.message || 'the graph paint worker could not start');
    };
    this.startTimer = setTimeout(() => this.paintInline('the graph paint worker did not start in time'), WORKER_START_TIMEOUT_MS);
  }

  private onReply(reply: PaintReply): void {
    if (reply.kind === 'ready') {
      if (this.mode !== 'starting') return;
      clearTimeout(this.startTimer);
      const [still, effects] = this.layers.map((layer) => layer.transferControlToOffscreen());
      if (still === undefined || effects === undefined) return;
      this.mode = 'worker';
      this.post({ kind: 'init', still, effects }, [still, effects]);
      this.options.onReady();
      return;
    }
    if (reply.kind === 'failed') {
      this.paintInline(reply.message);
      return;
    }
    this.drawing = false;
    if (reply.geometry !== undefined) this.writer.recycle(reply.geometry);
    if (reply.labels !== undefined) this.labels = reply.labels;
    this.hoverLabel = reply.hoverLabel;
    this.showEffectsLayer(!reply.effectsBlank);
    this.options.onPainted(reply.animating, reply.paintMs);
    if (this.refused) {
      this.refused = false;
      this.options.onFree();
    }
  }

  /** Paints on the main thread from now on, on fresh canvases (the worker may own the old ones). */
  private paintInline(reason: unknown): void {
    if (this.mode === 'inline') return;
    console.warn('[orrery] drawing the graph on the main thread:', reason instanceof Error ? reason.message : reason);
    this.stopWorker();
    const stale = this.layers;
    this.layers = createLayers(this.options.surface);
    for (const layer of stale) layer.remove();
    const [still, effects] = this.layers.map((layer, index) => context2d(layer, index === 0));
    if (still === undefined || effects === undefined) return;
    this.inlinePainter = new GraphPainter(still, effects);
    this.mode = 'inline';
    this.drawing = false;
    this.refused = false;
    this.resize(this.size.width, this.size.height, this.size.dpr);
    this.options.onReady();
  }

  /**
   * A blank, transparent full-size layer still costs a blending pass over its whole area in every
   * composited frame (in software, the dominant cost): it is left out while it holds nothing.
   */
  private showEffectsLayer(shown: boolean): void {
    const effects = this.layers[1];
    const visibility = shown ? '' : 'hidden';
    if (effects !== undefined && effects.style.visibility !== visibility) effects.style.visibility = visibility;
  }

  private stopWorker(): void {
    clearTimeout(this.startTimer);
    this.worker?.terminate();
    this.worker = undefined;
  }

  private post(request: PaintRequest, transfer: Transferable[]): void {
    this.worker?.postMessage(request, transfer);
  }
}

/** The still layer under the effects layer, first in the surface so its overlays stay on top. */
function createLayers(surface: HTMLElement): HTMLCanvasElement[] {
  const layers = ['agent-graph-still', 'agent-graph-effects'].map((className) => {
    const canvas = document.createElement('canvas');
    canvas.className = `agent-graph-layer ${className}`;
    return canvas;
  });
  surface.prepend(...layers);
  return layers;
}

/** The still layer (`opaque`) paints the background itself; see the painter. */
function context2d(canvas: HTMLCanvasElement, opaque: boolean): CanvasRenderingContext2D {
  const context = canvas.getContext('2d', { alpha: !opaque });
  if (context === null) throw new Error('2D canvas is not available');
  return context;
}
