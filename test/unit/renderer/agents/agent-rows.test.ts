import { describe, expect, it } from 'vitest';
import { filterRows, NO_FILTER } from '../../../../src-renderer/src/agents/agent-filter';
import { AgentRowBuilder } from '../../../../src-renderer/src/agents/agent-rows';
import { FleetModel } from '../../../../src-renderer/src/agents/fleet-model';
import { counters, ev } from '../../../support/event-builders';

function fleet(): FleetModel {
  const model = new FleetModel();
  model.applyBatch(
    [
      ev('agent_spawn', { agent_id: 'lead', name: 'lead', model: 'opus' }),
      ev('agent_spawn', { agent_id: 'solo', name: 'solo', model: 'sonnet' }),
      ev('agent_spawn', { agent_id: 'scout', parent_id: 'lead', name: 'scout', model: 'haiku' }),
      ev('agent_spawn', { agent_id: 'deep', parent_id: 'scout', name: 'deep', model: 'haiku' }),
      ev('agent_spawn', { agent_id: 'orphan', parent_id: 'never-seen', name: 'orphan' }),
      ev('tool_use', { agent_id: 'scout', tool: 'Grep', tool_use_id: 'g' }),
      ev('status', { agent_id: 'solo', status: 'waiting' }),
    ],
    counters(),
    undefined,
    1_000,
  );
  return model;
}

describe('AgentRowBuilder', () => {
  it('lists each parent followed by its children, with their depth', () => {
    const rows = new AgentRowBuilder().build(fleet().agents);
    expect(rows.map((row) => [row.id, row.depth])).toEqual([
      ['lead', 0],
      ['scout', 1],
      ['deep', 2],
      ['solo', 0],
      ['orphan', 0],
    ]);
  });

  it('reuses the rows of agents that did not change', () => {
    const model = fleet();
    const builder = new AgentRowBuilder();
    const before = builder.build(model.agents);
    model.applyBatch([ev('tool_result', { agent_id: 'scout', tool_use_id: 'g', ok: true })], counters(), undefined, 2_000);
    const after = builder.build(model.agents);
    const byId = (rows: typeof before, id: string) => rows.find((row) => row.id === id);
    expect(byId(after, 'lead')).toBe(byId(before, 'lead'));
    expect(byId(after, 'scout')).not.toBe(byId(before, 'scout'));
    expect(byId(after, 'scout')?.currentTool).toBeUndefined();
  });

  it('still lists agents caught in a parent cycle', () => {
    const model = new FleetModel();
    model.applyBatch([ev('log', { agent_id: 'x', parent_id: 'y' }), ev('log', { agent_id: 'y', parent_id: 'x' })], counters(), undefined, 0);
    expect(new AgentRowBuilder().build(model.agents).map((row) => row.id).sort()).toEqual(['x', 'y']);
  });
});

describe('filterRows', () => {
  const rows = new AgentRowBuilder().build(fleet().agents);
  const ids = (filter: Parameters<typeof filterRows>[1]) => filterRows(rows, filter).map((row) => row.id);

  it('matches every word against name, id, model, status and tool', () => {
    expect(filterRows(rows, NO_FILTER)).toBe(rows);
    expect(ids({ text: 'haiku', status: 'all' })).toEqual(['scout', 'deep']);
    expect(ids({ text: 'HAIKU grep', status: 'all' })).toEqual(['scout']);
    expect(ids({ text: 'waiting', status: 'all' })).toEqual(['solo']);
  });

  it('filters by status', () => {
    expect(ids({ text: '', status: 'waiting' })).toEqual(['solo']);
    expect(ids({ text: '', status: 'finished' })).toEqual([]);
    expect(ids({ text: '', status: 'alive' })).toHaveLength(5);
  });
});
