import type { AgentOutcome, AgentStatus } from '../../../src-shared/events/event-schema';
import type { FleetAgent } from './fleet-agent';

/** What the agents list shows for one agent: an immutable copy, safe to hand to React. */
export interface AgentRow {
  readonly id: string;
  readonly parentId: string | undefined;
  /** 0 for agents under the orchestrator; children sit one level below their parent. */
  readonly depth: number;
  readonly name: string;
  readonly model: string | undefined;
  readonly status: AgentStatus;
  readonly currentTool: string | undefined;
  readonly outcome: AgentOutcome | undefined;
  readonly toolCalls: number;
}

interface CachedRow {
  agent: FleetAgent;
  rev: number;
  depth: number;
  row: AgentRow;
}

/**
 * Builds the list in tree order (each parent followed by its children) and reuses the row of
 * any agent that did not change, so the list's memoised rows skip re-rendering.
 */
export class AgentRowBuilder {
  private cache = new Map<string, CachedRow>();

  build(agents: ReadonlyMap<string, FleetAgent>): AgentRow[] {
    const children = new Map<string, FleetAgent[]>();
    const roots: FleetAgent[] = [];
    for (const agent of agents.values()) {
      const parent = agent.parentId === undefined ? undefined : agents.get(agent.parentId);
      if (parent === undefined || parent === agent) roots.push(agent);
      else {
        const siblings = children.get(parent.id);
        if (siblings === undefined) children.set(parent.id, [agent]);
        else siblings.push(agent);
      }
    }

    const rows: AgentRow[] = [];
    const nextCache = new Map<string, CachedRow>();
    const visit = (start: FleetAgent): void => {
      const stack: [FleetAgent, number][] = [[start, 0]];
      for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
        const [agent, depth] = item;
        if (nextCache.has(agent.id)) continue;
        const entry = this.rowFor(agent, depth);
        nextCache.set(agent.id, entry);
        rows.push(entry.row);
        const kids = children.get(agent.id);
        // Pushed in reverse so children come out in order of appearance.
        if (kids !== undefined) for (const kid of kids.toReversed()) stack.push([kid, depth + 1]);
      }
    };
    for (const root of roots) visit(root);
    // Members of a parent cycle have no root above them; list them rather than lose them.
    for (const agent of agents.values()) if (!nextCache.has(agent.id)) visit(agent);
    this.cache = nextCache;
    return rows;
  }

  private rowFor(agent: FleetAgent, depth: number): CachedRow {
    const cached = this.cache.get(agent.id);
    // The agent identity matters too: a respawn under the same id starts its rev count again.
    if (cached !== undefined && cached.agent === agent && cached.rev === agent.rev && cached.depth === depth) return cached;
    return {
      agent,
      rev: agent.rev,
      depth,
      row: {
        id: agent.id,
        parentId: agent.parentId,
        depth,
        name: agent.name ?? agent.id,
        model: agent.model,
        status: agent.status,
        currentTool: agent.currentTool,
        outcome: agent.outcome,
        toolCalls: agent.toolCalls,
      },
    };
  }
}
