import type { AgentOutcome, AgentStatus, OrreryEvent } from './event-schema';

export interface LiveAgent {
  id: string;
  parentId: string | undefined;
  sessionId: string | undefined;
  source: string;
  name: string | undefined;
  model: string | undefined;
  status: AgentStatus;
  /** The most recently started tool call that has not returned yet. */
  currentTool: string | undefined;
  currentToolUseId: string | undefined;
  toolCalls: number;
  tokensIn: number;
  tokensOut: number;
  cacheRead: number;
  cacheWrite: number;
  costUsd: number;
  /** Epoch ms of its spawn, or of the first event seen when the journal began mid-run. */
  startedAt: number;
  lastEventAt: number;
  /** Alive: now − startedAt; finished: endedAt − startedAt. */
  runtimeMs: number;
}

export interface FinishedAgent extends LiveAgent {
  outcome: AgentOutcome;
  error: string | undefined;
  endedAt: number;
}

export interface LiveCounters {
  alive: number;
  /** Agents that appeared, by an agent_spawn or implicitly by their first event. */
  spawned: number;
  toolCalls: number;
  done: number;
  /** Agents that ended with outcome `error` or `timeout`. */
  errors: number;
  /** Tool results with `ok: false`. */
  toolErrors: number;
  events: number;
}

export interface LiveSnapshot {
  at: number;
  agents: LiveAgent[];
  /** Oldest first; each stays for the linger after its end. */
  finished: FinishedAgent[];
  counters: LiveCounters;
  /** Oldest first. Shared with the state, so treat them as read-only. */
  recentEvents: OrreryEvent[];
}

export interface LiveStateOptions {
  /** How long a finished agent stays visible after its `agent_done` timestamp. */
  lingerMs?: number;
  /** Upper bound on lingering agents, so a burst of endings cannot grow memory without limit. */
  maxFinished?: number;
  recentEventCount?: number;
  now?: () => number;
}

/** Mutable on purpose: reduce runs for every ingested event and must not allocate per event. */
class AgentRecord {
  readonly id: string;
  parentId: string | undefined;
  sessionId: string | undefined;
  source: string;
  name: string | undefined;
  model: string | undefined;
  status: AgentStatus = 'running';
  currentTool: string | undefined;
  currentToolUseId: string | undefined;
  /** tool_use_id → tool name; agents may run tools in parallel. Created on first use. */
  openTools: Map<string, string> | undefined;
  toolCalls = 0;
  tokensIn = 0;
  tokensOut = 0;
  cacheRead = 0;
  cacheWrite = 0;
  costUsd = 0;
  startedAt: number;
  lastEventAt: number;
  outcome: AgentOutcome | undefined;
  error: string | undefined;
  endedAt = 0;

  constructor(event: OrreryEvent) {
    this.id = event.agent_id;
    this.source = event.source;
    this.startedAt = event.ts;
    this.lastEventAt = event.ts;
  }

  toLive(now: number): LiveAgent {
    return {
      id: this.id,
      parentId: this.parentId,
      sessionId: this.sessionId,
      source: this.source,
      name: this.name,
      model: this.model,
      status: this.status,
      currentTool: this.currentTool,
      currentToolUseId: this.currentToolUseId,
      toolCalls: this.toolCalls,
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      cacheRead: this.cacheRead,
      cacheWrite: this.cacheWrite,
      costUsd: this.costUsd,
      startedAt: this.startedAt,
      lastEventAt: this.lastEventAt,
      runtimeMs: Math.max(0, now - this.startedAt),
    };
  }

  toFinished(): FinishedAgent {
    return {
      ...this.toLive(this.endedAt),
      outcome: this.outcome ?? 'success',
      error: this.error,
      endedAt: this.endedAt,
    };
  }
}

/** Reduces the event stream into what the graph shows right now. */
export class LiveState {
  private readonly lingerMs: number;
  private readonly maxFinished: number;
  private readonly now: () => number;
  private readonly alive = new Map<string, AgentRecord>();
  /** Insertion order is end order, so expiry only ever looks at the head. */
  private readonly finished = new Map<string, AgentRecord>();
  private readonly counts: Omit<LiveCounters, 'alive'> = {
    spawned: 0,
    toolCalls: 0,
    done: 0,
    errors: 0,
    toolErrors: 0,
    events: 0,
  };
  private readonly ring: (OrreryEvent | undefined)[];
  private ringNext = 0;

  constructor(options: LiveStateOptions = {}) {
    this.lingerMs = options.lingerMs ?? 10_000;
    this.maxFinished = options.maxFinished ?? 500;
    this.now = options.now ?? Date.now;
    this.ring = new Array<OrreryEvent | undefined>(options.recentEventCount ?? 200).fill(undefined);
  }

  applyBatch(events: readonly OrreryEvent[]): void {
    for (const event of events) this.apply(event);
  }

