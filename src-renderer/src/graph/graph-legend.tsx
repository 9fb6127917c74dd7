import { useMemo, useState } from 'react';
import type { Ref } from 'react';
import type { AgentOutcome, AgentStatus } from '../../../src-shared/events/event-schema';
import { useFleetStore } from '../agents/fleet-store';
import { modelColour } from '../agents/model-colour';
import { OUTCOME_COLOUR, STATUS_COLOUR } from '../state/status-colours';

const STORAGE_KEY = 'orrery.graph.legend';
/** Past this many models the legend names the commonest and counts the rest. */
const MAX_MODELS = 8;

const STATUS_ROWS: [AgentStatus, string][] = [
  ['running', 'running'],
  ['waiting', 'waiting (pulses)'],
  ['queued', 'queued (dimmed)'],
  ['idle', 'idle'],
  ['paused', 'paused'],
  ['error', 'error (red mark)'],
];

const OUTCOME_ROWS: [AgentOutcome, string][] = [
  ['success', 'success'],
  ['error', 'error'],
  ['cancelled', 'cancelled'],
  ['timeout', 'timed out'],
  ['interrupted', 'interrupted'],
];

/**
 * Whether the legend is shown, remembered across sessions. Hidden the first time: on a small
 * window it would take the room the fleet is fitted into.
 */
export function useLegendShown(): [boolean, () => void] {
  const [shown, setShown] = useState(() => readStored() === 'shown');
  const toggle = (): void => {
    writeStored(shown ? 'hidden' : 'shown');
    setShown(!shown);
  };
  return [shown, toggle];
}

export function LegendToggle({ shown, onToggle }: { shown: boolean; onToggle: () => void }) {
  return (
    <button type="button" className="agent-graph-button" data-testid="graph-legend-toggle" aria-pressed={shown} title={shown ? 'Hide the legend' : 'Show what the colours, rings and sizes mean'} onClick={onToggle}>
      Legend
    </button>
  );
}

/** What the colours, rings, sizes and arrows of the graph mean; models are the ones in the fleet now. */
export function GraphLegend({ ref }: { ref?: Ref<HTMLElement> }) {
  const rows = useFleetStore((s) => s.rows);
  const models = useMemo(() => {
    const counts = new Map<string, number>();
    for (const row of rows) if (row.model !== undefined && row.model !== '') counts.set(row.model, (counts.get(row.model) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([model]) => model);
  }, [rows]);
  const shownModels = models.slice(0, MAX_MODELS);
  return (
    <aside ref={ref} className="graph-legend" data-testid="graph-legend" aria-label="Graph legend">
      <h3>Fill: model</h3>
      <ul>
        {shownModels.map((model) => (
          <li key={model} data-testid="graph-legend-model">
            <span className="graph-legend-dot" style={{ background: modelColour(model) }} />
            {model}
          </li>
        ))}
        {models.length > MAX_MODELS && <li className="muted">+{models.length - MAX_MODELS} more</li>}
        {models.length === 0 && <li className="muted">no models reported yet</li>}
      </ul>
      <h3>Ring: status</h3>
      <ul className="graph-legend-chips">
        {STATUS_ROWS.map(([status, text]) => (
          <li key={status}>
            <span className="graph-legend-ring" style={{ borderColor: STATUS_COLOUR[status], opacity: status === 'queued' ? 0.5 : 1 }} />
            {text}
          </li>
        ))}
      </ul>
      <h3>Ended: flash, then fade</h3>
      <ul className="graph-legend-chips">
        {OUTCOME_ROWS.map(([outcome, text]) => (
          <li key={outcome}>
            <span className="graph-legend-ring" style={{ borderColor: OUTCOME_COLOUR[outcome] }} />
            {text}
          </li>
        ))}
      </ul>
      <p className="muted">Size: tokens used (log scale). Arrows: parent → child. Selecting an agent dims all but its subtree.</p>
    </aside>
  );
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Storage can be unavailable (a locked-down profile); the legend then simply is not remembered. */
function writeStored(value: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // nothing to keep it in
  }
}
