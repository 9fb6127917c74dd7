import { useMemo, useState } from 'react';
import type { TimelineAgent, TimelineBar, TimelineRow } from './agent-timeline-layout';
import { layoutTimeline } from './agent-timeline-layout';
import { formatClock, formatDuration } from './format';
import './agent-timeline.css';

const LANE_PX = 10;
const INDENT_PX = 10;

/**
 * An agent's tool calls as bars on one time axis, its subagents nested beneath: green under 1 s,
 * yellow under 5 s, red from 5 s; a failed call is outlined and crossed, an error end or error
 * log is a mark. Hovering (or focusing) a bar shows what the tool was asked and what came back.
 */
export function AgentTimeline({ tree, now }: { tree: TimelineAgent; now: number }) {
  const layout = useMemo(() => layoutTimeline(tree, now), [tree, now]);
  const [hovered, setHovered] = useState<TimelineBar>();
  const calls = layout.rows.reduce((sum, row) => sum + row.bars.length, 0);
  return (
    <section className="agent-timeline" data-testid="agent-timeline" aria-label="Tool calls over time">
      <div className="agent-timeline-axis muted">
        <time>{formatClock(layout.start)}</time>
        <span>{formatDuration(layout.end - layout.start)}</span>
      </div>
      {calls === 0 && <p className="muted agent-timeline-empty">No tool calls yet.</p>}
      {layout.rows.map((row) => (
        <TimelineRowView key={row.agentId} row={row} onHover={setHovered} />
      ))}
      {hovered !== undefined && <BarTooltip bar={hovered} />}
    </section>
  );
}

function TimelineRowView({ row, onHover }: { row: TimelineRow; onHover: (bar: TimelineBar | undefined) => void }) {
  return (
    <div className="agent-timeline-row" data-testid="timeline-row" data-agent-id={row.agentId} data-depth={row.depth}>
      <span className="agent-timeline-label" style={{ paddingLeft: row.depth * INDENT_PX }} title={row.label}>
        {row.depth > 0 && <span aria-hidden="true">└ </span>}
        {row.label}
      </span>
      <div className="agent-timeline-track" style={{ height: row.lanes * LANE_PX }}>
        {row.bars.map((bar) => (
          <div
            key={bar.toolUseId}
            className={`agent-timeline-bar agent-timeline-${bar.band}${bar.ok === false ? ' agent-timeline-failed' : ''}${bar.running ? ' agent-timeline-running' : ''}`}
            style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%`, top: bar.lane * LANE_PX }}
            data-testid="timeline-bar"
            data-tool={bar.tool}
            data-band={bar.band}
            data-ok={bar.ok === undefined ? undefined : String(bar.ok)}
            data-running={bar.running ? 'true' : undefined}
            tabIndex={0}
            aria-label={`${bar.tool}: ${resultText(bar)}`}
            onMouseEnter={() => onHover(bar)}
            onMouseLeave={() => onHover(undefined)}
            onFocus={() => onHover(bar)}
            onBlur={() => onHover(undefined)}
          />
        ))}
        {row.marks.map((mark, i) => (
          <span key={`${mark.at}:${i}`} className="agent-timeline-mark" style={{ left: `${mark.left * 100}%` }} data-testid="timeline-error-mark" title={mark.text} aria-label={`error: ${mark.text}`}>
            !
          </span>
        ))}
      </div>
    </div>
  );
}

function BarTooltip({ bar }: { bar: TimelineBar }) {
  return (
    <div className="agent-timeline-tooltip" role="tooltip" data-testid="timeline-tooltip">
      <div>
        <strong>{bar.tool}</strong> <span className="muted">{formatClock(bar.start)}</span>
      </div>
      {bar.inputSummary !== undefined && <div className="agent-timeline-input" data-testid="timeline-tooltip-input">{bar.inputSummary}</div>}
      <div className={bar.ok === false ? 'agent-details-error' : undefined} data-testid="timeline-tooltip-result">
        {resultText(bar)}
      </div>
    </div>
  );
}

function resultText(bar: TimelineBar): string {
  const took = formatDuration(bar.durationMs);
  if (bar.running) return `running for ${took}`;
  if (bar.ok === undefined) return `no result (the agent ended) after ${took}`;
  if (bar.ok) return `ok in ${took}`;
  return `failed after ${took}${bar.error === undefined ? '' : `: ${bar.error}`}`;
}
