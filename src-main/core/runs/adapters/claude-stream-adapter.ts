// Claude Code's `-p --output-format stream-json --verbose` → Orrery events, a transcript and the
// run's facts. Also the demo agent's, which speaks the same format.
//
// What each line becomes (anything else: a dim line in the transcript, never an error):
//
// | stream-json line                          | events                                                        | transcript                  |
// |-------------------------------------------|---------------------------------------------------------------|-----------------------------|
// | system/init                               | status running (model, session_id) of the main agent          | dim session line            |
// | assistant text block                      | —                                                             | the text                    |
// | assistant thinking block                  | —                                                             | dim, one line               |
// | assistant tool_use block                  | tool_use (input_summary redacted)                             | ▸ Tool  summary             |
// | assistant tool_use Task / Agent           | tool_use; the subagent is spawned when it starts              | ▸ Task  description         |
// | assistant message.usage                   | usage (once per message.id; cost comes with `result`)        | —                           |
// | user tool_result block                    | tool_result (ok = !is_error, duration_ms, error)              | ✓ / ✗ and a few lines       |
// | user text (subagent prompt, notices)      | —                                                             | dim                         |
// | message with parent_tool_use_id           | as above, attributed to that Task's subagent                  | indented                    |
// | system/task_started                       | agent_spawn of the subagent (parent = its caller)             | ◆ name started              |
// | system/task_progress                      | — (its messages carry its tools and usage)                    | —                           |
// | system/task_updated (patch.status final)  | agent_done of the subagent                                    | ◆ name done / failed        |
// | system/task_notification                  | agent_done: completed → success, failed → error, stopped → cancelled | ◆ name done / failed |
// | Task tool_result of a foreground subagent | agent_done of the subagent (a background one ends by notification) | ◆ name done            |
// | system/compact_boundary                   | —                                                             | dim                         |
// | system/api_retry                          | —                                                             | yellow notice               |
// | system/background_tasks_changed           | — (task_started / task_notification say the same per task)    | —                           |
// | system/hook_* , system/status             | — (hooks report through their own events)                     | —                           |
// | stream_event (--include-partial-messages) | — (the complete assistant message follows)                    | —                           |
// | result                                    | usage on the main agent: cost_usd so its cost = total_cost_usd, and the tokens modelUsage counts beyond the messages | ■ outcome · turns · time · $ |
// | a line that is not JSON                   | —                                                             | the line as it is           |
//
// The runs layer emits the main agent's agent_spawn and agent_done; this adapter never ends it.
import type { AgentOutcome } from '../../../../src-shared/events/event-schema';
import { estimateCostUsd, type TokenCounts } from '../../../../src-shared/pricing/model-prices';
import type { AdapterContext, AdapterStep, RunFacts } from './agent-output-adapter';
import { asAmount, asArray, asObject, asString, type JsonObject } from './json-fields';
import { JsonLinesAdapter } from './json-lines-adapter';
import { redactSecrets } from '../../../../src-shared/redaction/redact-secrets.mjs';
import { addTokens, hasTokens, noTokens, tokensBeyond } from './run-events';
import { summariseToolInput } from './tool-input-summary';
import {
  assistantText,
  dimText,
  finalLine,
  notice,
  oneLine,
  subagentEnded,
  subagentStarted,
  toolCall,
  toolResult,
} from './transcript-format';

/** The error text a tool_result event carries: enough to tell what failed. */
const ERROR_MAX_CHARS = 300;
/** The tools that start a subagent: `Task` in stream-json, `Agent` in hooks and newer versions. */
const SUBAGENT_TOOLS = new Set(['Task', 'Agent']);
/** Models Claude Code writes on messages it made up itself (errors, interruptions): no usage. */
const SYNTHETIC_MODEL = '<synthetic>';

interface AgentInfo {
  id: string;
  /** 0 for the main agent, 1 for its subagents, … */
  depth: number;
  /** The model the graph was last told about. */
  model: string | undefined;
}

