// Prices for estimating what a run cost when its CLI does not say (Codex never does; Claude Code
// does in its `result` line, but not when it is killed before writing one). Estimates only: the
// providers' price lists change, long-context and batch tiers are not modelled, and a person
// reading a cost computed here is told it is an estimate.
// Pure on purpose: both the core and the renderer may price a model.

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Token counts to price; `input` is the uncached input only (cache reads and writes are separate). */
export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

interface PriceRule {
  /** Tested against the normalised model name; the first rule that matches wins. */
  pattern: RegExp;
  price: ModelPrice;
}

/** Anthropic: a cache write (5-minute TTL) costs 1.25× input, a cache read 0.1× input. */
function anthropic(input: number, output: number): ModelPrice {
  return { input, output, cacheRead: input / 10, cacheWrite: input * 1.25 };
}

/** OpenAI bills no cache writes (they are ordinary input) and discounts cached input. */
function openai(input: number, output: number, cacheRead: number): ModelPrice {
  return { input, output, cacheRead, cacheWrite: input };
}

// Specific versions first, then each family's current price for names not listed yet (a new
// minor version usually keeps its family's price), then the bare aliases the CLIs accept.
const RULES: readonly PriceRule[] = [
  { pattern: /^claude-opus-4-(?:[5-9]|\d\d)\b/, price: anthropic(5, 25) },
  { pattern: /^claude-(?:opus-4|3-opus)\b/, price: anthropic(15, 75) },
  { pattern: /^claude-(?:sonnet-[4-9]|3-[57]-sonnet)\b/, price: anthropic(3, 15) },
  { pattern: /^claude-3-5-haiku\b/, price: anthropic(0.8, 4) },
  { pattern: /^claude-3-haiku\b/, price: { input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 } },
  { pattern: /^claude-haiku-[4-9]\b/, price: anthropic(1, 5) },
  { pattern: /^(?:claude-)?opus\b/, price: anthropic(5, 25) },
  { pattern: /^(?:claude-)?sonnet\b/, price: anthropic(3, 15) },
  { pattern: /^(?:claude-)?haiku\b/, price: anthropic(1, 5) },

  { pattern: /^gpt-5(?:\.\d+)?(?:-codex)?-mini\b/, price: openai(0.25, 2, 0.025) },
  { pattern: /^gpt-5(?:\.\d+)?-nano\b/, price: openai(0.05, 0.4, 0.005) },
  { pattern: /^gpt-5(?:\.1)?(?:-codex|-chat)?(?:-latest)?$/, price: openai(1.25, 10, 0.125) },
  { pattern: /^gpt-5(?:\.1)?-codex-max\b/, price: openai(1.25, 10, 0.125) },
  { pattern: /^gpt-5\.\d+(?:-codex)?(?:-max)?\b/, price: openai(1.75, 14, 0.175) },
  { pattern: /^gpt-4\.1-mini\b/, price: openai(0.4, 1.6, 0.1) },
  { pattern: /^gpt-4\.1-nano\b/, price: openai(0.1, 0.4, 0.025) },
  { pattern: /^gpt-4\.1\b/, price: openai(2, 8, 0.5) },
  { pattern: /^gpt-4o-mini\b/, price: openai(0.15, 0.6, 0.075) },
  { pattern: /^gpt-4o\b/, price: openai(2.5, 10, 1.25) },
  { pattern: /^o4-mini\b/, price: openai(1.1, 4.4, 0.275) },
  { pattern: /^o3\b/, price: openai(2, 8, 0.5) },
  { pattern: /^codex-mini\b/, price: openai(1.5, 6, 0.375) },
];

/**
 * `anthropic/claude-sonnet-4-5-20250929`, `us.anthropic.claude-opus-4-1-v1:0` and
 * `claude-sonnet-4-5[1m]` all name a model the table knows by its plain name.
 */
export function normaliseModelName(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/\[[^\]]*\]$/, '')
    .replace(/^(?:[a-z]{2}\.)?(?:anthropic|openai)[./]/, '')
    .replace(/-v\d+(?::\d+)?$/, '')
    .replace(/-\d{8}$/, '')
    .replace(/@\d{8}$/, '');
}

/** The price of a model, or undefined when the table does not know it. */
export function modelPrice(model: string): ModelPrice | undefined {
  const name = normaliseModelName(model);
  return RULES.find((rule) => rule.pattern.test(name))?.price;
}

/** USD for these tokens on this model, or undefined for a model the table does not know. */
export function estimateCostUsd(model: string | undefined, tokens: TokenCounts): number | undefined {
  if (model === undefined) return undefined;
  const price = modelPrice(model);
  if (price === undefined) return undefined;
  const perToken =
    tokens.input * price.input + tokens.output * price.output + tokens.cacheRead * price.cacheRead + tokens.cacheWrite * price.cacheWrite;
  return perToken / 1_000_000;
}
