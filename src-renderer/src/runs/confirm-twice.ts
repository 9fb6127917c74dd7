/**
 * Destructive actions (cancel, reset, delete) ask for a second press instead of a browser
 * dialog: the first press arms the action, a second press of the same action within the window
 * confirms it. Pressing another action arms that one instead; waiting disarms.
 */
export const CONFIRM_WINDOW_MS = 5_000;

export type ConfirmState<A extends string> = { armed: A; at: number } | undefined;

export interface ConfirmStep<A extends string> {
  next: ConfirmState<A>;
  /** True when this press was the confirming one: run the action now. */
  confirmed: boolean;
}

export function pressConfirm<A extends string>(state: ConfirmState<A>, action: A, now: number, windowMs = CONFIRM_WINDOW_MS): ConfirmStep<A> {
  if (armedAction(state, now, windowMs) === action) return { next: undefined, confirmed: true };
  return { next: { armed: action, at: now }, confirmed: false };
}

/** The action waiting for its second press, if its window is still open. */
export function armedAction<A extends string>(state: ConfirmState<A>, now: number, windowMs = CONFIRM_WINDOW_MS): A | undefined {
  return state !== undefined && now - state.at < windowMs ? state.armed : undefined;
}

/** Milliseconds until the armed action disarms by itself; undefined when nothing is armed. */
export function msUntilDisarm<A extends string>(state: ConfirmState<A>, now: number, windowMs = CONFIRM_WINDOW_MS): number | undefined {
  if (state === undefined || armedAction(state, now, windowMs) === undefined) return undefined;
  return state.at + windowMs - now;
}