interface Subagent extends AgentInfo {
  /** The Task call that started it. */
  toolUseId: string;
  parentId: string;
  name: string;
  subagentType: string | undefined;
  spawned: boolean;
  ended: boolean;
  /** A background subagent outlives its Task call's result and ends by notification. */
  background: boolean;
}

export class ClaudeStreamAdapter extends JsonLinesAdapter {
  readonly facts: RunFacts = { tokens: noTokens(), costUsd: 0, costEstimated: true };
  private readonly main: AgentInfo;
  /** By the id of the Task call that started each. */
  private readonly subagents = new Map<string, Subagent>();
  private readonly subagentByTaskId = new Map<string, Subagent>();
  /** Tokens already counted per message.id: a message split over several lines repeats its usage. */
  private readonly countedByMessage = new Map<string, TokenCounts>();
  private cwd: string | undefined;
  /** What the process's messages cost by the price table, for a run killed before its `result`. */
  private estimatedCostUsd = 0;
  private unpriced = false;
  /** What this process's `result` lines reported so far, and so put on the main agent. */
  private reportedCostUsd = 0;
  private readonly reportedTokens: TokenCounts = noTokens();

  constructor(ctx: AdapterContext) {
    super(ctx);
    this.main = { id: ctx.agentId, depth: 0, model: undefined };
  }

  protected handle(message: JsonObject, step: AdapterStep): boolean {
    switch (message.type) {
      case 'system':
        this.system(message, step);
        return true;
      case 'assistant':
        this.assistant(message, step);
        return true;
      case 'user':
        this.user(message, step);
        return true;
      case 'result':
        this.result(message, step);
        return true;
      case 'stream_event':
        return true;
      default:
        return false;
    }
  }

  protected endRun(outcome: AgentOutcome, reason: string | undefined, step: AdapterStep): void {
    for (const subagent of this.subagents.values()) {
      if (subagent.spawned && !subagent.ended) this.endSubagent(subagent, outcome, reason, step);
    }
    if (this.facts.reportedOutcome !== undefined) return;
    // No `result` line (killed, crashed): the price table is all there is.
    const cost = this.unpriced ? undefined : this.estimatedCostUsd;
    if (cost !== undefined && cost > 0) step.events.push(this.events.usage(this.main.id, noTokens(), cost));
    this.facts.costUsd = cost ?? 0;
    this.facts.costEstimated = true;
    step.transcript += finalLine({ outcome, reason, turns: this.facts.turns, costUsd: cost, costEstimated: true });
  }

  private system(message: JsonObject, step: AdapterStep): void {
    switch (message.subtype) {
      case 'init':
        this.init(message, step);
        break;
      case 'task_started':
        this.taskStarted(message, step);
        break;
      case 'task_updated': {
        const status = asString(asObject(message.patch)?.status);
        const subagent = this.subagentOf(message);
        if (subagent !== undefined && status !== undefined && isFinalTaskStatus(status)) this.endSubagent(subagent, taskOutcome(status), undefined, step);
        break;
      }
      case 'task_notification': {
        const subagent = this.subagentOf(message);
        const status = asString(message.status) ?? 'completed';
        if (subagent !== undefined) this.endSubagent(subagent, taskOutcome(status), asString(message.summary), step);
        break;
      }
      case 'task_progress':
      case 'background_tasks_changed':
      case 'status':
      case 'hook_started':
      case 'hook_progress':
      case 'hook_response':
        break;
      case 'compact_boundary':
        step.transcript = dimText('context compacted');
        break;
      case 'api_retry':
        step.transcript = notice('warn', `retrying the model API${retryDetail(message)}`);
        break;
      default:
        step.transcript = dimText(`system/${String(message.subtype ?? '?')}`);
    }
  }

