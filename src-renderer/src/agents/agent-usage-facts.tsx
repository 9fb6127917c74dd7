import type { LiveAgent } from '../../../src-shared/events/live-state';
import { formatCost, formatCount, formatDuration } from './format';

/**
 * What an agent has used so far — tokens, cost, runtime — as rows of a `<dl>`. Shared by the
 * details panel and the graph's tooltip, so both say it the same way.
 */
export function AgentUsageFacts({ agent, runtimeMs }: { agent: Pick<LiveAgent, 'tokensIn' | 'tokensOut' | 'costUsd'>; runtimeMs: number | undefined }) {
  return (
    <>
      <dt>tokens</dt>
      <dd>
        {formatCount(agent.tokensIn)} in / {formatCount(agent.tokensOut)} out
      </dd>
      <dt>cost</dt>
      <dd>{formatCost(agent.costUsd)}</dd>
      <dt>runtime</dt>
      <dd>{runtimeMs === undefined ? '—' : formatDuration(runtimeMs)}</dd>
    </>
  );
}
