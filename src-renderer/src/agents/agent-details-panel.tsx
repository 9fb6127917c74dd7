import { useEffect, useRef, useState } from 'react';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { FinishedAgent, LiveAgent } from '../../../src-shared/events/live-state';
import { useApi } from '../api/api-context';
import { selectAgent, useFleetSelection } from '../state/fleet-selection-store';
import { useFleetAgent } from './fleet-store';
import { AgentUsageFacts } from './agent-usage-facts';
import { eventSummary } from './event-summary';
import { formatClock } from './format';
import { modelColour } from './model-colour';
import { useNow } from './use-now';
import './agents.css';

const EVENT_LIMIT = 50;
/** A busy agent changes many times a second; its history is re-read at most this often. */
const REFRESH_MS = 1_000;

/**
 * The clicked agent. Its figures come from the fleet store, the same copy the list and counters
 * show, and stay at their last values once it has left the graph; its recent events are read
 * from the host's store via `events.agent`, which reaches back further than the live ring.
 */
export function AgentDetailsPanel() {
  const api = useApi();
  const selectedId = useFleetSelection((s) => s.selectedId);
  const agent = useLastPicture(selectedId, useFleetAgent(selectedId));
  const [events, setEvents] = useState<{ id: string; value: OrreryEvent[] } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const lastFetch = useRef({ id: '', at: 0 });
  const now = useNow();

  // Answers for an agent that is no longer selected are dropped; newer answers for the same one are not.
  const selected = useRef(selectedId);
  selected.current = selectedId;

  useEffect(() => {
    if (selectedId === undefined) return;
    // A newly selected agent is read at once; refreshes of the same one (on each change) are spaced out.
    const previous = lastFetch.current;
    const wait = previous.id === selectedId ? Math.max(0, previous.at + REFRESH_MS - Date.now()) : 0;
    const timer = setTimeout(() => {
      lastFetch.current = { id: selectedId, at: Date.now() };
      api.call('events.agent', { agentId: selectedId, limit: EVENT_LIMIT }).then(
        ({ recentEvents }) => {
          if (selected.current !== selectedId) return;
          setEvents({ id: selectedId, value: recentEvents });
          setError(undefined);
        },
        (reason: unknown) => selected.current === selectedId && setError(reason instanceof Error ? reason.message : String(reason)),
      );
    }, wait);
    return () => clearTimeout(timer);
  }, [api, selectedId, agent]);

  if (selectedId === undefined) return null;
  const shown = events?.id === selectedId ? events.value : undefined;
  const ended = agent !== undefined && 'endedAt' in agent ? agent : undefined;
  const runtime = agent === undefined ? undefined : (ended?.runtimeMs ?? Math.max(0, now - agent.startedAt));

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
        <p className="muted">{error ?? 'This agent is not on the graph.'}</p>
      ) : (
        <dl className="agent-details-facts">
          <dt>id</dt>
          <dd>{agent.id}</dd>
          <dt>model</dt>
          <dd>{agent.model ?? '—'}</dd>
          <dt>state</dt>
          <dd data-testid="agent-details-state">{ended?.outcome ?? agent.status}</dd>
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
          {ended?.error !== undefined && (
            <>
              <dt>error</dt>
              <dd className="agent-details-error">{ended.error}</dd>
            </>
          )}
        </dl>
      )}
      <h3>Recent events</h3>
      {shown === undefined ? (
        <p className="muted">{error ?? 'Loading…'}</p>
      ) : (
        <ol className="agent-details-events" data-testid="agent-details-events">
          {shown.toReversed().map((event, i) => (
            <li key={`${event.ts}:${i}`} data-testid="agent-details-event" data-type={event.type}>
              <time className="muted">{formatClock(event.ts)}</time> <span className="agent-event-type">{event.type}</span> <span className="agent-event-summary">{eventSummary(event)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * The agent's latest picture, or for the same id the last one it had: a finished agent leaves the
 * graph after its linger, and the panel keeps showing how it ended.
 */
function useLastPicture(id: string | undefined, picture: LiveAgent | FinishedAgent | undefined): LiveAgent | FinishedAgent | undefined {
  const [last, setLast] = useState<{ id: string; picture: LiveAgent | FinishedAgent }>();
  if (id !== undefined && picture !== undefined && (last?.id !== id || last.picture !== picture)) setLast({ id, picture });
  return picture ?? (last !== undefined && last.id === id ? last.picture : undefined);
}
