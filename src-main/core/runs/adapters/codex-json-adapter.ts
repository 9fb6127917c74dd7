// Codex CLI's `codex exec --json` → Orrery events, a transcript and the run's facts.
//
// What each line becomes (anything else: a dim line in the transcript, never an error):
//
// | codex --json line                          | events                                                       | transcript              |
// |--------------------------------------------|--------------------------------------------------------------|-------------------------|
// | thread.started                             | status running (session_id = thread_id, model if known)      | dim thread line         |
// | turn.started                               | —                                                            | —                       |
// | item.started command_execution            | tool_use `Bash` (the command, unwrapped from `bash -lc`)     | ▸ Bash  command         |
// | item.completed command_execution           | tool_result (ok = exit code 0; error = exit code and output) | ✓ / ✗ and a few lines   |
// | item.started / .completed file_change      | tool_use `Edit` + tool_result (ok = status completed)        | ▸ Edit  update a.ts     |
// | item.started / .completed mcp_tool_call    | tool_use `server.tool` + tool_result (error message)         | ▸ server.tool  args     |
// | item.started / .completed web_search       | tool_use `WebSearch` + tool_result                           | ▸ WebSearch  query      |
// | item.completed agent_message               | — (its text is the run's resultText)                         | the text                |
// | item.completed reasoning                   | —                                                            | dim                     |
// | item.* todo_list                           | —                                                            | dim plan (on completion)|
// | item.completed error                       | log warn                                                     | yellow notice           |
// | item.updated                               | —                                                            | —                       |
// | turn.completed                             | usage: the increment over the thread's previous total, cost estimated from the price table | ■ done · turns · time · $ est. |
// | turn.failed                                | — (reportedOutcome error)                                    | ■ failed · message      |
// | error                                      | — (reportedOutcome error unless a turn completes after it)   | red notice              |
// | a line that is not JSON                    | —                                                            | the line as it is       |
//
// Codex reports tokens the OpenAI way: input_tokens include the cached ones. Orrery's tokens_in
// are the uncached input (as Claude reports it), so cached input is moved to cache_read.
import type { AgentOutcome } from '../../../../src-shared/events/event-schema';
import { estimateCostUsd, type TokenCounts } from '../../../../src-shared/pricing/model-prices';
import type { AdapterContext, AdapterStep, RunFacts, RunTokens } from './agent-output-adapter';
import { asAmount, asArray, asObject, asString, type JsonObject } from './json-fields';
import { JsonLinesAdapter } from './json-lines-adapter';
import { redactSecrets } from '../../../../src-shared/redaction/redact-secrets.mjs';
import { addTokens, hasTokens, noTokens, tokensBeyond } from './run-events';
import { summariseText, unwrapShellCommand } from './tool-input-summary';
import { assistantText, dimText, finalLine, notice, oneLine, toolCall, toolResult } from './transcript-format';

const ERROR_MAX_CHARS = 300;

export interface CodexAdapterOptions {
  /**
   * The thread's token totals before this process, as earlier runs of the same thread recorded
   * them: a resumed thread's first turn.completed counts everything since the thread began.
   */
  previousTotals?: RunTokens;
  /** The model the run asked for; Codex does not print it, and the cost estimate needs it. */
  model?: string;
}

interface ToolCall {
  tool: string;
  summary: string;
}

export class CodexJsonAdapter extends JsonLinesAdapter {
  readonly facts: RunFacts = { tokens: noTokens(), costUsd: 0, costEstimated: true };
  private readonly startedAt: number;
  /** The thread's totals as last reported (or as passed in): the next increment's baseline. */
  private threadTotals: TokenCounts;
  private unpriced = false;

  constructor(ctx: AdapterContext, options: CodexAdapterOptions = {}) {
    super(ctx);
    this.startedAt = ctx.now();
    this.threadTotals = { ...(options.previousTotals ?? noTokens()) };
    if (options.model !== undefined) this.facts.model = options.model;
  }