  apply(event: OrreryEvent): void {
    this.counts.events++;
    if (this.ring.length > 0) {
      this.ring[this.ringNext] = event;
      this.ringNext = (this.ringNext + 1) % this.ring.length;
    }
    if (event.type === 'tool_use') this.counts.toolCalls++;
    else if (event.type === 'tool_result' && !event.ok) this.counts.toolErrors++;

    let agent = this.alive.get(event.agent_id);
    if (agent === undefined) {
      const ended = this.finished.get(event.agent_id);
      // Stragglers (a final usage report, a late log) belong to the run that just ended; only a
      // new spawn starts a new run under the same id.
      if (ended !== undefined && event.type !== 'agent_spawn') {
        this.applyLate(ended, event);
        return;
      }
      if (ended !== undefined) this.finished.delete(event.agent_id);
      agent = new AgentRecord(event);
      this.alive.set(agent.id, agent);
      this.counts.spawned++;
    }

    if (event.ts > agent.lastEventAt) agent.lastEventAt = event.ts;
    if (event.parent_id !== undefined) agent.parentId = event.parent_id;
    if (event.session_id !== undefined) agent.sessionId = event.session_id;
    if (event.name !== undefined) agent.name = event.name;
    if (event.model !== undefined) agent.model = event.model;
    agent.source = event.source;

    switch (event.type) {
      case 'agent_spawn':
        agent.status = 'running';
        break;
      case 'tool_use':
        agent.toolCalls++;
        agent.status = 'running';
        (agent.openTools ??= new Map()).set(event.tool_use_id, event.tool);
        agent.currentTool = event.tool;
        agent.currentToolUseId = event.tool_use_id;
        break;
      case 'tool_result':
        closeTool(agent, event.tool_use_id);
        break;
      case 'usage':
        addUsage(agent, event);
        break;
      case 'status':
        agent.status = event.status;
        break;
      case 'log':
        break;
      case 'agent_done':
        this.finish(agent, event.outcome, event.error, event.ts);
        break;
    }
  }

  counters(): LiveCounters {
    return { ...this.counts, alive: this.alive.size };
  }

  /** One agent, alive or recently finished; undefined once it has lingered out. */
  agent(id: string): LiveAgent | FinishedAgent | undefined {
    const alive = this.alive.get(id);
    if (alive !== undefined) return alive.toLive(this.now());
    return this.finished.get(id)?.toFinished();
  }

  snapshot(): LiveSnapshot {
    const at = this.now();
    this.expire(at);
    const agents: LiveAgent[] = [];
    for (const agent of this.alive.values()) agents.push(agent.toLive(at));
    const finished: FinishedAgent[] = [];
    for (const agent of this.finished.values()) finished.push(agent.toFinished());
    return { at, agents, finished, counters: this.counters(), recentEvents: this.recentEvents() };
  }

  private recentEvents(): OrreryEvent[] {
    const events: OrreryEvent[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const event = this.ring[(this.ringNext + i) % this.ring.length];
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  private finish(agent: AgentRecord, outcome: AgentOutcome, error: string | undefined, endedAt: number): void {
    this.counts.done++;
    if (outcome === 'error' || outcome === 'timeout') this.counts.errors++;
    agent.outcome = outcome;
    agent.error = error;
    agent.endedAt = endedAt;
    agent.currentTool = undefined;
    agent.currentToolUseId = undefined;
    agent.openTools = undefined;
    this.alive.delete(agent.id);
    this.finished.set(agent.id, agent);
    this.expire(this.now());
  }

  private applyLate(agent: AgentRecord, event: OrreryEvent): void {
    if (event.ts > agent.lastEventAt) agent.lastEventAt = event.ts;
    if (event.type === 'usage') addUsage(agent, event);
  }

  private expire(now: number): void {
    for (const [id, agent] of this.finished) {
      if (this.finished.size <= this.maxFinished && agent.endedAt + this.lingerMs > now) break;
      this.finished.delete(id);
    }
  }
}

function closeTool(agent: AgentRecord, toolUseId: string): void {
  agent.openTools?.delete(toolUseId);
  if (agent.currentToolUseId !== toolUseId) return;
  agent.currentTool = undefined;
  agent.currentToolUseId = undefined;
  // Fall back to the newest call still running, if the agent had several in flight.
  if (agent.openTools === undefined) return;
  for (const [id, tool] of agent.openTools) {
    agent.currentToolUseId = id;
    agent.currentTool = tool;
  }
}

function addUsage(agent: AgentRecord, event: Extract<OrreryEvent, { type: 'usage' }>): void {
  agent.tokensIn += event.tokens_in;
  agent.tokensOut += event.tokens_out;
  agent.cacheRead += event.cache_read ?? 0;
  agent.cacheWrite += event.cache_write ?? 0;
  agent.costUsd += event.cost_usd ?? 0;
}
