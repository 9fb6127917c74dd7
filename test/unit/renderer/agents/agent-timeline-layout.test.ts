import { describe, expect, it } from 'vitest';
import { durationBand, layoutTimeline, timelineUntil } from '../../../../src-renderer/src/agents/agent-timeline-layout';
import type { TimelineAgent } from '../../../../src-renderer/src/agents/agent-timeline-layout';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { BASE_TS, ev } from '../../../support/event-builders';

const at = (ms: number) => ({ ts: BASE_TS + ms });

function agent(id: string, events: OrreryEvent[], children: TimelineAgent[] = [], name?: string): TimelineAgent {
  return { id, name, events, children };
}

function call(agentId: string, id: string, tool: string, startMs: number, endMs: number, result: Record<string, unknown> = {}): OrreryEvent[] {
  return [ev('tool_use', { agent_id: agentId, tool, tool_use_id: id, input_summary: `${tool} input`, ...at(startMs) }), ev('tool_result', { agent_id: agentId, tool_use_id: id, ok: true, ...at(endMs), ...result })];
}

describe('durationBand', () => {
  it('is fast under 1 s, medium under 5 s, slow from 5 s', () => {
    expect([0, 999, 1_000, 4_999, 5_000, 60_000].map(durationBand)).toEqual(['fast', 'fast', 'medium', 'medium', 'slow', 'slow']);
  });
});

