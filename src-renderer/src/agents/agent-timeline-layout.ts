import type { OrreryEvent } from '../../../src-shared/events/event-schema';

/** A tool call's speed: under 1 s, under 5 s, 5 s and over. */
export type DurationBand = 'fast' | 'medium' | 'slow';

export const FAST_BELOW_MS = 1_000;
export const SLOW_FROM_MS = 5_000;
/** The axis spans at least this much, so a burst of instant calls does not stretch to the whole width. */
const MIN_SPAN_MS = 1_000;

export function durationBand(ms: number): DurationBand {
  if (ms < FAST_BELOW_MS) return 'fast';
  return ms < SLOW_FROM_MS ? 'medium' : 'slow';
}

/** One tool call, start to end. `left` and `width` are fractions of the axis (0–1). */
export interface TimelineBar {
  toolUseId: string;
  tool: string;
  start: number;
  end: number;
  durationMs: number;
  band: DurationBand;
  /** No result yet, and the agent is still running: the bar grows until now. */
  running: boolean;
  /** Undefined while it runs, or when the agent ended before a result came. */
  ok: boolean | undefined;
  error: string | undefined;
  inputSummary: string | undefined;
  /** Parallel calls of one agent get lanes of their own, so no bar hides another. */
  lane: number;
  left: number;
  width: number;
}

/** A point in time where something went wrong besides a failed tool call: an error end, an error log. */
export interface TimelineMark {
  at: number;
  left: number;
  text: string;
}

export interface TimelineRow {
  agentId: string;
  label: string;
  /** 0 for the agent itself, 1 for its subagents, and so on. */
  depth: number;
  lanes: number;
  bars: TimelineBar[];
  marks: TimelineMark[];
}

export interface TimelineLayout {
  start: number;
  end: number;
  rows: TimelineRow[];
}

/** An agent's events (any order) and its subagents', as the details panel gathered them. */
export interface TimelineAgent {
  id: string;
  name: string | undefined;
  events: readonly OrreryEvent[];
  children: readonly TimelineAgent[];
}

/** The agent and its subagents as they were at `ts`: what a replay of that moment shows. */
export function timelineUntil(agent: TimelineAgent, ts: number): TimelineAgent {
  return { ...agent, events: agent.events.filter((event) => event.ts <= ts), children: agent.children.map((child) => timelineUntil(child, ts)) };
}

interface RawBar {
  toolUseId: string;
  tool: string;
  start: number;
  end: number;
  durationMs: number;
  running: boolean;
  ok: boolean | undefined;
  error: string | undefined;
  inputSummary: string | undefined;
}

interface RawRow {
  agentId: string;
  label: string;
  depth: number;
  bars: RawBar[];
  marks: { at: number; text: string }[];
  first: number | undefined;
  last: number | undefined;
}

/**
 * Lays out an agent and its subagents (depth first, children by their first event) on one time
 * axis. A call starts at its tool_use and ends at its tool_result; its duration is the one the
 * result reports, else the time between the two. A result whose tool_use fell out of the events
 * read is placed `duration_ms` before it; a call without a result runs until `now`, or until the
 * agent's end if it ended.
 */
export function layoutTimeline(root: TimelineAgent, now: number): TimelineLayout {
  const raw: RawRow[] = [];
  collectRows(root, 0, now, raw);
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const row of raw) {
    if (row.first !== undefined) start = Math.min(start, row.first);
    if (row.last !== undefined) end = Math.max(end, row.last);
  }
  if (!Number.isFinite(start)) start = end = now;
  end = Math.max(end, start + MIN_SPAN_MS);
  const span = end - start;
  const at = (ts: number): number => (ts - start) / span;
  const rows = raw.map((row): TimelineRow => {
    const laneEnds: number[] = [];
    const bars = row.bars.map((bar): TimelineBar => {
      let lane = laneEnds.findIndex((laneEnd) => laneEnd <= bar.start);
      if (lane === -1) lane = laneEnds.push(bar.end) - 1;
      else laneEnds[lane] = bar.end;
      return { ...bar, band: durationBand(bar.durationMs), lane, left: at(bar.start), width: (bar.end - bar.start) / span };
    });
    return {
      agentId: row.agentId,
      label: row.label,
      depth: row.depth,
      lanes: Math.max(1, laneEnds.length),
      bars,
      marks: row.marks.map((mark) => ({ ...mark, left: at(mark.at) })),
    };
  });
  return { start, end, rows };
}

function collectRows(agent: TimelineAgent, depth: number, now: number, out: RawRow[]): void {
  out.push(rowOf(agent, depth, now));
  const children = agent.children.map((child) => ({ child, first: firstTs(child.events) })).sort((a, b) => a.first - b.first);
  for (const { child } of children) collectRows(child, depth + 1, now, out);
}

function firstTs(events: readonly OrreryEvent[]): number {
  let first = Number.POSITIVE_INFINITY;
  for (const event of events) first = Math.min(first, event.ts);
  return first;
}

function rowOf(agent: TimelineAgent, depth: number, now: number): RawRow {
  const events = [...agent.events].sort((a, b) => a.ts - b.ts);
  const open = new Map<string, { tool: string; start: number; inputSummary: string | undefined }>();
  const bars: RawBar[] = [];
  const marks: { at: number; text: string }[] = [];
  let endedAt: number | undefined;
  let name = agent.name;
  for (const event of events) {
    if (agent.name === undefined && event.name !== undefined) name = event.name;
    switch (event.type) {
      case 'tool_use':
        open.set(event.tool_use_id, { tool: event.tool, start: event.ts, inputSummary: event.input_summary });
        break;
      case 'tool_result': {
        const use = open.get(event.tool_use_id);
        open.delete(event.tool_use_id);
        const durationMs = event.duration_ms ?? (use === undefined ? 0 : Math.max(0, event.ts - use.start));
        const start = use?.start ?? event.ts - durationMs;
        bars.push({
          toolUseId: event.tool_use_id,
          tool: use?.tool ?? toolNameOf(event) ?? 'tool',
          start,
          end: Math.max(start, event.ts),
          durationMs,
          running: false,
          ok: event.ok,
          error: event.error,
          inputSummary: use?.inputSummary,
        });
        break;
      }
      case 'agent_done':
        endedAt = event.ts;
        if (event.outcome === 'error' || event.outcome === 'timeout') marks.push({ at: event.ts, text: `ended: ${event.outcome}${event.error === undefined ? '' : ` — ${event.error}`}` });
        break;
      case 'log':
        if (event.level === 'error') marks.push({ at: event.ts, text: event.message });
        break;
      default:
        break;
    }
  }
  for (const [toolUseId, use] of open) {
    const running = endedAt === undefined;
    const end = Math.max(use.start, endedAt ?? now);
    bars.push({ toolUseId, tool: use.tool, start: use.start, end, durationMs: end - use.start, running, ok: undefined, error: undefined, inputSummary: use.inputSummary });
  }
  bars.sort((a, b) => a.start - b.start);
  let first = events[0]?.ts;
  let last = events.at(-1)?.ts;
  for (const bar of bars) {
    first = Math.min(first ?? bar.start, bar.start);
    last = Math.max(last ?? bar.end, bar.end);
  }
  return { agentId: agent.id, label: name ?? agent.id, depth, bars, marks, first, last };
}

/** Results written by hooks may name their tool; the schema keeps fields it does not know. */
function toolNameOf(event: OrreryEvent): string | undefined {
  const tool = (event as { tool?: unknown }).tool;
  return typeof tool === 'string' && tool !== '' ? tool : undefined;
}
