import { stringHash } from './string-hash';

/**
 * Distinct on a dark background and stable across sessions: the same model always gets the same
 * colour, so a person learns "teal is haiku" without a legend.
 */
export const MODEL_PALETTE = [
  '#7aa2f7',
  '#bb9af7',
  '#2ac3de',
  '#9ece6a',
  '#e0af68',
  '#f7768e',
  '#73daca',
  '#ff9e64',
  '#c0caf5',
  '#b4f9f8',
  '#d19afc',
  '#ffd166',
] as const;

export const UNKNOWN_MODEL_COLOUR = '#6b7385';

const cache = new Map<string, string>();

export function modelColour(model: string | undefined): string {
  if (model === undefined || model === '') return UNKNOWN_MODEL_COLOUR;
  let colour = cache.get(model);
  if (colour === undefined) {
    colour = MODEL_PALETTE[stringHash(model) % MODEL_PALETTE.length] ?? UNKNOWN_MODEL_COLOUR;
    cache.set(model, colour);
  }
  return colour;
}
