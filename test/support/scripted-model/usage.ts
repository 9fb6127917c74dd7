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
 * `prefix` is the cacheable part (system + tools). Before the model has answered once, the request
 * writes the prefix to the cache; later, each request reads everything up to the model's previous
 * answer from the cache and writes that answer, as a moving cache breakpoint does.
 */
export function anthropicUsage(prefix: unknown, messages: ReadonlyArray<{ role: string }>, output: unknown): AnthropicUsage {
  const tokensOf = (items: readonly unknown[]) => items.reduce<number>((sum, item) => sum + estimateTokens(item), 0);
  const prefixTokens = estimateTokens(prefix);
  const lastAnswer = messages.findLastIndex((message) => message.role === 'assistant');
  const usage = { output_tokens: Math.max(1, estimateTokens(output)) };
  if (lastAnswer < 0) return { ...usage, input_tokens: tokensOf(messages), cache_creation_input_tokens: prefixTokens, cache_read_input_tokens: 0 };
  return {
    ...usage,
    input_tokens: tokensOf(messages.slice(lastAnswer + 1)),
    cache_creation_input_tokens: estimateTokens(messages[lastAnswer]),
    cache_read_input_tokens: prefixTokens + tokensOf(messages.slice(0, lastAnswer)),
  };
}

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/**
 * `cachedItems` is how many leading input items an earlier request of the same conversation already
 * sent: the provider caches that prefix (with the tools and instructions) and bills it as cached.
 */
export function responsesUsage(prefix: unknown, input: unknown[], cachedItems: number, output: unknown, reasoning: unknown): ResponsesUsage {
  const tokensOf = (items: unknown[]) => items.reduce<number>((sum, item) => sum + estimateTokens(item), 0);
  const prefixTokens = estimateTokens(prefix);
  const inputTokens = prefixTokens + tokensOf(input);
  const reasoningTokens = estimateTokens(reasoning);
  const outputTokens = Math.max(1, estimateTokens(output)) + reasoningTokens;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cachedItems > 0 ? prefixTokens + tokensOf(input.slice(0, cachedItems)) : 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}
