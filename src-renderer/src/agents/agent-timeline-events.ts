import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiClient } from '../../../src-shared/api/api-client';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { FinishedAgent, LiveAgent } from '../../../src-shared/events/live-state';
import { useApi } from '../api/api-context';
import type { TimelineAgent } from './agent-timeline-layout';
import { useFleetStore } from './fleet-store';

/** The selected agent's own events reach back this far; its recent-events list shows the newest of them. */
export const OWN_EVENT_LIMIT = 500;
const SUBAGENT_EVENT_LIMIT = 200;
/** Subagents shown beneath an agent, nearest generations first; a swarm would bury the agent itself. */
const MAX_SUBAGENTS = 16;
const MAX_DEPTH = 3;
/** A busy family changes many times a second; its events are re-read at most this often. */
const REFRESH_MS = 1_000;

interface Member {
  id: string;
  parentId: string | undefined;
  name: string | undefined;
}

export interface AgentFamilyEvents {
  /** The selected agent and its subagents as the timeline lays them out; undefined until first read. */
  tree: TimelineAgent | undefined;
  /** The selected agent's own events, oldest first. */
  ownEvents: OrreryEvent[] | undefined;
  error: string | undefined;
}

/**
 * Reads the events of an agent and of its subagents (agents whose parent it is, and theirs) from
 * the host's store via `events.agent`. Subagents are found on the fleet as it is published, and
 * remembered while the agent stays selected, so one that lingered out keeps its row.
 */
export function useAgentFamilyEvents(rootId: string | undefined): AgentFamilyEvents {
  const api = useApi();
  const agents = useFleetStore((s) => s.agents);
  const known = useRef<{ rootId: string | undefined; members: Map<string, Member> }>({ rootId: undefined, members: new Map() });
  if (known.current.rootId !== rootId) known.current = { rootId, members: new Map() };
  const family = useMemo(() => (rootId === undefined ? [] : familyOf(rootId, agents, known.current.members)), [rootId, agents]);
  // Re-read only when one of the family sent something, not whenever any agent of the fleet did.
  const changeKey = family.map((member) => `${member.id}@${agents.get(member.id)?.lastEventAt ?? ''}`).join(' ');
  const [read, setRead] = useState<{ rootId: string; events: Map<string, OrreryEvent[]> }>();
  const [error, setError] = useState<string>();
  const lastFetch = useRef({ rootId: '', at: 0 });
  const selected = useRef(rootId);
  selected.current = rootId;
  const members = useRef(family);
  members.current = family;

  useEffect(() => {
    if (rootId === undefined) return;
    // A newly selected agent is read at once; refreshes of the same one are spaced out.
    const previous = lastFetch.current;
    const wait = previous.rootId === rootId ? Math.max(0, previous.at + REFRESH_MS - Date.now()) : 0;
    const timer = setTimeout(() => {
      lastFetch.current = { rootId, at: Date.now() };
      readFamily(api, rootId, members.current).then(
        (events) => {
          // Answers for an agent that is no longer selected are dropped.
          if (selected.current !== rootId) return;
          setRead({ rootId, events });
          setError(undefined);
        },
        (reason: unknown) => selected.current === rootId && setError(reason instanceof Error ? reason.message : String(reason)),
      );
    }, wait);
    return () => clearTimeout(timer);
  }, [api, rootId, changeKey]);

  return useMemo(() => {
    if (rootId === undefined || read?.rootId !== rootId) return { tree: undefined, ownEvents: undefined, error };
    return { tree: treeOf(rootId, family, read.events), ownEvents: read.events.get(rootId) ?? [], error };
  }, [rootId, read, family, error]);
}

/** The root, then its descendants breadth first (nearest generations first), up to the caps. */
function familyOf(rootId: string, agents: ReadonlyMap<string, LiveAgent | FinishedAgent>, remembered: Map<string, Member>): Member[] {
  const root = agents.get(rootId);
  remembered.set(rootId, { id: rootId, parentId: root?.parentId, name: root?.name ?? remembered.get(rootId)?.name });
  for (const agent of agents.values()) {
    if (agent.parentId !== undefined && agent.id !== rootId) remembered.set(agent.id, { id: agent.id, parentId: agent.parentId, name: agent.name });
  }
  const children = new Map<string, Member[]>();
  for (const member of remembered.values()) {
    if (member.parentId === undefined || member.id === rootId) continue;
    const siblings = children.get(member.parentId);
    if (siblings === undefined) children.set(member.parentId, [member]);
    else siblings.push(member);
  }
  const family: Member[] = [remembered.get(rootId) as Member];
  let generation = [rootId];
  for (let depth = 1; depth <= MAX_DEPTH && generation.length > 0; depth++) {
    const next: string[] = [];
    for (const parentId of generation) {
      for (const child of children.get(parentId) ?? []) {
        if (family.length > MAX_SUBAGENTS) return family;
        family.push(child);
        next.push(child.id);
      }
    }
    generation = next;
  }
  // Agents with a parent outside this family need not be remembered for it.
  const inFamily = new Set(family.map((member) => member.id));
  for (const id of remembered.keys()) if (!inFamily.has(id)) remembered.delete(id);
  return family;
}

async function readFamily(api: ApiClient, rootId: string, family: readonly Member[]): Promise<Map<string, OrreryEvent[]>> {
  const answers = await Promise.all(
    family.map(async (member) => {
      const { recentEvents } = await api.call('events.agent', { agentId: member.id, limit: member.id === rootId ? OWN_EVENT_LIMIT : SUBAGENT_EVENT_LIMIT });
      return [member.id, recentEvents] as const;
    }),
  );
  return new Map(answers);
}

function treeOf(rootId: string, family: readonly Member[], events: ReadonlyMap<string, OrreryEvent[]>): TimelineAgent {
  const nodes = new Map<string, { id: string; name: string | undefined; events: OrreryEvent[]; children: TimelineAgent[] }>();
  for (const member of family) nodes.set(member.id, { id: member.id, name: member.name, events: events.get(member.id) ?? [], children: [] });
  for (const member of family) {
    if (member.id === rootId || member.parentId === undefined) continue;
    nodes.get(member.parentId)?.children.push(nodes.get(member.id) as TimelineAgent);
  }
  return nodes.get(rootId) as TimelineAgent;
}