  protected handle(message: JsonObject, step: AdapterStep): boolean {
    switch (message.type) {
      case 'thread.started':
        this.threadStarted(message, step);
        return true;
      case 'turn.started':
      case 'item.updated':
        return true;
      case 'item.started':
        this.itemStarted(asObject(message.item), step);
        return true;
      case 'item.completed':
        this.itemCompleted(asObject(message.item), step);
        return true;
      case 'turn.completed':
        this.turnCompleted(message, step);
        return true;
      case 'turn.failed': {
        const error = asString(asObject(message.error)?.message) ?? 'the turn failed';
        this.failed(error, 'turn.failed');
        step.events.push(...this.events.closeOpenTools(oneLine(redactSecrets(error), ERROR_MAX_CHARS)));
        step.transcript += finalLine({ outcome: 'error', reason: error, turns: this.facts.turns, durationMs: this.elapsed(), ...this.cost() });
        return true;
      }
      case 'error': {
        // Not the end by itself: Codex also reports a retry this way, and a turn may still complete.
        const error = asString(message.message) ?? 'error';
        this.failed(error, 'error');
        step.transcript += notice('error', error);
        return true;
      }
      default:
        return false;
    }
  }

  /** Codex prints no closing line when it is stopped: say how it ended. */
  protected endRun(outcome: AgentOutcome, reason: string | undefined, step: AdapterStep): void {
    if (this.facts.reportedOutcome !== undefined) return;
    step.transcript += finalLine({ outcome, reason, turns: this.facts.turns, durationMs: this.elapsed(), ...this.cost() });
  }

  private threadStarted(message: JsonObject, step: AdapterStep): void {
    const threadId = asString(message.thread_id);
    if (threadId !== undefined) this.facts.sessionId = threadId;
    const model = this.facts.model;
    step.events.push(
      this.events.status(this.ctx.agentId, 'running', {
        ...(threadId === undefined ? {} : { session_id: threadId }),
        ...(model === undefined ? {} : { model }),
      }),
    );
    step.transcript = dimText([threadId === undefined ? undefined : `thread ${threadId}`, model].filter((part) => part !== undefined).join(' · '));
  }

  /** Item ids are `item_N` per process; with the run id they stay unique across resumes. */
  private toolUseId(item: JsonObject): string | undefined {
    const id = asString(item.id);
    return id === undefined || id === '' ? undefined : `${this.ctx.runId}:${id}`;
  }

  private itemStarted(item: JsonObject | undefined, step: AdapterStep): void {
    if (item === undefined) return;
    const call = toolCallOf(item);
    const id = this.toolUseId(item);
    if (call === undefined || id === undefined || this.events.isOpen(id)) return;
    step.events.push(this.events.toolUse(this.ctx.agentId, call.tool, id, call.summary));
    step.transcript += toolCall(call.tool, call.summary);
  }

  private itemCompleted(item: JsonObject | undefined, step: AdapterStep): void {
    if (item === undefined) return;
    switch (item.type) {
      case 'agent_message': {
        const text = asString(item.text) ?? '';
        this.facts.resultText = text;
        step.transcript += assistantText(text);
        return;
      }
      case 'reasoning':
        step.transcript += dimText(asString(item.text) ?? '');
        return;
      case 'todo_list':
        step.transcript += dimText(planText(item));
        return;
      case 'error': {
        const message = asString(item.message) ?? 'error';
        step.events.push(this.events.log(this.ctx.agentId, 'warn', oneLine(redactSecrets(message), ERROR_MAX_CHARS)));
        step.transcript += notice('warn', message);
        return;
      }
    }
    const call = toolCallOf(item);
    const id = this.toolUseId(item);
    if (call === undefined || id === undefined) {
      step.transcript += dimText(`item ${String(item.type ?? '?')}`);
      return;
    }
    // Some items (a file change) are only ever reported complete.
    if (!this.events.isOpen(id)) this.itemStarted(item, step);
    const { ok, output, error } = outcomeOf(item);
    const event = this.events.toolResult(id, ok, ok ? undefined : oneLine(redactSecrets(error), ERROR_MAX_CHARS));
    if (event !== undefined) step.events.push(event);
    step.transcript += toolResult(ok, output);
  }

