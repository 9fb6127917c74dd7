// One agent folded from its events: the per-agent half of the live state, shared by the core's
// LiveState and the renderer's fleet model so both read the event stream the same way.
// Pure and transport-free: the renderer bundles it, so it must not import Node or Electron.
import { agentActions } from './agent-actions';
import type { AgentActions } from './agent-actions';
import type { AgentOutcome, AgentStatus, OrreryEvent } from './event-schema';

export type AgentDetailValue = string | number | boolean;

export interface LiveAgent extends UsageTotals {
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
  /** Epoch ms of its spawn, or of the first event seen when the journal began mid-run. */
  startedAt: number;
  lastEventAt: number;
  /** Alive but silent for the stale-after time: drawn dimmed, not counted alive (fleet-lifecycle.ts). */
  stale: boolean;
  /** Alive: now − startedAt; finished: endedAt − startedAt. */
  runtimeMs: number;
  /** The Orrery run it belongs to, when Orrery launched it. */
  runId: string | undefined;
  terminalId: string | undefined;
  /** The agent CLI's process, as its hooks reported it. */
  pid: number | undefined;
  pidStart: string | undefined;
  host: string | undefined;
  /** Adapter facts for its card (Paperclip issue, workflow phase, …). */
  details: Record<string, AgentDetailValue>;
  actions: AgentActions;
}

export interface FinishedAgent extends LiveAgent {
  outcome: AgentOutcome;
  error: string | undefined;
  endedAt: number;
}

/** Mutable on purpose: it is updated for every ingested event and must not allocate per event. */
export class AgentRecord {
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
  costEstimated = false;
  /** Event time (epoch ms). */
  startedAt: number;
  lastEventAt: number;
  outcome: AgentOutcome | undefined;
  error: string | undefined;
  /** Event time of its `agent_done`; undefined while it runs. */
  endedAt: number | undefined;
  runId: string | undefined;
  terminalId: string | undefined;
  pid: number | undefined;
  pidStart: string | undefined;
  host: string | undefined;
  details: Record<string, AgentDetailValue> = {};

  constructor(id: string, source: string, ts: number) {
    this.id = id;
    this.source = source;
    this.startedAt = ts;
    this.lastEventAt = ts;
  }

  /** Alive: now − start; finished: its end − start. */
  runtimeMs(now: number): number {
    return Math.max(0, (this.endedAt ?? now) - this.startedAt);
  }

  /** `stale` is the fleet's verdict (isStale), which needs a setting this record does not hold. */
  toLive(now: number, stale = false): LiveAgent {
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
      costEstimated: this.costEstimated,
      startedAt: this.startedAt,
      lastEventAt: this.lastEventAt,
      stale,
      runtimeMs: this.runtimeMs(now),
      runId: this.runId,
      terminalId: this.terminalId,
      pid: this.pid,
      pidStart: this.pidStart,
      host: this.host,
      details: { ...this.details },
      actions: this.actions(),
    };
  }

  actions(): AgentActions {
    return agentActions(this.id, this);
  }

  toFinished(): FinishedAgent {
    const endedAt = this.endedAt ?? 0;
    return { ...this.toLive(endedAt), outcome: this.outcome ?? 'success', error: this.error, endedAt };
  }

  /**
   * The inverse of toLive / toFinished, for a record rebuilt from a snapshot. Of the tools in
   * flight a snapshot names only the newest, so that is the one open here.
   */
  restore(agent: LiveAgent | FinishedAgent): this {
    this.parentId = agent.parentId;
    this.sessionId = agent.sessionId;
    this.source = agent.source;
    this.name = agent.name;
    this.model = agent.model;
    this.status = agent.status;
    this.currentTool = agent.currentTool;
    this.currentToolUseId = agent.currentToolUseId;
    this.toolCalls = agent.toolCalls;
    this.tokensIn = agent.tokensIn;
    this.tokensOut = agent.tokensOut;
    this.cacheRead = agent.cacheRead;
    this.cacheWrite = agent.cacheWrite;
    this.costUsd = agent.costUsd;
    this.costEstimated = agent.costEstimated;
    this.startedAt = agent.startedAt;
    this.lastEventAt = agent.lastEventAt;
    this.runId = agent.runId;
    this.terminalId = agent.terminalId;
    this.pid = agent.pid;
    this.pidStart = agent.pidStart;
    this.host = agent.host;
    this.details = { ...agent.details };
    if (agent.currentTool !== undefined && agent.currentToolUseId !== undefined) {
      this.openTools = new Map([[agent.currentToolUseId, agent.currentTool]]);
    }
    if ('outcome' in agent) {
      this.outcome = agent.outcome;
      this.error = agent.error;
      this.endedAt = agent.endedAt;
    }
    return this;
  }
}

/**
 * Folds one event into a running agent: its identity fields, status, tools (parallel calls by
 * tool_use_id), usage, and on `agent_done` its outcome. Bookkeeping across agents (counters,
 * which map holds it, linger) stays with the caller.
 */
export function applyToAgent(agent: AgentRecord, event: OrreryEvent): void {
  if (event.ts > agent.lastEventAt) agent.lastEventAt = event.ts;
  if (event.parent_id !== undefined) agent.parentId = event.parent_id;
  if (event.session_id !== undefined) agent.sessionId = event.session_id;
  if (event.name !== undefined) agent.name = event.name;
  if (event.model !== undefined) agent.model = event.model;
  if (event.run_id !== undefined) agent.runId = event.run_id;
  if (event.terminal_id !== undefined) agent.terminalId = event.terminal_id;
  if (event.details !== undefined) mergeDetails(agent.details, event.details);
  agent.source = event.source;

  switch (event.type) {
    case 'agent_spawn':
      agent.status = 'running';
      if (event.pid !== undefined) {
        agent.pid = event.pid;
        agent.pidStart = event.pid_start;
        agent.host = event.host;
      }
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
      agent.outcome = event.outcome;
      agent.error = event.error;
      agent.endedAt = event.ts;
      agent.currentTool = undefined;
      agent.currentToolUseId = undefined;
      agent.openTools = undefined;
      break;
  }
}

/** Stragglers after the end (a final usage report, a late log) belong to the run that ended. */
export function applyLateToAgent(agent: AgentRecord, event: OrreryEvent): void {
  if (event.ts > agent.lastEventAt) agent.lastEventAt = event.ts;
  if (event.details !== undefined) mergeDetails(agent.details, event.details);
  if (event.type === 'usage') addUsage(agent, event);
}

function mergeDetails(target: Record<string, AgentDetailValue>, patch: Readonly<Record<string, AgentDetailValue | null>>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else target[key] = value;
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

/** What usage events add up to, for one agent or (LiveCounters) the whole fleet. */
export interface UsageTotals {
  tokensIn: number;
  tokensOut: number;
  cacheRead: number;
  cacheWrite: number;
  costUsd: number;
  /** Some of `costUsd` was computed from tokens and a price table, not reported by the agent. */
  costEstimated: boolean;
}

export function addUsage(totals: UsageTotals, event: Extract<OrreryEvent, { type: 'usage' }>): void {
  totals.tokensIn += event.tokens_in;
  totals.tokensOut += event.tokens_out;
  totals.cacheRead += event.cache_read ?? 0;
  totals.cacheWrite += event.cache_write ?? 0;
  totals.costUsd += event.cost_usd ?? 0;
  if (event.cost_estimated === true && event.cost_usd !== undefined) totals.costEstimated = true;
}
