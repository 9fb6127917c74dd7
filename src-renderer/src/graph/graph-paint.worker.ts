// The graph's painter in a worker of its own: drawing and rasterising both canvas layers (and
// the label declutter) leave the page's main thread, which keeps only the layout, pan/zoom and
// hit-testing. With software rendering, rasterising the canvases was most of a frame's work.
import { GraphPainter } from './graph-painter';
import type { Canvas2D } from './graph-painter';
import { SceneMirror } from './paint-protocol';
import type { PaintReply, PaintRequest } from './paint-messages';
import type { PlacedLabel } from './label-declutter';

/** The few members of DedicatedWorkerGlobalScope used here (the renderer compiles against the DOM library). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<PaintRequest>) => void) | null;
  postMessage(message: PaintReply, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const mirror = new SceneMirror();
let layers: { still: OffscreenCanvas; effects: OffscreenCanvas } | undefined;
let painter: GraphPainter | undefined;
let sentLabels: readonly PlacedLabel[] | undefined;

scope.onmessage = (event) => {
  try {
    handle(event.data);
  } catch (error) {
    scope.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
scope.postMessage({ kind: 'ready' });

function handle(request: PaintRequest): void {
  if (request.kind === 'init') {
    layers = { still: request.still, effects: request.effects };
    painter = new GraphPainter(context(request.still, true), context(request.effects, false));
    return;
  }
  if (painter === undefined || layers === undefined) throw new Error('the graph painter got a frame before its canvases');
  const started = performance.now();
  const { frame } = request;
  const width = Math.round(frame.view.width * frame.view.dpr);
  const height = Math.round(frame.view.height * frame.view.dpr);
  for (const canvas of [layers.still, layers.effects]) {
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
  }
  mirror.apply(frame);
  const animating = painter.paint(mirror, frame.inFlight, frame.view);
  const labels = painter.labels === sentLabels ? undefined : [...painter.labels];
  sentLabels = painter.labels;
  const geometry = frame.geometry;
  const reply: PaintReply = { kind: 'painted', animating, labels, hoverLabel: painter.hoverLabel, effectsBlank: painter.effectsLayerBlank, paintMs: performance.now() - started, geometry };
  scope.postMessage(reply, geometry === undefined ? [] : [geometry.buffer]);
}

/** The still layer (`opaque`) paints the background itself; see the painter. */
function context(canvas: OffscreenCanvas, opaque: boolean): Canvas2D {
  const context = canvas.getContext('2d', { alpha: !opaque });
  if (context === null) throw new Error('2D canvas is not available in the paint worker');
  return context;
}
