import type { AgentOutcome, AgentStatus, OrreryEvent } from '../../../src-main/core/events/event-schema';
import type { FinishedAgent, LiveAgent } from '../../../src-main/core/events/live-state';

/**
 * One agent as the renderer holds it: the live-state fields plus the local-clock moments the
 * graph animates from. Mutable on purpose — thousands of events a second update it in place.
 */
export class FleetAgent {
  readonly id: string;
  parentId: string | undefined;
  sessionId: string | undefined;
  source: string;
  name: string | undefined;
  model: string | undefined;
  status: AgentStatus = 'running';
  currentTool: string | undefined;
  currentToolUseId: string | undefined;
  /** tool_use_id → tool; agents may run tools in parallel. Created on first use. */
  openTools: Map<string, string> | undefined;
  toolCalls = 0;
  tokensIn = 0;
  tokensOut = 0;
  cacheRead = 0;
  cacheWrite = 0;
  costUsd = 0;
  /** Event time (epoch ms). */
  startedAt: number;
  lastEventAt: number;
  outcome: AgentOutcome | undefined;
  error: string | undefined;
  endedAt: number | undefined;

  /** Local time it appeared here, for the fade-in; event times may be far in the past. */
  seenAt: number;
  /** Local time of its latest tool call, for the pulse. */
  pulseAt = Number.NEGATIVE_INFINITY;
  /** Local time its end was seen: the flash starts then and the linger counts from it. */
  finishedAt: number | undefined;
  /** Bumped on every change, so views can reuse what they built for an unchanged agent. */
  rev = 0;
  /** Bumped only when what the graph draws at rest changes (name, model, status, outcome). */
  lookRev = 0;

  constructor(id: string, source: string, ts: number, seenAt: number) {
    this.id = id;
    this.source = source;
    this.startedAt = ts;
    this.lastEventAt = ts;
    this.seenAt = seenAt;
  }

  static fromSnapshot(agent: LiveAgent | FinishedAgent, seenAt: number): FleetAgent {
    const record = new FleetAgent(agent.id, agent.source, agent.startedAt, seenAt);
    record.parentId = agent.parentId;
    record.sessionId = agent.sessionId;
    record.name = agent.name;
    record.model = agent.model;
    record.status = agent.status;
    record.currentTool = agent.currentTool;
    record.currentToolUseId = agent.currentToolUseId;
    if (agent.currentTool !== undefined && agent.currentToolUseId !== undefined) {
      record.openTools = new Map([[agent.currentToolUseId, agent.currentTool]]);
    }
    record.toolCalls = agent.toolCalls;
    record.tokensIn = agent.tokensIn;
    record.tokensOut = agent.tokensOut;
    record.cacheRead = agent.cacheRead;
    record.cacheWrite = agent.cacheWrite;
    record.costUsd = agent.costUsd;
    record.lastEventAt = agent.lastEventAt;
    if ('outcome' in agent) {
      record.outcome = agent.outcome;
      record.error = agent.error;
      record.endedAt = agent.endedAt;
    }
    return record;
  }

  get finished(): boolean {
    return this.finishedAt !== undefined;
  }

  /** Alive: now − start; finished: its end − start. */
  runtimeMs(now: number): number {
    return Math.max(0, (this.endedAt ?? now) - this.startedAt);
  }

  /** Folds one event into a running agent. Returns true when its parent changed (a new edge). */
  apply(event: OrreryEvent, now: number): boolean {
    this.rev++;
    const { name, model, status } = this;
    if (event.ts > this.lastEventAt) this.lastEventAt = event.ts;
    const parentChanged = event.parent_id !== undefined && event.parent_id !== this.parentId;
    if (event.parent_id !== undefined) this.parentId = event.parent_id;
    if (event.session_id !== undefined) this.sessionId = event.session_id;
    if (event.name !== undefined) this.name = event.name;
    if (event.model !== undefined) this.model = event.model;
    this.source = event.source;
    this.applyType(event, now);
    if (this.name !== name || this.model !== model || this.status !== status || event.type === 'agent_done') this.lookRev++;
    return parentChanged;
  }

  private applyType(event: OrreryEvent, now: number): void {
    switch (event.type) {
      case 'agent_spawn':
        this.status = 'running';
        break;
      case 'tool_use':
        this.toolCalls++;
        this.status = 'running';
        (this.openTools ??= new Map()).set(event.tool_use_id, event.tool);
        this.currentTool = event.tool;
        this.currentToolUseId = event.tool_use_id;
        this.pulseAt = now;
        break;
      case 'tool_result':
        this.closeTool(event.tool_use_id);
        break;
      case 'usage':
        this.addUsage(event);
        break;
      case 'status':
        this.status = event.status;
        break;
      case 'log':
        break;
      case 'agent_done':
        this.outcome = event.outcome;
        this.error = event.error;
        this.endedAt = event.ts;
        this.finishedAt = now;
        this.currentTool = undefined;
        this.currentToolUseId = undefined;
        this.openTools = undefined;
        break;
    }
  }

  /** Stragglers after the end (a last usage report, a late log) belong to the run that ended. */
  applyLate(event: OrreryEvent): void {
    this.rev++;
    if (event.ts > this.lastEventAt) this.lastEventAt = event.ts;
    if (event.type === 'usage') this.addUsage(event);
  }

  private closeTool(toolUseId: string): void {
    this.openTools?.delete(toolUseId);
    if (this.currentToolUseId !== toolUseId) return;
    this.currentTool = undefined;
    this.currentToolUseId = undefined;
    if (this.openTools === undefined) return;
    // Fall back to the newest call still running.
    for (const [id, tool] of this.openTools) {
      this.currentToolUseId = id;
      this.currentTool = tool;
    }
  }

  private addUsage(event: Extract<OrreryEvent, { type: 'usage' }>): void {
    this.tokensIn += event.tokens_in;
    this.tokensOut += event.tokens_out;
    this.cacheRead += event.cache_read ?? 0;
    this.cacheWrite += event.cache_write ?? 0;
    this.costUsd += event.cost_usd ?? 0;
  }
}