  private turnCompleted(message: JsonObject, step: AdapterStep): void {
    this.facts.turns = (this.facts.turns ?? 0) + 1;
    this.facts.reportedOutcome = { outcome: 'success', subtype: 'turn.completed' };
    const usage = asObject(message.usage);
    if (usage !== undefined) {
      const totals = threadTokens(usage);
      const increment: TokenCounts = tokensBeyond(totals, this.threadTotals);
      this.threadTotals = totals;
      if (hasTokens(increment)) {
        addTokens(this.facts.tokens, increment);
        const cost = estimateCostUsd(this.facts.model, increment);
        if (cost === undefined) this.unpriced = true;
        else this.facts.costUsd += cost;
        step.events.push(this.events.usage(this.ctx.agentId, increment, cost, undefined, true));
      }
    }
    step.transcript += finalLine({ outcome: 'success', turns: this.facts.turns, durationMs: this.elapsed(), ...this.cost() });
  }

  private failed(error: string, subtype: string): void {
    this.facts.reportedOutcome = { outcome: 'error', subtype, error: oneLine(redactSecrets(error), ERROR_MAX_CHARS) };
  }

  private cost(): { costUsd: number | undefined; costEstimated: true } {
    return { costUsd: this.unpriced ? undefined : this.facts.costUsd, costEstimated: true };
  }

  private elapsed(): number {
    return Math.max(0, this.ctx.now() - this.startedAt);
  }
}

/** The thread's cumulative usage in Orrery's terms (uncached input apart from cached). */
function threadTokens(usage: JsonObject): TokenCounts {
  const input = asAmount(usage.input_tokens) ?? 0;
  const cacheRead = asAmount(usage.cached_input_tokens) ?? 0;
  const cacheWrite = asAmount(usage.cache_write_input_tokens) ?? 0;
  return { input: Math.max(0, input - cacheRead - cacheWrite), output: asAmount(usage.output_tokens) ?? 0, cacheRead, cacheWrite };
}

function toolCallOf(item: JsonObject): ToolCall | undefined {
  switch (item.type) {
    case 'command_execution':
      return { tool: 'Bash', summary: summariseText(unwrapShellCommand(asString(item.command) ?? '')) };
    case 'file_change':
      return { tool: 'Edit', summary: summariseText(changesText(item)) };
    case 'mcp_tool_call': {
      const server = asString(item.server) ?? 'mcp';
      const tool = asString(item.tool) ?? 'tool';
      const args = item.arguments === undefined ? '' : JSON.stringify(item.arguments);
      return { tool: `${server}.${tool}`, summary: summariseText(args) };
    }
    case 'web_search':
      return { tool: 'WebSearch', summary: summariseText(asString(item.query) ?? '') };
    default:
      return undefined;
  }
}

/** `update src/a.ts, add src/b.ts` */
function changesText(item: JsonObject): string {
  return asArray(item.changes)
    .map((change) => {
      const entry = asObject(change);
      return `${asString(entry?.kind) ?? 'change'} ${asString(entry?.path) ?? '?'}`;
    })
    .join(', ');
}

function outcomeOf(item: JsonObject): { ok: boolean; output: string; error: string } {
  const status = asString(item.status);
  switch (item.type) {
    case 'command_execution': {
      const exitCode = typeof item.exit_code === 'number' ? item.exit_code : undefined;
      const output = asString(item.aggregated_output) ?? '';
      const ok = exitCode === 0 && status !== 'failed' && status !== 'declined';
      const head = exitCode === undefined ? `status ${status ?? 'unknown'}` : `exit code ${exitCode}`;
      return { ok, output, error: output.trim() === '' ? head : `${head}: ${output}` };
    }
    case 'mcp_tool_call': {
      const error = asString(asObject(item.error)?.message);
      const ok = status === 'completed' && error === undefined;
      const output = ok ? mcpResultText(item.result) : (error ?? `status ${status ?? 'unknown'}`);
      return { ok, output, error: output };
    }
    default: {
      const ok = status === undefined || status === 'completed';
      const output = item.type === 'file_change' ? changesText(item) : '';
      return { ok, output, error: `status ${status ?? 'unknown'}` };
    }
  }
}

function mcpResultText(result: unknown): string {
  const content = asArray(asObject(result)?.content);
  return content.map((part) => asString(asObject(part)?.text) ?? '').join('\n');
}

function planText(item: JsonObject): string {
  return asArray(item.items)
    .map((entry) => {
      const todo = asObject(entry);
      return `${todo?.completed === true ? '☑' : '☐'} ${asString(todo?.text) ?? ''}`;
    })
    .join('\n');
}