describe('layoutTimeline', () => {
  it('places each call from its tool_use to its tool_result on one axis, coloured by duration', () => {
    const events = [ev('agent_spawn', { agent_id: 'lead', ...at(0) }), ...call('lead', 't1', 'Read', 0, 400), ...call('lead', 't2', 'Bash', 2_000, 4_500), ...call('lead', 't3', 'Test', 4_000, 10_000)];
    const layout = layoutTimeline(agent('lead', events), BASE_TS + 20_000);
    expect(layout.start).toBe(BASE_TS);
    expect(layout.end).toBe(BASE_TS + 10_000);
    const [row] = layout.rows;
    expect(row?.bars.map((bar) => [bar.tool, bar.band, bar.left, bar.width, bar.ok])).toEqual([
      ['Read', 'fast', 0, 0.04, true],
      ['Bash', 'medium', 0.2, 0.25, true],
      ['Test', 'slow', 0.4, 0.6, true],
    ]);
    expect(row?.bars[0]?.inputSummary).toBe('Read input');
  });

  it('colours by the duration the result reports, and places a result without its tool_use that long before it', () => {
    const events = [ev('tool_use', { agent_id: 'a', tool: 'Bash', tool_use_id: 'known', ...at(0) }), ev('tool_result', { agent_id: 'a', tool_use_id: 'known', ok: true, duration_ms: 6_000, ...at(900) }), ev('tool_result', { agent_id: 'a', tool_use_id: 'orphan', ok: true, duration_ms: 2_000, ...at(10_000) })];
    const bars = layoutTimeline(agent('a', events), BASE_TS + 10_000).rows[0]?.bars ?? [];
    expect(bars.map((bar) => [bar.toolUseId, bar.band, bar.start - BASE_TS, bar.end - BASE_TS])).toEqual([
      ['known', 'slow', 0, 900],
      ['orphan', 'medium', 8_000, 10_000],
    ]);
  });

  it('marks failed calls with their error, and error ends and error logs as marks', () => {
    const events = [
      ...call('a', 't1', 'Edit', 0, 300, { ok: false, error: 'file changed on disk' }),
      ev('log', { agent_id: 'a', level: 'error', message: 'rate limited', ...at(500) }),
      ev('log', { agent_id: 'a', level: 'info', message: 'fine', ...at(600) }),
      ev('agent_done', { agent_id: 'a', outcome: 'error', error: 'gave up', ...at(1_000) }),
    ];
    const [row] = layoutTimeline(agent('a', events), BASE_TS + 1_000).rows;
    expect(row?.bars).toMatchObject([{ tool: 'Edit', ok: false, error: 'file changed on disk' }]);
    expect(row?.marks.map((mark) => [mark.left, mark.text])).toEqual([
      [0.5, 'rate limited'],
      [1, 'ended: error — gave up'],
    ]);
  });

  it('lets a call without a result run until now, or until the agent ended', () => {
    const running = [ev('tool_use', { agent_id: 'a', tool: 'Bash', tool_use_id: 't1', ...at(0) })];
    const [bar] = layoutTimeline(agent('a', running), BASE_TS + 7_000).rows[0]?.bars ?? [];
    expect(bar).toMatchObject({ running: true, ok: undefined, durationMs: 7_000, band: 'slow', width: 1 });

    const ended = [...running, ev('agent_done', { agent_id: 'a', outcome: 'cancelled', ...at(2_000) })];
    const [cut] = layoutTimeline(agent('a', ended), BASE_TS + 7_000).rows[0]?.bars ?? [];
    expect(cut).toMatchObject({ running: false, ok: undefined, durationMs: 2_000, band: 'medium' });
  });

  it('gives overlapping calls their own lanes and reuses a lane once it is free', () => {
    const events = [...call('a', 't1', 'Read', 0, 3_000), ...call('a', 't2', 'Grep', 1_000, 2_000), ...call('a', 't3', 'Glob', 2_500, 2_800), ...call('a', 't4', 'Bash', 3_000, 4_000)];
    const [row] = layoutTimeline(agent('a', events), BASE_TS + 4_000).rows;
    expect(row?.bars.map((bar) => [bar.toolUseId, bar.lane])).toEqual([
      ['t1', 0],
      ['t2', 1],
      ['t3', 1],
      ['t4', 0],
    ]);
    expect(row?.lanes).toBe(2);
  });

  it('nests subagents beneath their agent, depth first and by their first event, on the same axis', () => {
    const late = agent('late-child', call('late-child', 'c2', 'Read', 6_000, 6_500), [], 'late');
    const grandchild = agent('grandchild', call('grandchild', 'g1', 'Bash', 3_000, 9_000));
    const early = agent('early-child', [ev('agent_spawn', { agent_id: 'early-child', name: 'early', ...at(1_000) }), ...call('early-child', 'c1', 'Grep', 1_500, 1_600)], [grandchild]);
    const root = agent('lead', call('lead', 't1', 'Task', 0, 10_000), [late, early], 'lead');
    const layout = layoutTimeline(root, BASE_TS + 10_000);
    expect(layout.rows.map((row) => [row.agentId, row.label, row.depth])).toEqual([
      ['lead', 'lead', 0],
      ['early-child', 'early', 1],
      ['grandchild', 'grandchild', 2],
      ['late-child', 'late', 1],
    ]);
    expect(layout.rows[2]?.bars[0]).toMatchObject({ left: 0.3, width: 0.6, band: 'slow' });
  });

  it('shows a replayed moment as it was: later events left out, a call then unanswered still running', () => {
    const child = agent('child', call('child', 'c1', 'Read', 3_000, 3_100));
    const root = agent('lead', [...call('lead', 't1', 'Bash', 0, 10_000), ev('agent_done', { agent_id: 'lead', outcome: 'error', ...at(11_000) })], [child]);
    const layout = layoutTimeline(timelineUntil(root, BASE_TS + 4_000), BASE_TS + 4_000);
    expect(layout.rows.map((row) => [row.agentId, row.bars.map((bar) => [bar.toolUseId, bar.running, bar.durationMs]), row.marks.length])).toEqual([
      ['lead', [['t1', true, 4_000]], 0],
      ['child', [['c1', false, 100]], 0],
    ]);
  });

  it('spans at least a second, so instant calls are not stretched across the whole axis', () => {
    const layout = layoutTimeline(agent('a', call('a', 't1', 'Read', 0, 10)), BASE_TS + 10);
    expect(layout.end - layout.start).toBe(1_000);
    expect(layout.rows[0]?.bars[0]?.width).toBeCloseTo(0.01);
    expect(layoutTimeline(agent('empty', []), BASE_TS).rows).toMatchObject([{ agentId: 'empty', bars: [], marks: [] }]);
  });
});
