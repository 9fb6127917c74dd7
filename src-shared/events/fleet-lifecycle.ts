import type { AgentRecord } from './agent-record';
import type { OrreryEvent } from './event-schema';

type AgentDone = Extract<OrreryEvent, { type: 'agent_done' }>;

/**
 * How long a finished agent stays after its end. It is there so a person sees the outcome flash
 * and the node fade on the graph (4 s is the animation); the host keeps the same, so a page that
 * connects gets exactly what a connected page shows, and no ends it would throw away at once.
 */
export const LINGER_MS = 4_000;
/** Upper bound on lingering agents, so a burst of endings cannot grow memory without limit. */
export const MAX_LINGERING = 500;
/**
 * An agent that has sent nothing for this long is stale: drawn dimmed and not counted alive. Its
 * session may be a window left open, or a process killed without a word (no SessionEnd comes
 * then); either way nothing is happening there.
 */
export const STALE_AFTER_MS = 30 * 60_000;
/** The setting that changes STALE_AFTER_MS, in minutes. */
export const STALE_AFTER_SETTING = 'agents.staleAfterMinutes';
/**
 * Silent this long, an agent is ended as `interrupted` (it ended without its own end: a killed
 * terminal, a crash): whatever ran it is not coming back.
 */
export const END_SILENT_AFTER_MS = 6 * 60 * 60_000;

const SILENT_END_REASON = `sent nothing for ${END_SILENT_AFTER_MS / 3_600_000} hours`;

/** The stale-after setting's value in ms; anything but a positive number of minutes is the default. */
export function staleAfterMsFromSetting(minutes: unknown): number {
  return typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : STALE_AFTER_MS;
}

/** Alive, and silent for `staleAfterMs` by `now`. */
export function isStale(agent: Pick<AgentRecord, 'lastEventAt' | 'endedAt'>, now: number, staleAfterMs: number): boolean {
  return agent.endedAt === undefined && now - agent.lastEventAt >= staleAfterMs;
}

export interface FleetLifecycleOptions {
  lingerMs?: number;
  maxLingering?: number;
}

/** What a fleet holds, by reference, so a checkpoint can put back exactly this (importImage). */
export interface FleetImage<R> {
  /** Alive and lingering agents, in order of appearance. */
  agents: R[];
  /** In the order they ended; records a respawn replaced stay (they still count toward the bound). */
  lingering: { record: R; since: number }[];
  /** Each parent's subagents in the order they were filed under it: the order their ends come in. */
  children: [parentId: string, children: R[]][];
}

export interface Routed<R> {
  record: R;
  /** A straggler after the end: fold it in with applyLateToAgent, it changes no lifecycle. */
  late: boolean;
  /** The record was made for this event (a first event, or a respawn). */
  created: boolean;
}

/**
 * The fleet's lifecycle rules, written once for the host's live state and the renderer's fleet
 * model, which differ only in the clock a linger counts on:
 * - any first event creates its agent (a journal may be read from the middle of a run);
 * - after its `agent_done` an agent lingers for the linger, then leaves;
 * - stragglers after the end (a final usage report, a late log) belong to the run that ended;
 * - only an `agent_spawn` under the id of an ended agent starts a new run, which replaces it;
 * - an agent's end ends its subagents that never reported theirs (`endsWithParent`);
 * - an agent silent for END_SILENT_AFTER_MS is ended (`silentEnds`); silent for the stale-after
 *   time it is stale (`isStale`): shown dimmed, not counted alive (`aliveAt`).
 * The ends these rules bring are agent_done events the caller folds in like any other, so both
 * callers reach the same state by their own fold.
 */
export class FleetLifecycle<R extends AgentRecord> {
  /** Alive and lingering agents, in order of appearance (a respawn appears anew). */
  readonly agents = new Map<string, R>();
  readonly lingerMs: number;
  private readonly maxLingering: number;
  /** In the order they ended, so expiry only ever looks at the head. */
  private lingering: { record: R; since: number }[] = [];
  private aliveCount = 0;
  /** parent id → its subagents among `agents`, so an end finds them without a scan. */
  private readonly children = new Map<string, Set<R>>();

  constructor(options: FleetLifecycleOptions = {}) {
    this.lingerMs = options.lingerMs ?? LINGER_MS;
    this.maxLingering = options.maxLingering ?? MAX_LINGERING;
  }

  get alive(): number {
    return this.aliveCount;
  }

  /** The record `event` belongs to by the rules above; `create` makes one when a new run starts. */
  route(event: OrreryEvent, create: () => R): Routed<R> {
    const known = this.agents.get(event.agent_id);
    if (known !== undefined && (known.endedAt === undefined || event.type !== 'agent_spawn')) {
      const late = known.endedAt !== undefined;
      if (!late) this.noteParent(known, event.parent_id);
      return { record: known, late, created: false };
    }
    const record = create();
    if (known !== undefined) this.forgetParent(known);
    this.agents.delete(event.agent_id);
    this.agents.set(event.agent_id, record);
    this.aliveCount++;
    this.noteParent(record, event.parent_id);
    return { record, late: false, created: true };
  }

