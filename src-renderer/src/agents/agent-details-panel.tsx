import { useMemo, useState } from 'react';
import type { FinishedAgent, LiveAgent } from '../../../src-shared/events/live-state';
import { selectAgent, useFleetSelection } from '../state/fleet-selection-store';
import { useFleetAgent, useFleetStore } from './fleet-store';
import { AgentTimeline } from './agent-timeline';
import { timelineUntil } from './agent-timeline-layout';
import { useAgentFamilyEvents } from './agent-timeline-events';
import { AgentUsageFacts } from './agent-usage-facts';
import { eventSummary } from './event-summary';
import { formatClock } from './format';
import { modelColour } from './model-colour';
import { useNow } from './use-now';
import './agents.css';

/** Of the events read for the timeline, the newest this many are listed. */
const LISTED_EVENTS = 50;

/**
 * The clicked agent. Its figures come from the fleet store, the same copy the list and counters
 * show, and stay at their last values once it has left the graph; its events — the timeline of
 * its tool calls and its subagents', and the list of recent ones — are read from the host's
 * store via `events.agent`, which reaches back further than the live ring.
 */
export function AgentDetailsPanel() {
  const selectedId = useFleetSelection((s) => s.selectedId);
  const agent = useLastPicture(selectedId, useFleetAgent(selectedId));
  const { tree, ownEvents, error } = useAgentFamilyEvents(selectedId);
  const wallNow = useNow();
  // A replay shows the agent as it was at its moment: as old as that, and its events up to then.
  const replayAt = useFleetStore((s) => s.replayAt);
  const now = replayAt ?? wallNow;
  const shownTree = useMemo(() => (tree === undefined || replayAt === undefined ? tree : timelineUntil(tree, replayAt)), [tree, replayAt]);

  if (selectedId === undefined) return null;
  const shown = (replayAt === undefined ? ownEvents : ownEvents?.filter((event) => event.ts <= replayAt))?.slice(-LISTED_EVENTS);
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
      <h3>Timeline</h3>
      {shownTree === undefined ? <p className="muted">{error ?? 'Loading…'}</p> : <AgentTimeline tree={shownTree} now={now} />}
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
