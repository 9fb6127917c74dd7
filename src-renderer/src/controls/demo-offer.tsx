import { useApi } from '../api/api-context';
import { startDemo, useDemoStore } from '../state/demo-store';
import { useFleetStore } from '../agents/fleet-store';

/**
 * On an empty journal the graph would be a lone dot; offer the demo there, where the eye is.
 * It disappears as soon as any event arrives, from the demo or from a real agent.
 */
export function DemoOffer() {
  const api = useApi();
  const empty = useFleetStore((s) => s.ready && s.counters.events === 0 && s.rows.length === 0);
  const { status, busy } = useDemoStore();
  if (!empty || status === undefined || status.running) return null;
  return (
    <div className="demo-offer" data-testid="demo-offer">
      <p>No agent has reported yet.</p>
      <p className="muted">Install the Claude Code hooks (Controls), run <code>orrery emit</code> from a script, or watch a scripted fleet:</p>
      <button type="button" disabled={busy} onClick={() => void startDemo(api)}>
        Start the demo fleet
      </button>
    </div>
  );
}
