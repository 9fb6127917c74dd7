import type { Bounds } from './graph-layout';

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

/** CSS pixels along each edge of the view that overlays cover, so the fleet is fitted beside them. */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

export interface FitOptions {
  /** Space kept clear around the fleet, as a share of the view's shorter side… */
  marginShare: number;
  /** …but never less than this many CSS pixels (labels hang below the lowest nodes). */
  minMarginPx: number;
  /** A lone agent or two would otherwise be blown up to fill the screen. */
  maxScale: number;
  minScale: number;
}

/**
 * What following the fleet fits to. The maximum scale is what lets a handful of agents fill the
 * view: five agents span about 130 world units, which needs a scale near 2 to cover half of a
 * 500 px tall view, and one agent beside the orchestrator about 80. Nodes stop growing past a
 * scale of 2 (see the painter), so a high scale spreads them apart rather than bloating them.
 */
export const FOLLOW_FIT: FitOptions = { marginShare: 0.07, minMarginPx: 24, maxScale: 6, minScale: 0.05 };

/** How long the view takes to cover about two thirds of the way to the fitted one. */
export const FOLLOW_TIME_CONSTANT_MS = 180;

/**
 * The pan and zoom that shows all of `bounds` centred in a `width`×`height` view, inside the
 * margin and clear of the insets.
 */
export function fitTransform(bounds: Bounds, width: number, height: number, options: FitOptions = FOLLOW_FIT, insets: Insets = NO_INSETS): ViewTransform {
  const free = { left: insets.left, top: insets.top, width: width - insets.left - insets.right, height: height - insets.top - insets.bottom };
  // Overlays larger than the view leave nothing to fit into; ignore them rather than invert the picture.
  if (free.width <= 0 || free.height <= 0) return fitTransform(bounds, width, height, options);
  const margin = Math.max(options.minMarginPx, options.marginShare * Math.min(free.width, free.height));
  const boxWidth = Math.max(1, bounds.maxX - bounds.minX);
  const boxHeight = Math.max(1, bounds.maxY - bounds.minY);
  const scale = Math.min((free.width - 2 * margin) / boxWidth, (free.height - 2 * margin) / boxHeight);
  const k = Math.min(options.maxScale, Math.max(options.minScale, Number.isFinite(scale) && scale > 0 ? scale : 1));
  const centreX = Number.isFinite(bounds.minX + bounds.maxX) ? (bounds.minX + bounds.maxX) / 2 : 0;
  const centreY = Number.isFinite(bounds.minY + bounds.maxY) ? (bounds.minY + bounds.maxY) / 2 : 0;
  return { x: free.left + free.width / 2 - centreX * k, y: free.top + free.height / 2 - centreY * k, k };
}

/**
 * Insets for a bar across the top of the view `topBar` pixels tall and a panel in the
 * bottom-left corner: the panel takes a strip off the left or off the bottom, whichever leaves
 * the larger area.
 */
export function insetsClearOf(width: number, height: number, topBar: number, corner: { width: number; height: number } | undefined): Insets {
  if (corner === undefined || corner.width <= 0 || corner.height <= 0) return { ...NO_INSETS, top: topBar };
  const besideArea = (width - corner.width) * (height - topBar);
  const aboveArea = width * (height - topBar - corner.height);
  return besideArea >= aboveArea ? { ...NO_INSETS, top: topBar, left: corner.width } : { ...NO_INSETS, top: topBar, bottom: corner.height };
}

/**
 * One frame of easing from `current` towards `target`, `elapsedMs` after the previous one:
 * exponential, so it starts briskly and settles softly, and independent of the frame rate.
 * Returns the target itself once the rest of the way is under half a pixel.
 */
export function easeView(current: ViewTransform, target: ViewTransform, elapsedMs: number): ViewTransform {
  const near = Math.abs(current.k - target.k) < 0.001 * target.k && Math.abs(current.x - target.x) < 0.5 && Math.abs(current.y - target.y) < 0.5;
  if (near) return target;
  const step = 1 - Math.exp(-Math.max(0, elapsedMs) / FOLLOW_TIME_CONSTANT_MS);
  // Scale eases geometrically, so zooming in and out feel the same.
  const k = current.k * (target.k / current.k) ** step;
  return { x: current.x + (target.x - current.x) * step, y: current.y + (target.y - current.y) * step, k };
}

export function sameView(a: ViewTransform, b: ViewTransform): boolean {
  return a.x === b.x && a.y === b.y && a.k === b.k;
}
