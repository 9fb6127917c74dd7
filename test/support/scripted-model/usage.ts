// Token counts a real model would plausibly report for a request, derived from the request itself
// so that a replayed conversation reports the same numbers every time. About four characters per
// token; the stable prefix (system prompt and tools) counts as cached once the conversation has
// a turn behind it, as prompt caching makes it on the real APIs.

export function estimateTokens(value: unknown): number {
  if (value === undefined || value === null) return 0;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return Math.ceil(text.length / 4);
}

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/**
 * `prefix` is the cacheable part (system + tools), `history` the messages before the last one.
 * The first turn writes the prefix to the cache; each later turn reads what the turn before wrote
 * and writes the newest exchange, as a moving cache breakpoint does.
 */
export function anthropicUsage(prefix: unknown, history: unknown[], last: unknown, output: unknown): AnthropicUsage {
  const prefixTokens = estimateTokens(prefix);
  const cachedHistory = history.slice(0, -1).reduce<number>((sum, message) => sum + estimateTokens(message), 0);
  const firstTurn = history.length === 0;
  return {
    input_tokens: estimateTokens(last),
    output_tokens: Math.max(1, estimateTokens(output)),
    cache_creation_input_tokens: firstTurn ? prefixTokens : estimateTokens(history.at(-1)),
    cache_read_input_tokens: firstTurn ? 0 : prefixTokens + cachedHistory,
  };
}

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export function responsesUsage(prefix: unknown, input: unknown[], output: unknown, reasoning: unknown): ResponsesUsage {
  const prefixTokens = estimateTokens(prefix);
  const inputTokens = prefixTokens + input.reduce<number>((sum, item) => sum + estimateTokens(item), 0);
  const reasoningTokens = estimateTokens(reasoning);
  const outputTokens = Math.max(1, estimateTokens(output)) + reasoningTokens;
  return {
    input_tokens: inputTokens,
    // OpenAI caches the prefix of any prompt that repeats one; a conversation's second request does.
    input_tokens_details: { cached_tokens: input.length > 1 ? prefixTokens : 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}
