import type { ReactNode } from 'react';
import { CacheRate, Cost } from './agent-usage-facts';
import { cacheHitRate } from './cache-rate';
import { useFleetStore } from './fleet-store';
import { formatCount, formatDuration } from './format';
import { useNow } from './use-now';
import './agents.css';

export function FleetCounters() {
  const counters = useFleetStore((s) => s.counters);
  const eventsPerSecond = useFleetStore((s) => s.eventsPerSecond);
  const lastEventTs = useFleetStore((s) => s.lastEventTs);
  // A replay's fleet is as old as its moment, not as the wall clock.
  const replayAt = useFleetStore((s) => s.replayAt);
  const wallNow = useNow();
  const now = replayAt ?? wallNow;
  const lastEvent = lastEventTs === undefined ? '—' : `${formatDuration(Math.max(0, now - lastEventTs))} ago`;
  const cacheRate = cacheHitRate(counters.cacheRead, counters.tokensIn);
  return (
    <dl className="fleet-counters" data-testid="fleet-counters" aria-label="Fleet counters">
      <Counter label="alive" testId="counter-alive" value={String(counters.alive)} />
      <Counter label="spawned" testId="counter-spawned" value={String(counters.spawned)} />
      <Counter label="tool calls" testId="counter-tool-calls" value={formatCount(counters.toolCalls)} />
      <Counter label="done" testId="counter-done" value={String(counters.done)} />
      <Counter label="errors" testId="counter-errors" value={String(counters.errors)} alert={counters.errors > 0} />
      <Counter label="cost" testId="counter-cost" value={<Cost usd={counters.costUsd} estimated={counters.costEstimated} />} />
      <Counter label="cache hit" testId="counter-cache-rate" value={cacheRate === undefined ? '—' : <CacheRate rate={cacheRate} />} />
      <Counter label="events/s" testId="counter-rate" value={formatCount(eventsPerSecond)} />
      <Counter label="last event" testId="counter-last-event" value={lastEvent} />
    </dl>
  );
}

function Counter({ label, testId, value, alert = false }: { label: string; testId: string; value: ReactNode; alert?: boolean }) {
  return (
    <div className={alert ? 'fleet-counter fleet-counter-alert' : 'fleet-counter'}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