  private init(message: JsonObject, step: AdapterStep): void {
    const sessionId = asString(message.session_id);
    const model = asString(message.model);
    // A process can init again (a background task wakes the main agent): say so only if it is news.
    const news = sessionId !== this.facts.sessionId || model !== this.facts.model;
    this.cwd = asString(message.cwd) ?? this.cwd;
    if (sessionId !== undefined) this.facts.sessionId = sessionId;
    if (model !== undefined) {
      this.facts.model = model;
      this.main.model = model;
    }
    const identity = { ...(model === undefined ? {} : { model }), ...(sessionId === undefined ? {} : { session_id: sessionId }) };
    step.events.push(this.events.status(this.main.id, 'running', identity));
    const version = asString(message.claude_code_version);
    const parts = [sessionId === undefined ? undefined : `session ${sessionId}`, model, version === undefined ? undefined : `claude-code ${version}`];
    if (news) step.transcript = dimText(parts.filter((part) => part !== undefined).join(' · '));
  }

  /** Whose message this is: the main agent's, or the subagent its Task call started. */
  private agentOf(message: JsonObject, step: AdapterStep): AgentInfo {
    const parentToolUseId = asString(message.parent_tool_use_id);
    if (parentToolUseId === undefined) return this.main;
    const subagent = this.subagents.get(parentToolUseId) ?? this.registerSubagent(parentToolUseId, this.main, {});
    if (!subagent.spawned) this.spawnSubagent(subagent, asString(message.agent_id), step);
    return subagent;
  }

  private assistant(message: JsonObject, step: AdapterStep): void {
    const agent = this.agentOf(message, step);
    const body = asObject(message.message);
    if (body === undefined) return;
    for (const block of asArray(body.content)) {
      const content = asObject(block);
      if (content === undefined) continue;
      switch (content.type) {
        case 'text':
          // Claude Code reports a failed API call as a made-up assistant message.
          if (message.is_api_error_message === true) step.transcript += notice('error', asString(content.text) ?? 'API error', agent.depth);
          else step.transcript += assistantText(asString(content.text) ?? '', agent.depth);
          break;
        case 'thinking':
          step.transcript += dimText(`thinking: ${oneLine(asString(content.thinking) ?? '', 160)}`, agent.depth);
          break;
        case 'tool_use':
          this.toolUse(agent, content, step);
          break;
        default:
          step.transcript += dimText(`[${String(content.type)}]`, agent.depth);
      }
    }
    this.usage(agent, body, step);
  }

  private toolUse(agent: AgentInfo, block: JsonObject, step: AdapterStep): void {
    const id = asString(block.id);
    const tool = asString(block.name) ?? 'tool';
    if (id === undefined || id === '') return;
    const summary = summariseToolInput(tool, block.input, this.cwd);
    step.events.push(this.events.toolUse(agent.id, tool, id, summary));
    step.transcript += toolCall(tool, summary, agent.depth);
    if (SUBAGENT_TOOLS.has(tool)) this.registerSubagent(id, agent, asObject(block.input) ?? {});
  }

  /**
   * A message's usage once, however many lines repeat it: each line of one message.id adds only
   * what it reports beyond the lines before it.
   */
  private usage(agent: AgentInfo, body: JsonObject, step: AdapterStep): void {
    const usage = asObject(body.usage);
    const model = asString(body.model);
    if (usage === undefined || model === SYNTHETIC_MODEL) return;
    const reported: TokenCounts = {
      input: asAmount(usage.input_tokens) ?? 0,
      output: asAmount(usage.output_tokens) ?? 0,
      cacheRead: asAmount(usage.cache_read_input_tokens) ?? 0,
      cacheWrite: asAmount(usage.cache_creation_input_tokens) ?? 0,
    };
    const messageId = asString(body.id);
    let increment = reported;
    if (messageId !== undefined) {
      const counted = this.countedByMessage.get(messageId);
      if (counted === undefined) {
        this.countedByMessage.set(messageId, { ...reported });
      } else {
        increment = tokensBeyond(reported, counted);
        addTokens(counted, increment);
      }
    }
    const modelChanged = model !== undefined && model !== agent.model;
    if (!hasTokens(increment) && !modelChanged) return;
    if (modelChanged) agent.model = model;
    addTokens(this.facts.tokens, increment);
    const cost = estimateCostUsd(model ?? agent.model, increment);
    if (cost === undefined) this.unpriced = true;
    else this.estimatedCostUsd += cost;
    if (this.facts.reportedOutcome === undefined) this.facts.costUsd = this.estimatedCostUsd;
    step.events.push(this.events.usage(agent.id, increment, undefined, modelChanged ? { model } : undefined));
  }

