import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { AgentStatus } from '../../../src-shared/events/event-schema';
import { useFleetFeed } from './fleet-feed';
import { selectAgent, useFleetSelection } from '../state/fleet-selection-store';
import { useFleetStore } from './fleet-store';
import { filterRows, isFiltering, NO_FILTER } from './agent-filter';
import type { AgentFilter, StatusFilter } from './agent-filter';
import type { AgentRow } from './agent-rows';
import { openAgentCard } from '../state/agent-card-store';
import { modelColour } from './model-colour';
import { OUTCOME_COLOUR, STATUS_COLOUR } from '../state/status-colours';
import './agents.css';

const ROW_HEIGHT = 24;
/** Rows rendered beyond the visible ones, so fast scrolling does not show blanks. */
const OVERSCAN = 8;
/** Deeper subagent chains stop indenting, so names stay readable in a narrow panel. */
const MAX_INDENT_LEVELS = 8;
// Keys of the colour table rather than the schema's list: importing the schema would pull zod into the page.
const STATUS_OPTIONS: StatusFilter[] = ['all', 'alive', 'finished', ...(Object.keys(STATUS_COLOUR) as AgentStatus[])];

/**
 * The graph as a list, for search and screen readers. Only the visible rows are in the DOM,
 * and rows of unchanged agents are the same objects as last time, so updates stay cheap at
 * thousands of agents.
 */
export function AgentsList() {
  useFleetFeed();
  const rows = useFleetStore((s) => s.rows);
  const ready = useFleetStore((s) => s.ready);
  const selectedId = useFleetSelection((s) => s.selectedId);
  const [filter, setFilter] = useState<AgentFilter>(NO_FILTER);
  const shown = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);

  useEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scrollTop + viewportHeight) / ROW_HEIGHT) + OVERSCAN);
  const count = isFiltering(filter) ? `${shown.length} of ${rows.length}` : String(rows.length);

  return (
    <section className="agents-panel" aria-label="Agents">
      <h2>
        Agents <span className="agents-count" data-testid="agents-count">{count}</span>
      </h2>
      <div className="agents-filter">
        <input
          type="search"
          placeholder="Filter: name, model, status, tool"
          aria-label="Filter agents"
          data-testid="agents-filter"
          value={filter.text}
          onChange={(event) => setFilter({ ...filter, text: event.target.value })}
        />
        <select
          aria-label="Status"
          data-testid="agents-status-filter"
          value={filter.status}
          onChange={(event) => setFilter({ ...filter, status: event.target.value as StatusFilter })}
        >
          {STATUS_OPTIONS.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </div>
      <div ref={viewport} className="agents-viewport" data-testid="agents-list" role="list" aria-label="Agents" onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
        {ready && rows.length === 0 && <p className="muted agents-empty">No agents yet.</p>}
        <div className="agents-scroll" style={{ height: shown.length * ROW_HEIGHT }}>
          {shown.slice(first, last).map((row, i) => (
            <AgentListRow key={row.id} row={row} index={first + i} total={shown.length} selected={row.id === selectedId} indent={!isFiltering(filter)} />
          ))}
        </div>
      </div>
    </section>
  );
}

interface RowProps {
  row: AgentRow;
  index: number;
  total: number;
  selected: boolean;
  /** Tree indentation only makes sense while the whole tree is shown. */
  indent: boolean;
}

const AgentListRow = memo(function AgentListRow({ row, index, total, selected, indent }: RowProps) {
  const state = row.outcome ?? row.status;
  return (
    <div
      role="listitem"
      aria-setsize={total}
      aria-posinset={index + 1}
      className={`agent-row${selected ? ' agent-row-selected' : ''}${row.outcome === undefined ? '' : ' agent-row-finished'}${state === 'queued' ? ' agent-row-queued' : ''}`}
      style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
      data-testid="agent-row"
      data-agent-id={row.id}
      data-parent-id={row.parentId}
      data-depth={row.depth}
      data-status={state}
    >
      <button
        type="button"
        className="agent-row-button"
        aria-pressed={selected}
        title="Double-click or Enter: open its card"
        onClick={() => selectAgent(row.id)}
        onDoubleClick={() => openAgentCard(row.id)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          // Enter opens the card; Space still selects, as a click does.
          event.preventDefault();
          selectAgent(row.id);
          openAgentCard(row.id);
        }}
        style={{ paddingLeft: 6 + (indent ? Math.min(row.depth, MAX_INDENT_LEVELS) * 14 : 0) }}
      >
        <span className="agent-dot" style={{ background: modelColour(row.model), borderColor: row.outcome === undefined ? STATUS_COLOUR[row.status] : OUTCOME_COLOUR[row.outcome] }} aria-hidden="true" />
        <span className="agent-row-name" data-testid="agent-row-name">
          {row.name}
        </span>
        <span className="agent-row-tool" data-testid="agent-row-tool">
          {row.currentTool ?? ''}
        </span>
        <span className="agent-row-state" data-testid="agent-row-state">
          {state}
        </span>
      </button>
    </div>
  );
});
