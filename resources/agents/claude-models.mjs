// @ts-check
/**
 * The models the demo agent can pretend to be, with the prices Claude Code 2.1.332 itself applies
 * (USD per million tokens, worked back from the `costUSD` it reports for known token counts), so a
 * demo run's `total_cost_usd` is what the real CLI would have charged for the same tokens.
 */

/**
 * @typedef {{ input: number, output: number, cacheRead: number, cacheWrite: number }} Price
 * @typedef {{ id: string, price: Price, contextWindow: number, maxOutputTokens: number }} ClaudeModel
 * @typedef {{ input_tokens: number, output_tokens: number, cache_read_input_tokens: number, cache_creation_input_tokens: number }} TokenUsage
 */

/** @type {Record<string, ClaudeModel>} */
const MODELS = {
  'claude-opus-5-5': { id: 'claude-opus-5-5', price: { input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5 }, contextWindow: 1_000_000, maxOutputTokens: 128_000 },
  'claude-sonnet-5-5': { id: 'claude-sonnet-5-5', price: { input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5 }, contextWindow: 1_000_000, maxOutputTokens: 128_000 },
  'claude-haiku-5-5': { id: 'claude-haiku-5-5', price: { input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 }, contextWindow: 1_000_000, maxOutputTokens: 128_000 },
  'claude-sonnet-4-5': { id: 'claude-sonnet-4-5', price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }, contextWindow: 200_000, maxOutputTokens: 32_000 },
};

/** The `--model` aliases Claude Code resolves, and its default. */
const ALIASES = /** @type {Record<string, string>} */ ({ opus: 'claude-opus-5-5', sonnet: 'claude-sonnet-5-5', haiku: 'claude-haiku-5-5', default: 'claude-opus-5-5' });

/**
 * A full model id for `--model` (alias or id); an unknown id is kept as given and priced like the default.
 * @param {string | undefined} name
 * @returns {ClaudeModel}
 */
export function resolveModel(name) {
  const id = ALIASES[name ?? 'default'] ?? /** @type {string} */ (name);
  const known = MODELS[id];
  if (known !== undefined) return known;
  const fallback = /** @type {ClaudeModel} */ (MODELS[ALIASES.default ?? '']);
  return { ...fallback, id };
}

/**
 * @param {ClaudeModel} model
 * @param {TokenUsage} usage
 */
export function costUsd(model, usage) {
  const { price } = model;
  return (
    (usage.input_tokens * price.input +
      usage.output_tokens * price.output +
      usage.cache_read_input_tokens * price.cacheRead +
      usage.cache_creation_input_tokens * price.cacheWrite) /
    1_000_000
  );
}
