import type { FleetModel } from '../agents/fleet-model';
import { AgentUsageFacts } from '../agents/agent-usage-facts';
import { useNow } from '../agents/use-now';
import { useFleetSelection } from '../state/fleet-selection-store';
import { useFleetStore } from '../agents/fleet-store';

const OFFSET_PX = 14;

/** Follows the pointer over a node; re-renders on hover and on the throttled beat, never per event. */
export function AgentTooltip({ model, viewWidth }: { model: FleetModel; viewWidth: number }) {
  const hovered = useFleetSelection((s) => s.hovered);
  useFleetStore((s) => s.version);
  const now = useNow();
  const agent = hovered === undefined ? undefined : model.agents.get(hovered.id);
  if (hovered === undefined || agent === undefined) return null;
  // Past the middle of the view it opens to the left, so it is not cut off at the edge.
  const flip = hovered.x > viewWidth / 2;
  const style = flip ? { right: viewWidth - hovered.x + OFFSET_PX, top: hovered.y + OFFSET_PX } : { left: hovered.x + OFFSET_PX, top: hovered.y + OFFSET_PX };
  return (
    <div className="agent-tooltip" data-testid="agent-tooltip" role="tooltip" style={style}>
      <div className="agent-tooltip-name">{agent.name ?? agent.id}</div>
      <dl>
        <dt>model</dt>
        <dd>{agent.model ?? '—'}</dd>
        <dt>status</dt>
        <dd>{agent.outcome ?? agent.status}</dd>
        <dt>tool</dt>
        <dd data-testid="agent-tooltip-tool">{agent.currentTool ?? '—'}</dd>
        <AgentUsageFacts agent={agent} runtimeMs={agent.runtimeMs(now)} />
      </dl>
    </div>
  );
}
