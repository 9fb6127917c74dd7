import type { AgentOutcome, OrreryEventInput } from '../../../src-shared/events/event-schema';
import type { DetailValue, NodeView } from './node-view';

export const PAPERCLIP_SOURCE = 'paperclip';

/** How a node that leaves the graph ended. */
export interface NodeEnding {
  outcome: AgentOutcome;
  error?: string;
  ts: number;
}

export interface DiffContext {
  now: number;
  /** Asked for each node that leaves, and for each whose run is replaced by another. */
  ending(nodeId: string, view: NodeView): NodeEnding;
}

/**
 * The events that take the graph from `prev` to `next`, and nothing else: applied to views that
 * were already shown it yields no events at all, which is what makes reconnects and restarts
 * idempotent. A node whose run is replaced by a new one ends and spawns again (same node id, a
 * new life), so the card shows one run at a time.
 */
export function diffViews(prev: ReadonlyMap<string, NodeView>, next: ReadonlyMap<string, NodeView>, context: DiffContext): OrreryEventInput[] {
  const companies: OrreryEventInput[] = [];
  const agents: OrreryEventInput[] = [];
  const leavingCompanies: OrreryEventInput[] = [];
  for (const [id, before] of prev) {
    if (next.has(id)) continue;
    const done = doneEvent(id, context.ending(id, before));
    (before.kind === 'company' ? leavingCompanies : agents).push(done);
  }
  for (const [id, view] of next) {
    const out = view.kind === 'company' ? companies : agents;
    const before = prev.get(id);
    if (before === undefined) {
      out.push(...spawnEvents(id, view, Math.min(view.since ?? context.now, context.now)));
    } else if (before.runId !== undefined && before.runId !== view.runId) {
      const ending = context.ending(id, before);
      out.push(doneEvent(id, ending), ...spawnEvents(id, view, Math.max(Math.min(view.since ?? context.now, context.now), ending.ts + 1)));
    } else {
      const update = updateEvent(id, before, view, context.now);
      if (update !== undefined) out.push(update);
    }
  }
  return [...companies, ...agents, ...leavingCompanies];
}

function base(id: string, ts: number) {
  return { v: 1 as const, ts, agent_id: id, source: PAPERCLIP_SOURCE };
}

function spawnEvents(id: string, view: NodeView, ts: number): OrreryEventInput[] {
  const spawn: OrreryEventInput = {
    ...base(id, ts),
    type: 'agent_spawn',
    name: view.name,
    ...(view.parentId !== undefined && { parent_id: view.parentId }),
    ...(view.model !== undefined && { model: view.model }),
    ...(view.terminalId !== undefined && { terminal_id: view.terminalId }),
    details: view.details,
  };
  return view.status === 'running' ? [spawn] : [spawn, { ...base(id, ts), type: 'status', status: view.status }];
}

function doneEvent(id: string, ending: NodeEnding): OrreryEventInput {
  return { ...base(id, ending.ts), type: 'agent_done', outcome: ending.outcome, ...(ending.error !== undefined && { error: ending.error }) };
}

function updateEvent(id: string, before: NodeView, view: NodeView, ts: number): OrreryEventInput | undefined {
  const patch = detailsPatch(before.details, view.details);
  const renamed = before.name !== view.name;
  const remodelled = before.model !== view.model && view.model !== undefined;
  const terminal = before.terminalId !== view.terminalId && view.terminalId !== undefined;
  if (before.status === view.status && patch === undefined && !renamed && !remodelled && !terminal) return undefined;
  return {
    ...base(id, ts),
    type: 'status',
    status: view.status,
    ...(renamed && { name: view.name }),
    ...(remodelled && { model: view.model }),
    ...(terminal && { terminal_id: view.terminalId }),
    ...(patch !== undefined && { details: patch }),
  };
}

/** Changed and new keys with their values, vanished keys as null (which deletes them). */
function detailsPatch(before: Readonly<Record<string, DetailValue>>, after: Readonly<Record<string, DetailValue>>): Record<string, DetailValue | null> | undefined {
  const patch: Record<string, DetailValue | null> = {};
  let changed = false;
  for (const [key, value] of Object.entries(after)) {
    if (before[key] !== value) {
      patch[key] = value;
      changed = true;
    }
  }
  for (const key of Object.keys(before)) {
    if (!(key in after)) {
      patch[key] = null;
      changed = true;
    }
  }
  return changed ? patch : undefined;
}