  private user(message: JsonObject, step: AdapterStep): void {
    const agent = this.agentOf(message, step);
    const content = asObject(message.message)?.content;
    if (typeof content === 'string') {
      step.transcript += dimText(firstLines(content), agent.depth);
      return;
    }
    for (const block of asArray(content)) {
      const part = asObject(block);
      if (part === undefined) continue;
      if (part.type === 'tool_result') this.toolResult(agent, part, step);
      else if (part.type === 'text') step.transcript += dimText(firstLines(asString(part.text) ?? ''), agent.depth);
    }
  }

  private toolResult(agent: AgentInfo, block: JsonObject, step: AdapterStep): void {
    const id = asString(block.tool_use_id);
    if (id === undefined) return;
    const ok = block.is_error !== true;
    const output = resultText(block.content);
    const event = this.events.toolResult(id, ok, ok ? undefined : oneLine(redactSecrets(output), ERROR_MAX_CHARS) || 'failed');
    if (event !== undefined) step.events.push(event);
    const subagent = this.subagents.get(id);
    // A Task call's result is the subagent's report (shown as its own text) or, for a background
    // one, a page of instructions to the model: its first line says enough.
    step.transcript += toolResult(ok, subagent === undefined ? output : (output.split('\n', 1)[0] ?? ''), agent.depth);
    // A foreground subagent's work is over when its Task call returns; a background one's call
    // returns at once, and it ends with its task_notification.
    if (subagent !== undefined && subagent.spawned && !subagent.background && !subagent.ended) {
      this.endSubagent(subagent, ok ? 'success' : 'error', ok ? undefined : output, step);
    }
  }

  private result(message: JsonObject, step: AdapterStep): void {
    const subtype = asString(message.subtype) ?? 'unknown';
    const resultText = asString(message.result);
    const failed = subtype !== 'success' || message.is_error === true;
    const reason = failed ? failureReason(subtype, message, resultText) : undefined;
    this.facts.reportedOutcome = failed ? { outcome: 'error', subtype, error: reason } : { outcome: 'success', subtype };
    // Each result counts the turns since the one before (a background task's wake-up is a query of its own).
    const turns = asAmount(message.num_turns);
    if (turns !== undefined) this.facts.turns = (this.facts.turns ?? 0) + turns;
    if (resultText !== undefined) this.facts.resultText = resultText;
    if (message.structured_output !== undefined) this.facts.structuredOutput = message.structured_output;
    const sessionId = asString(message.session_id);
    if (sessionId !== undefined) this.facts.sessionId = sessionId;
    const usage = this.resultUsage(message);
    if (usage !== undefined) {
      this.facts.costUsd = this.reportedCostUsd;
      this.facts.costEstimated = false;
      if (hasTokens(usage.correction) || usage.costIncrement > 0) step.events.push(this.events.usage(this.main.id, usage.correction, usage.costIncrement));
    }
    const denials = asArray(message.permission_denials);
    if (denials.length > 0) step.transcript += notice('warn', `${denials.length} tool call${denials.length === 1 ? ' was' : 's were'} denied: ${deniedTools(denials)}`);
    step.transcript += finalLine({
      outcome: failed ? 'error' : 'success',
      reason,
      turns,
      durationMs: asAmount(message.duration_ms),
      costUsd: usage !== undefined ? this.reportedCostUsd : this.unpriced ? undefined : this.estimatedCostUsd,
      costEstimated: usage === undefined,
    });
  }

