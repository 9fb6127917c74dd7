import type { PlacedLabel } from './label-declutter';
import type { PaintFrame } from './paint-protocol';

/** Between the page and the paint worker (see graph-paint.worker.ts). */
export type PaintRequest = { kind: 'init'; still: OffscreenCanvas; effects: OffscreenCanvas } | { kind: 'frame'; frame: PaintFrame };

export type PaintReply =
  | { kind: 'ready' }
  /**
   * `labels` only when the still layer was redrawn (else the last ones stand); `geometry` hands
   * the frame's position buffer back for reuse; `effectsBlank` while the effects layer is empty.
   */
  | {
      kind: 'painted';
      animating: boolean;
      labels: PlacedLabel[] | undefined;
      hoverLabel: PlacedLabel | undefined;
      effectsBlank: boolean;
      paintMs: number;
      geometry: Float64Array<ArrayBuffer> | undefined;
    }
  | { kind: 'failed'; message: string };
