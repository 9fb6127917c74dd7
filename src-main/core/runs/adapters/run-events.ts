// The events every adapter writes, with the fields each of them must carry (run, terminal,
// source, time), and the tool calls still open, so a duration can be measured and a run that
// dies mid-call can close them.
import type { AgentOutcome, AgentStatus, OrreryEventInput } from '../../../../src-shared/events/event-schema';
import type { TokenCounts } from '../../../../src-shared/pricing/model-prices';
import type { AdapterContext } from './agent-output-adapter';

type EventDetails = Record<string, string | number | boolean | null>;

interface Identity {
  name?: string;
  model?: string;
  session_id?: string;
  parent_id?: string;
  details?: EventDetails;
}

interface OpenTool {
  agentId: string;
  tool: string;
  startedAt: number;
}

export class RunEvents {
  private readonly ctx: AdapterContext;
  /** tool_use_id → the call, until its result. Insertion order is start order. */
  private readonly open = new Map<string, OpenTool>();

  constructor(ctx: AdapterContext) {
    this.ctx = ctx;
  }

  private common(agentId: string, identity: Identity | undefined) {
    const common = { v: 1 as const, ts: this.ctx.now(), agent_id: agentId, source: this.ctx.source, run_id: this.ctx.runId, ...identity };
    return this.ctx.terminalId === undefined ? common : { ...common, terminal_id: this.ctx.terminalId };
  }

  spawn(agentId: string, identity: Identity): OrreryEventInput {
    return { ...this.common(agentId, identity), type: 'agent_spawn' };
  }

  done(agentId: string, outcome: AgentOutcome, error?: string): OrreryEventInput {
    return error === undefined ? { ...this.common(agentId, undefined), type: 'agent_done', outcome } : { ...this.common(agentId, undefined), type: 'agent_done', outcome, error };
  }

  status(agentId: string, status: AgentStatus, identity?: Identity): OrreryEventInput {
    return { ...this.common(agentId, identity), type: 'status', status };
  }

  log(agentId: string, level: 'debug' | 'info' | 'warn' | 'error', message: string): OrreryEventInput {
    return { ...this.common(agentId, undefined), type: 'log', level, message };
  }

  /** `estimated`: the cost comes from the price table, not from the CLI. */
  usage(agentId: string, tokens: TokenCounts, costUsd?: number, identity?: Identity, estimated = false): OrreryEventInput {
    const event = {
      ...this.common(agentId, identity),
      type: 'usage' as const,
      tokens_in: tokens.input,
      tokens_out: tokens.output,
      cache_read: tokens.cacheRead,
      cache_write: tokens.cacheWrite,
    };
    if (costUsd === undefined) return event;
    return estimated ? { ...event, cost_usd: costUsd, cost_estimated: true } : { ...event, cost_usd: costUsd };
  }

  toolUse(agentId: string, tool: string, toolUseId: string, inputSummary: string): OrreryEventInput {
    this.open.set(toolUseId, { agentId, tool, startedAt: this.ctx.now() });
    const event = { ...this.common(agentId, undefined), type: 'tool_use' as const, tool, tool_use_id: toolUseId };
    return inputSummary === '' ? event : { ...event, input_summary: inputSummary };
  }

  isOpen(toolUseId: string): boolean {
    return this.open.has(toolUseId);
  }

  /** The result of a call this adapter saw start; undefined for one it did not (nothing to close). */
  toolResult(toolUseId: string, ok: boolean, error?: string): OrreryEventInput | undefined {
    const call = this.open.get(toolUseId);
    if (call === undefined) return undefined;
    this.open.delete(toolUseId);
    const event = {
      ...this.common(call.agentId, undefined),
      type: 'tool_result' as const,
      tool_use_id: toolUseId,
      ok,
      duration_ms: Math.max(0, this.ctx.now() - call.startedAt),
    };
    return error === undefined || error === '' ? event : { ...event, error };
  }

  /** Results for every call still open (of one agent, or of all), failed with `error`. */
  closeOpenTools(error: string, agentId?: string): OrreryEventInput[] {
    const closed: OrreryEventInput[] = [];
    for (const [toolUseId, call] of [...this.open]) {
      if (agentId !== undefined && call.agentId !== agentId) continue;
      const event = this.toolResult(toolUseId, false, error);
      if (event !== undefined) closed.push(event);
    }
    return closed;
  }
}

export function noTokens(): TokenCounts {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
}

export function addTokens(target: TokenCounts, add: TokenCounts): void {
  target.input += add.input;
  target.output += add.output;
  target.cacheRead += add.cacheRead;
  target.cacheWrite += add.cacheWrite;
}

export function hasTokens(tokens: TokenCounts): boolean {
  return tokens.input + tokens.output + tokens.cacheRead + tokens.cacheWrite > 0;
}

/** What `reported` counts beyond `counted`, field by field; never negative. */
export function tokensBeyond(reported: TokenCounts, counted: TokenCounts): TokenCounts {
  return {
    input: Math.max(0, reported.input - counted.input),
    output: Math.max(0, reported.output - counted.output),
    cacheRead: Math.max(0, reported.cacheRead - counted.cacheRead),
    cacheWrite: Math.max(0, reported.cacheWrite - counted.cacheWrite),
  };
}