  /**
   * What `done` (just folded into `parent`) brings: an agent_done for each subagent of it still
   * running, with its outcome (a subagent killed with its session never reports its own end).
   * Their own subagents follow when these are folded in.
   */
  endsWithParent(parent: R, done: AgentDone): AgentDone[] {
    const ends: AgentDone[] = [];
    for (const child of this.children.get(parent.id) ?? []) {
      if (child.endedAt !== undefined || child === parent) continue;
      const error = done.outcome === 'success' ? undefined : `its session ended: ${done.error ?? done.outcome}`;
      // Not before its own last word: a silent parent's end is dated at the parent's last sign of life.
      ends.push({ v: 1, type: 'agent_done', ts: Math.max(done.ts, child.lastEventAt), agent_id: child.id, source: child.source, outcome: done.outcome, ...(error !== undefined && { error }) });
    }
    return ends;
  }

  /**
   * An agent_done (`interrupted`) for each alive agent silent for END_SILENT_AFTER_MS by `now`, dated
   * at its last sign of life: its runtime is what it was seen doing, and its end no news to linger on.
   */
  silentEnds(now: number): AgentDone[] {
    const ends: AgentDone[] = [];
    for (const record of this.agents.values()) {
      if (record.endedAt !== undefined || now - record.lastEventAt < END_SILENT_AFTER_MS) continue;
      ends.push({ v: 1, type: 'agent_done', ts: record.lastEventAt, agent_id: record.id, source: record.source, outcome: 'interrupted', error: SILENT_END_REASON });
    }
    return ends;
  }

  /** Alive agents that are not stale at `now`: the ones counted alive. */
  aliveAt(now: number, staleAfterMs: number): number {
    let stale = 0;
    for (const record of this.agents.values()) if (isStale(record, now, staleAfterMs)) stale++;
    return this.aliveCount - stale;
  }

  /** Call once a routed record's `agent_done` was applied; its linger counts from `since`. */
  ended(record: R, since: number): void {
    this.aliveCount--;
    this.lingering.push({ record, since });
  }

  /** Puts back a record as a snapshot holds it: alive, or ended and lingering since `since`. */
  restore(record: R, since?: number): void {
    this.agents.set(record.id, record);
    this.noteParent(record, record.parentId);
    if (since === undefined) this.aliveCount++;
    else this.lingering.push({ record, since });
  }

  /** The lingering agents, oldest end first. */
  lingeringAgents(): R[] {
    return this.lingering.filter(({ record }) => this.agents.get(record.id) === record).map(({ record }) => record);
  }

  /** Removes the agents whose linger is over (or that exceed the bound); returns them. */
  expire(now: number): R[] {
    const removed: R[] = [];
    let head = 0;
    while (head < this.lingering.length) {
      const { record, since } = this.lingering[head] as { record: R; since: number };
      if (this.lingering.length - head <= this.maxLingering && since + this.lingerMs > now) break;
      // A respawn under the same id replaced this record; only the one that ended leaves.
      if (this.agents.get(record.id) === record) {
        this.agents.delete(record.id);
        this.forgetParent(record);
        removed.push(record);
      }
      head++;
    }
    if (head > 0) this.lingering = this.lingering.slice(head);
    return removed;
  }

  exportImage(): FleetImage<R> {
    return {
      agents: [...this.agents.values()],
      lingering: this.lingering.map((entry) => ({ ...entry })),
      children: [...this.children].map(([parentId, children]) => [parentId, [...children]]),
    };
  }

  /** Replaces what the fleet holds by an image exportImage made (of records rebuilt from it). */
  importImage(image: FleetImage<R>): void {
    this.clear();
    for (const record of image.agents) {
      this.agents.set(record.id, record);
      if (record.endedAt === undefined) this.aliveCount++;
    }
    this.lingering = image.lingering.map((entry) => ({ ...entry }));
    for (const [parentId, children] of image.children) this.children.set(parentId, new Set(children));
  }

  clear(): void {
    this.agents.clear();
    this.children.clear();
    this.lingering = [];
    this.aliveCount = 0;
  }

  /** Files `record` under `parentId` (what its fold is about to set), moving it from an earlier parent. */
  private noteParent(record: R, parentId: string | undefined): void {
    if (parentId === undefined || (parentId === record.parentId && this.children.get(parentId)?.has(record))) return;
    this.forgetParent(record);
    let siblings = this.children.get(parentId);
    if (siblings === undefined) this.children.set(parentId, (siblings = new Set()));
    siblings.add(record);
  }

  private forgetParent(record: R): void {
    if (record.parentId === undefined) return;
    const siblings = this.children.get(record.parentId);
    siblings?.delete(record);
    if (siblings?.size === 0) this.children.delete(record.parentId);
  }
}
