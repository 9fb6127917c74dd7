import { useEffect, useRef, useState } from 'react';
import { FleetCounters } from '../agents/fleet-counters';
import { JournalWarning } from '../agents/journal-warning';
import { useFleetFeed } from '../agents/fleet-feed';
import { hoverAgent, selectAgent, useFleetSelection } from '../state/fleet-selection-store';
import { useFleetStore } from '../agents/fleet-store';
import { AgentTooltip } from './agent-tooltip';
import { GraphEngine } from './graph-engine';
import { installGraphDebugHook } from './graph-debug-hook';
import './graph.css';

/** The live agent graph: a canvas driven by the engine, with counters and actions on top. */
export function AgentGraph() {
  const feed = useFleetFeed();
  const container = useRef<HTMLDivElement>(null);
  const surface = useRef<HTMLDivElement>(null);
  const engine = useRef<GraphEngine | undefined>(undefined);
  const [width, setWidth] = useState(0);
  const selectedId = useFleetSelection((s) => s.selectedId);
  const empty = useFleetStore((s) => s.ready && s.rows.length === 0);

  useEffect(() => {
    const element = surface.current;
    if (element === null) return;
    const graph = new GraphEngine({ surface: element, model: feed.model, onHover: hoverAgent, onSelect: selectAgent });
    engine.current = graph;
    const stopListening = feed.onChange(() => graph.invalidate());
    const removeHook = installGraphDebugHook(graph);
    return () => {
      stopListening();
      removeHook();
      graph.dispose();
      engine.current = undefined;
      hoverAgent(undefined);
    };
  }, [feed]);

  useEffect(() => engine.current?.setSelected(selectedId), [selectedId]);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={container} className="agent-graph" data-testid="agent-graph">
      <div ref={surface} className="agent-graph-surface" data-testid="agent-graph-surface" role="img" aria-label="Live agent graph (the agents list beside it has the same agents)" />
      <div className="agent-graph-hud">
        <FleetCounters />
        <div className="agent-graph-actions">
          <JournalWarning />
          <button type="button" className="agent-graph-fit" data-testid="graph-fit" title="Show the whole graph and follow it as it grows" onClick={() => engine.current?.fit()}>
            Fit
          </button>
        </div>
      </div>
      {empty && <p className="agent-graph-empty muted">No agents yet.</p>}
      <AgentTooltip model={feed.model} viewWidth={width} />
    </div>
  );
}
