import { useEffect, useRef, useState } from 'react';
import { FleetCounters } from '../agents/fleet-counters';
import { JournalWarning } from '../agents/journal-warning';
import { useFleetFeed } from '../agents/fleet-feed';
import { hoverAgent, selectAgent, useFleetSelection } from '../state/fleet-selection-store';
import { useFleetStore } from '../agents/fleet-store';
import { AgentTooltip } from './agent-tooltip';
import { insetsClearOf } from './follow-view';
import { GraphEngine } from './graph-engine';
import { installGraphDebugHook } from './graph-debug-hook';
import { GraphLegend, LegendToggle, useLegendShown } from './graph-legend';
import './graph.css';

export interface AgentGraphProps {
  /** A double-click on an agent's node; a single click only selects it. */
  onOpenAgent?: (agentId: string) => void;
}

/** The live agent graph: a canvas driven by the engine, with counters and actions on top. */
export function AgentGraph({ onOpenAgent }: AgentGraphProps) {
  const feed = useFleetFeed();
  const container = useRef<HTMLDivElement>(null);
  const surface = useRef<HTMLDivElement>(null);
  const hud = useRef<HTMLDivElement>(null);
  const legend = useRef<HTMLElement>(null);
  const engine = useRef<GraphEngine | undefined>(undefined);
  const [width, setWidth] = useState(0);
  const selectedId = useFleetSelection((s) => s.selectedId);
  const empty = useFleetStore((s) => s.ready && s.rows.length === 0);
  const [legendShown, toggleLegend] = useLegendShown();
  // The engine lives as long as the feed; it reaches the latest callback through this.
  const openAgent = useRef(onOpenAgent);
  openAgent.current = onOpenAgent;

  useEffect(() => {
    const element = surface.current;
    if (element === null) return;
    const graph = new GraphEngine({ surface: element, model: feed.model, onHover: hoverAgent, onSelect: selectAgent, onOpen: (id) => openAgent.current?.(id) });
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

  // The fleet is fitted below the counters and beside the legend, so neither covers an agent.
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const measure = (): void => {
      setWidth(element.clientWidth);
      const bar = hud.current === null ? 0 : hud.current.offsetTop + hud.current.offsetHeight;
      const panel = legend.current;
      const corner = panel === null ? undefined : { width: panel.offsetLeft + panel.offsetWidth, height: element.clientHeight - panel.offsetTop };
      engine.current?.setInsets(insetsClearOf(element.clientWidth, element.clientHeight, bar, corner));
    };
    const observer = new ResizeObserver(measure);
    for (const observed of [element, hud.current, legend.current]) if (observed !== null) observer.observe(observed);
    measure();
    return () => observer.disconnect();
  }, [feed, legendShown]);

  return (
    <div ref={container} className="agent-graph" data-testid="agent-graph">
      <div ref={surface} className="agent-graph-surface" data-testid="agent-graph-surface" role="img" aria-label="Live agent graph (the agents list beside it has the same agents)" />
      <div ref={hud} className="agent-graph-hud">
        <FleetCounters />
        <div className="agent-graph-actions">
          <JournalWarning />
          <LegendToggle shown={legendShown} onToggle={toggleLegend} />
          <button type="button" className="agent-graph-button" data-testid="graph-fit" title="Show the whole graph and follow it as it grows" onClick={() => engine.current?.fit()}>
            Fit
          </button>
        </div>
      </div>
      {legendShown && <GraphLegend ref={legend} />}
      {empty && <p className="agent-graph-empty muted">No agents yet.</p>}
      <AgentTooltip model={feed.model} viewWidth={width} />
    </div>
  );
}
