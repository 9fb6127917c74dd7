import type { Bounds } from './graph-layout';

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

/** The pan and zoom that shows all of `bounds` centred in a `width`×`height` view. */
export function fitTransform(bounds: Bounds, width: number, height: number, padding = 32, maxScale = 2.5, minScale = 0.05): ViewTransform {
  const boxWidth = Math.max(1, bounds.maxX - bounds.minX);
  const boxHeight = Math.max(1, bounds.maxY - bounds.minY);
  const scale = Math.min((width - 2 * padding) / boxWidth, (height - 2 * padding) / boxHeight);
  const k = Math.min(maxScale, Math.max(minScale, Number.isFinite(scale) && scale > 0 ? scale : 1));
  const centreX = (bounds.minX + bounds.maxX) / 2;
  const centreY = (bounds.minY + bounds.maxY) / 2;
  return { x: width / 2 - centreX * k, y: height / 2 - centreY * k, k };
}