  /**
   * What a result line adds to the process's reported usage. `model_usage_since_last_result` is
   * exactly that (every model, subagents included); `modelUsage` and `total_cost_usd` are totals
   * for the whole session, so in a resumed process they include the processes before it, and
   * serve only when the CLI gives no increment. The cost goes on the main agent. So do the tokens
   * the assistant lines did not show — their usage is the message's as it started, with an
   * output_tokens of 1 or so — so that the graph's sums equal what the CLI reported.
   */
  private resultUsage(message: JsonObject): { correction: TokenCounts; costIncrement: number } | undefined {
    const sinceLast = asObject(message.model_usage_since_last_result);
    const reported = this.reportedTokens;
    let costIncrement: number;
    if (sinceLast !== undefined) {
      const increment = sumModelUsage(sinceLast);
      addTokens(reported, increment.tokens);
      costIncrement = increment.costUsd;
    } else {
      const total = asAmount(message.total_cost_usd);
      if (total === undefined) return undefined;
      const totals = sumModelUsage(asObject(message.modelUsage) ?? {}).tokens;
      reported.input = Math.max(reported.input, totals.input);
      reported.output = Math.max(reported.output, totals.output);
      reported.cacheRead = Math.max(reported.cacheRead, totals.cacheRead);
      reported.cacheWrite = Math.max(reported.cacheWrite, totals.cacheWrite);
      costIncrement = Math.max(0, total - this.reportedCostUsd);
    }
    this.reportedCostUsd += costIncrement;
    const counted = this.facts.tokens;
    const correction: TokenCounts = tokensBeyond(reported, counted);
    addTokens(counted, correction);
    return { correction, costIncrement };
  }

  private registerSubagent(toolUseId: string, caller: AgentInfo, input: JsonObject): Subagent {
    const existing = this.subagents.get(toolUseId);
    if (existing !== undefined) return existing;
    const subagentType = asString(input.subagent_type);
    const subagent: Subagent = {
      id: `${this.ctx.agentId}/${toolUseId}`,
      depth: caller.depth + 1,
      model: undefined,
      toolUseId,
      parentId: caller.id,
      name: asString(input.description) ?? subagentType ?? 'subagent',
      subagentType,
      spawned: false,
      ended: false,
      background: input.run_in_background === true,
    };
    this.subagents.set(toolUseId, subagent);
    return subagent;
  }

  private taskStarted(message: JsonObject, step: AdapterStep): void {
    const toolUseId = asString(message.tool_use_id);
    const taskId = asString(message.task_id);
    if (toolUseId === undefined && taskId === undefined) return;
    const subagent = this.subagents.get(toolUseId ?? '') ?? this.registerSubagent(toolUseId ?? `task-${taskId}`, this.main, message);
    subagent.subagentType ??= asString(message.subagent_type);
    if (message.is_backgrounded === true) subagent.background = true;
    if (asString(message.description) !== undefined && subagent.name === 'subagent') subagent.name = asString(message.description) ?? subagent.name;
    if (!subagent.spawned) this.spawnSubagent(subagent, taskId, step);
  }

  /** The id is the run's agent id and the task id, so a replayed stream names it the same. */
  private spawnSubagent(subagent: Subagent, taskId: string | undefined, step: AdapterStep): void {
    if (taskId !== undefined) {
      subagent.id = `${this.ctx.agentId}/${taskId}`;
      this.subagentByTaskId.set(taskId, subagent);
    }
    subagent.spawned = true;
    const details = subagent.subagentType === undefined ? undefined : { subagent_type: subagent.subagentType };
    step.events.push(
      this.events.spawn(subagent.id, {
        parent_id: subagent.parentId,
        name: subagent.name,
        ...(this.facts.sessionId === undefined ? {} : { session_id: this.facts.sessionId }),
        ...(details === undefined ? {} : { details }),
      }),
    );
    step.transcript += subagentStarted(subagent.name, subagent.subagentType, subagent.depth);
  }

  private subagentOf(message: JsonObject): Subagent | undefined {
    const taskId = asString(message.task_id);
    const byTask = taskId === undefined ? undefined : this.subagentByTaskId.get(taskId);
    if (byTask !== undefined) return byTask;
    const toolUseId = asString(message.tool_use_id);
    const subagent = toolUseId === undefined ? undefined : this.subagents.get(toolUseId);
    return subagent?.spawned === true ? subagent : undefined;
  }

