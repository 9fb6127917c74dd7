import type { LiveAgent } from '../../../src-shared/events/live-state';
import { cacheHitRate, cacheRateLevel, formatCacheRate } from './cache-rate';
import { formatCost, formatCount, formatDuration } from './format';
import './cache-rate.css';

export type UsageFacts = Pick<LiveAgent, 'tokensIn' | 'tokensOut' | 'cacheRead' | 'cacheWrite' | 'costUsd' | 'costEstimated'>;

/**
 * What an agent has used so far — tokens, cache, cost, runtime — as rows of a `<dl>`. Shared by
 * the details panel, the card and the graph's tooltip, so all say it the same way.
 */
export function AgentUsageFacts({ agent, runtimeMs }: { agent: UsageFacts; runtimeMs: number | undefined }) {
  const rate = cacheHitRate(agent.cacheRead, agent.tokensIn);
  return (
    <>
      <dt>tokens</dt>
      <dd data-testid="usage-tokens">
        {formatCount(agent.tokensIn)} in / {formatCount(agent.tokensOut)} out
      </dd>
      <dt>cache</dt>
      <dd data-testid="usage-cache">
        {formatCount(agent.cacheRead)} read / {formatCount(agent.cacheWrite)} write
        {rate !== undefined && (
          <>
            {' · '}
            <CacheRate rate={rate} testId="usage-cache-rate" /> hit
          </>
        )}
      </dd>
      <dt>cost</dt>
      <dd data-testid="usage-cost">
        <Cost usd={agent.costUsd} estimated={agent.costEstimated} />
      </dd>
      <dt>runtime</dt>
      <dd>{runtimeMs === undefined ? '—' : formatDuration(runtimeMs)}</dd>
    </>
  );
}

/** The cache hit rate, green ≥ 60 %, yellow 30–59 %, red < 30 %. */
export function CacheRate({ rate, testId }: { rate: number; testId?: string }) {
  const level = cacheRateLevel(rate);
  return (
    <span className={`cache-rate cache-rate-${level}`} data-testid={testId} data-level={level} title="cache read ÷ (cache read + uncached input)">
      {formatCacheRate(rate)}
    </span>
  );
}

/** A cost, with "est." where some of it was computed from a price table rather than reported. */
export function Cost({ usd, estimated, testId }: { usd: number; estimated: boolean; testId?: string }) {
  return (
    <span data-testid={testId} data-estimated={estimated ? 'true' : undefined}>
      {formatCost(usd)}
      {estimated && (
        <abbr className="cost-estimated" title="Estimated from token counts and a price table; the agent did not report it">
          est.
        </abbr>
      )}
    </span>
  );
}
