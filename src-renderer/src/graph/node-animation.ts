import { FLIGHT_MS } from '../agents/tool-flights';

/** Timings of the graph's effects, in ms of local time. */
export const SPAWN_FADE_MS = 400;
export const PULSE_MS = 600;
export const FLASH_MS = 700;
export const FADE_OUT_MS = 1_200;
/** One breath of a waiting agent's amber ring. */
export const WAIT_PULSE_MS = 1_400;

/** How a node looks at a moment: drawn batched when `steady`, one by one otherwise. */
export interface NodeLook {
  /** 0…1 opacity of the node and its ring. */
  alpha: number;
  /** 0…1 progress of the tool pulse, or −1 when none runs. */
  pulse: number;
  /** 0…1 progress of the outcome flash, or −1 when none runs. */
  flash: number;
  steady: boolean;
  /** True while anything about it still changes over time, so the frame loop must keep going. */
  animating: boolean;
}

export function nodeLook(now: number, seenAt: number, pulseAt: number, finishedAt: number | undefined, lingerMs: number, out: NodeLook): NodeLook {
  const sinceSeen = now - seenAt;
  let alpha = sinceSeen < SPAWN_FADE_MS ? Math.max(0, sinceSeen / SPAWN_FADE_MS) : 1;
  const sincePulse = now - pulseAt;
  out.pulse = sincePulse >= 0 && sincePulse < PULSE_MS ? sincePulse / PULSE_MS : -1;
  out.flash = -1;
  let lingering = false;
  if (finishedAt !== undefined) {
    lingering = true;
    const sinceEnd = now - finishedAt;
    if (sinceEnd >= 0 && sinceEnd < FLASH_MS) out.flash = sinceEnd / FLASH_MS;
    const left = lingerMs - sinceEnd;
    if (left < FADE_OUT_MS) alpha = Math.min(alpha, Math.max(0, left / FADE_OUT_MS));
  }
  out.alpha = alpha;
  out.steady = alpha === 1 && out.flash < 0;
  out.animating = lingering || alpha < 1 || out.pulse >= 0;
  return out;
}

/** Progress 0…1 of a floating tool name, or −1 once it has gone. */
export function flightProgress(now: number, at: number): number {
  const age = now - at;
  return age >= 0 && age < FLIGHT_MS ? age / FLIGHT_MS : -1;
}