  private endSubagent(subagent: Subagent, outcome: AgentOutcome, detail: string | undefined, step: AdapterStep): void {
    if (subagent.ended) return;
    subagent.ended = true;
    step.events.push(...this.events.closeOpenTools(`the subagent ended (${outcome}) before the tool returned`, subagent.id));
    const error = outcome === 'success' || detail === undefined ? undefined : oneLine(redactSecrets(detail), ERROR_MAX_CHARS);
    step.events.push(this.events.done(subagent.id, outcome, error));
    step.transcript += subagentEnded(subagent.name, outcome, detail, subagent.depth);
  }
}

/** A result's per-model usage (`modelUsage` or `model_usage_since_last_result`), summed over models. */
function sumModelUsage(models: JsonObject): { tokens: TokenCounts; costUsd: number } {
  const tokens: TokenCounts = noTokens();
  let costUsd = 0;
  for (const value of Object.values(models)) {
    const usage = asObject(value);
    if (usage === undefined) continue;
    tokens.input += asAmount(usage.inputTokens) ?? 0;
    tokens.output += asAmount(usage.outputTokens) ?? 0;
    tokens.cacheRead += asAmount(usage.cacheReadInputTokens) ?? 0;
    tokens.cacheWrite += asAmount(usage.cacheCreationInputTokens) ?? 0;
    costUsd += asAmount(usage.costUSD) ?? 0;
  }
  return { tokens, costUsd };
}

function isFinalTaskStatus(status: string): boolean {
  return status === 'completed' || status === 'failed' || status === 'stopped' || status === 'killed';
}

function taskOutcome(status: string): AgentOutcome {
  if (status === 'completed') return 'success';
  if (status === 'stopped' || status === 'killed') return 'cancelled';
  return 'error';
}

/** What a failed `result` means to a person. */
function failureReason(subtype: string, message: JsonObject, resultText: string | undefined): string {
  // `[ede_diagnostic] …` entries are Claude Code's internal bookkeeping, not a message for anyone.
  const errors = asArray(message.errors).filter((error): error is string => typeof error === 'string' && !error.startsWith('[ede_diagnostic]'));
  const said = errors[0] ?? resultText;
  const terminal = asString(message.terminal_reason);
  switch (subtype) {
    case 'error_max_turns':
      return `stopped at the turn limit (${asAmount(message.num_turns) ?? '?'} turns)`;
    case 'error_max_budget_usd':
      return `stopped at the cost limit ($${(asAmount(message.total_cost_usd) ?? 0).toFixed(4)} spent)`;
    case 'error_during_execution':
      if (said !== undefined && said !== '') return oneLine(redactSecrets(said), ERROR_MAX_CHARS);
      if (terminal === 'aborted_streaming') return 'interrupted while the model was answering';
      if (terminal === 'aborted_tools') return 'interrupted while a tool was running';
      return terminal === undefined ? 'failed while it worked' : `failed while it worked (${terminal})`;
    default:
      return said === undefined || said === '' ? `ended with ${subtype}` : oneLine(redactSecrets(said), ERROR_MAX_CHARS);
  }
}

function retryDetail(message: JsonObject): string {
  const attempt = asAmount(message.attempt);
  const max = asAmount(message.max_retries);
  const error = asString(message.error) ?? asString(asObject(message.error)?.message);
  return `${attempt === undefined ? '' : ` (attempt ${attempt}${max === undefined ? '' : `/${max}`})`}${error === undefined ? '' : `: ${error}`}`;
}

function deniedTools(denials: readonly unknown[]): string {
  const names = new Set(denials.map((denial) => asString(asObject(denial)?.tool_name) ?? '?'));
  return [...names].join(', ');
}

/** A tool result's content: a string, or text blocks (images and others named, not shown). */
function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => {
      const block = asObject(part);
      if (block?.type === 'text') return asString(block.text) ?? '';
      return `[${String(block?.type ?? 'content')}]`;
    })
    .join('\n');
}

/** Prompts and notices are long; three lines say what they are. */
function firstLines(text: string): string {
  const rows = text.split('\n');
  return rows.length <= 3 ? text : `${rows.slice(0, 3).join('\n')}\n…`;
}
