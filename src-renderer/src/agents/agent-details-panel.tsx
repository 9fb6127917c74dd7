import { useEffect, useRef, useState } from 'react';
import type { AgentDetails } from '../../../src-shared/events/events-contract';
import { useApi } from '../api/api-context';
import { fleetFeed } from './fleet-feed';
import { selectAgent, useFleetSelection } from '../state/fleet-selection-store';
import { useFleetStore } from './fleet-store';
import { AgentUsageFacts } from './agent-usage-facts';
import { eventSummary } from './event-summary';
import { formatClock } from './format';
import { modelColour } from './model-colour';
import { useNow } from './use-now';
import './agents.css';

const EVENT_LIMIT = 50;
/** A busy agent changes many times a second; its history is re-read at most this often. */
const REFRESH_MS = 1_000;

/** The clicked agent: its figures and its recent events, read from the store via `events.agent`. */
export function AgentDetailsPanel() {
  const api = useApi();
  const selectedId = useFleetSelection((s) => s.selectedId);
  // The row object changes exactly when the agent does (rows of unchanged agents are reused).
  const row = useFleetStore((s) => (selectedId === undefined ? undefined : s.rows.find((r) => r.id === selectedId)));
  const [details, setDetails] = useState<{ id: string; value: AgentDetails } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const lastFetch = useRef({ id: '', at: 0 });
  const now = useNow();

  // Answers for an agent that is no longer selected are dropped; newer answers for the same one are not.
  const selected = useRef(selectedId);
  selected.current = selectedId;

  useEffect(() => {
    if (selectedId === undefined) return;
    // A newly selected agent is read at once; refreshes of the same one are spaced out.
    const previous = lastFetch.current;
    const wait = previous.id === selectedId ? Math.max(0, previous.at + REFRESH_MS - Date.now()) : 0;
    const timer = setTimeout(() => {
      lastFetch.current = { id: selectedId, at: Date.now() };
      api.call('events.agent', { agentId: selectedId, limit: EVENT_LIMIT }).then(
        (value) => {
          if (selected.current !== selectedId) return;
          setDetails({ id: selectedId, value });
          setError(undefined);
        },
        (reason: unknown) => selected.current === selectedId && setError(reason instanceof Error ? reason.message : String(reason)),
      );
    }, wait);
    return () => clearTimeout(timer);
  }, [api, selectedId, row]);

  if (selectedId === undefined) return null;
  const shown = details?.id === selectedId ? details.value : undefined;
  // The live record is fresher than the answer; the answer outlives the agent's linger.
  const live = fleetFeed.model.agents.get(selectedId);
  const agent = live ?? shown?.agent;
  const outcome = live?.outcome ?? (shown?.agent !== undefined && 'outcome' in shown.agent ? shown.agent.outcome : undefined);
  const runtime = live !== undefined ? live.runtimeMs(now) : shown?.agent?.runtimeMs;
  const failure = live?.error ?? (shown?.agent !== undefined && 'error' in shown.agent ? shown.agent.error : undefined);

  return (
    <section className="agent-details" data-testid="agent-details" aria-label="Agent details">
      <header className="agent-details-header">
        <span className="agent-dot" style={{ background: modelColour(agent?.model) }} aria-hidden="true" />
        <h2 data-testid="agent-details-name">{agent?.name ?? selectedId}</h2>
        <button type="button" className="agent-details-close" aria-label="Close details" data-testid="agent-details-close" onClick={() => selectAgent(undefined)}>
          ×
        </button>
      </header>
      {agent === undefined ? (
        <p className="muted">{error ?? (shown === undefined ? 'Loading…' : 'This agent is no longer tracked.')}</p>
      ) : (
        <dl className="agent-details-facts">
          <dt>id</dt>
          <dd>{agent.id}</dd>
          <dt>model</dt>
          <dd>{agent.model ?? '—'}</dd>
          <dt>state</dt>
          <dd data-testid="agent-details-state">{outcome ?? agent.status}</dd>
          {agent.parentId !== undefined && (
            <>
              <dt>parent</dt>
              <dd>{agent.parentId}</dd>
            </>
          )}
          <dt>tool</dt>
          <dd>{agent.currentTool ?? '—'}</dd>
          <dt>tool calls</dt>
          <dd>{agent.toolCalls}</dd>
          <AgentUsageFacts agent={agent} runtimeMs={runtime} />
          {failure !== undefined && (
            <>
              <dt>error</dt>
              <dd className="agent-details-error">{failure}</dd>
            </>
          )}
        </dl>
      )}
      <h3>Recent events</h3>
      {shown === undefined ? (
        <p className="muted">{error ?? 'Loading…'}</p>
      ) : (
        <ol className="agent-details-events" data-testid="agent-details-events">
          {shown.recentEvents.toReversed().map((event, i) => (
            <li key={`${event.ts}:${i}`} data-testid="agent-details-event" data-type={event.type}>
              <time className="muted">{formatClock(event.ts)}</time> <span className="agent-event-type">{event.type}</span> <span className="agent-event-summary">{eventSummary(event)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
