import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import { estimateCostUsd } from '../../../src-shared/pricing/model-prices';

type UsageEvent = Extract<OrreryEvent, { type: 'usage' }>;

/**
 * Prices usage events that name their model but carry no cost, as the Claude Code hook writes
 * them: it reads tokens from the session transcript, and the price table lives here, in the
 * host, beside the runs adapters that use it too. The result is marked `cost_estimated: true`, so
 * nobody takes it for the provider's bill. Events with a cost, or a model the table does not
 * know, pass unchanged; so does the array when nothing needed a price.
 */
export function withEstimatedCosts(events: OrreryEvent[]): OrreryEvent[] {
  let priced: OrreryEvent[] | undefined;
  events.forEach((event, index) => {
    if (event.type !== 'usage' || event.cost_usd !== undefined || event.model === undefined) return;
    const cost = estimateCostUsd(event.model, tokensOf(event));
    if (cost === undefined) return;
    priced ??= [...events];
    priced[index] = { ...event, cost_usd: cost, cost_estimated: true };
  });
  return priced ?? events;
}

function tokensOf(event: UsageEvent) {
  return { input: event.tokens_in, output: event.tokens_out, cacheRead: event.cache_read ?? 0, cacheWrite: event.cache_write ?? 0 };
}
