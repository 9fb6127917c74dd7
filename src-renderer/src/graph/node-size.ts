/** World radius of an agent that has used no tokens yet, and of one at or past `FULL_SIZE_TOKENS`. */
export const MIN_AGENT_RADIUS = 5;
export const MAX_AGENT_RADIUS = 12;
/** Tokens grow over orders of magnitude (a scout: thousands; a long session: millions), hence a log scale. */
const TOKEN_UNIT = 1_000;
const FULL_SIZE_TOKENS = 1_000_000;
/** Radii move in steps, so a trickle of usage reports does not repaint and re-collide the layout each time. */
const STEP = 0.25;

const LOG_FULL = Math.log1p(FULL_SIZE_TOKENS / TOKEN_UNIT);

/** An agent's world radius from the tokens it has used (in + out): log-scaled, stepped, clamped. */
export function agentRadius(tokens: number): number {
  const share = Number.isFinite(tokens) && tokens > 0 ? Math.min(1, Math.log1p(tokens / TOKEN_UNIT) / LOG_FULL) : 0;
  return MIN_AGENT_RADIUS + Math.round((share * (MAX_AGENT_RADIUS - MIN_AGENT_RADIUS)) / STEP) * STEP;
}

/** However far out the view is zoomed, a node stays a visible, clickable dot: 6 px across. */
export const MIN_NODE_RADIUS_PX = 3;
/**
 * Zooming in past this scale spreads nodes apart instead of blowing them up further, the way map
 * markers behave; it is what lets the follow view zoom a small fleet up to fill the screen.
 */
export const NODE_SCALE_CAP = 2;

/** The radius a node of world radius `radius` is drawn with at scale `k`, in world units. */
export function drawnRadius(radius: number, k: number): number {
  return Math.max(MIN_NODE_RADIUS_PX, radius * Math.min(k, NODE_SCALE_CAP)) / k;
}
