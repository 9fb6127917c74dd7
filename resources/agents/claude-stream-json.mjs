// @ts-check
/**
 * The lines Claude Code 2.1.332 prints with `-p --output-format stream-json --verbose`, built with
 * the same field names, nesting and key order as the real CLI's (recorded against a scripted model
 * server; see test/fixtures/agent-clis/). The demo agent builds every line it prints here, so a
 * parser written for the real CLI reads the demo unchanged.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export const CLAUDE_CODE_VERSION = '2.1.332';

/** What the real CLI lists in `init` (with `StructuredOutput` added when `--json-schema` is given). */
const TOOLS = ['Task', 'Bash', 'CronCreate', 'CronDelete', 'CronList', 'Edit', 'EnterWorktree', 'ExitWorktree', 'Glob', 'Grep', 'ListAgents', 'Monitor', 'NotebookEdit', 'Read', 'ReportFindings', 'ScheduleWakeup', 'SendMessage', 'Skill', 'TaskStop', 'ToolSearch', 'WebFetch', 'WebSearch', 'Workflow', 'Write'];
const SKILLS = ['deep-research', 'dataviz', 'update-config', 'verify', 'debug', 'code-review', 'simplify', 'batch', 'fewer-permission-prompts', 'doctor', 'loop', 'claude-api', 'workflow-authoring', 'run', 'run-skill-generator', 'plugin-authoring'];
const SLASH_COMMANDS = [...SKILLS, 'agents', 'clear', 'compact', 'config', 'context', 'effort', 'init', 'mcp', 'model', 'rename', 'security-review', 'usage'];
const AGENTS = ['claude', 'Explore', 'general-purpose', 'Plan', 'statusline-setup'];
const PLUGINS = ['cc-plugin-agents-md', 'cc-plugin-privacy', 'cc-plugin-plugin-authoring'].map((name) => ({ name, path: 'builtin', source: `${name}@builtin` }));

/**
 * @typedef {import('./claude-models.mjs').ClaudeModel} ClaudeModel
 * @typedef {import('./claude-models.mjs').TokenUsage} TokenUsage
 * @typedef {Record<string, unknown>} Line one stream-json object
 * @typedef {{ sessionId: string, cwd: string, model: ClaudeModel, permissionMode: string, memoryDir: string, withStructuredOutput: boolean }} InitFacts
 * @typedef {{ agentId: string, toolUseId: string, subagentType: string, description: string }} SubagentRef who a subagent's lines belong to
 * @typedef {{ type: 'text', text: string } | { type: 'tool_use', id: string, name: string, input: Record<string, unknown> }} ContentBlock
 * @typedef {{ tool_use_id: string, content: string | Array<{ type: 'text', text: string }>, is_error?: boolean }} ToolResult
 * @typedef {{ id: string, usage: TokenUsage }} ModelMessage one model response, shared by the lines of its content blocks
 * @typedef {{ model: ClaudeModel, usage: TokenUsage, costUsd: number }} ModelTally tokens and cost spent on one model
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** @param {string} prefix @param {number} length */
function apiId(prefix, length) {
  return prefix + Array.from(randomBytes(length), (byte) => BASE62[byte % 62]).join('');
}

/** A model message id in the Messages API's form (`msg_01…`). */
export const newMessageId = () => apiId('msg_01', 22);
/** A tool call id in the Messages API's form (`toolu_01…`). */
export const newToolUseId = () => apiId('toolu_01', 22);
/** A background agent's task id, as the real CLI makes them (`a` + 16 hex). */
export const newAgentTaskId = () => `a${randomBytes(8).toString('hex')}`;
/** A long Bash command's task id (`b` + 8 base-36 characters). */
export const newBashTaskId = () => `b${Array.from(randomBytes(8), (byte) => (byte % 36).toString(36)).join('')}`;
/** The per-process run id that tags every task event. */
export const newRunId = () => `0${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

/** @param {InitFacts} facts @returns {Line} */
export function initLine(facts) {
  const tools = facts.withStructuredOutput ? [...TOOLS.slice(0, 18), 'StructuredOutput', ...TOOLS.slice(18)] : TOOLS;
  return {
    type: 'system',
    subtype: 'init',
    cwd: facts.cwd,
    session_id: facts.sessionId,
    tools,
    mcp_servers: [],
    model: facts.model.id,
    permissionMode: facts.permissionMode,
    slash_commands: SLASH_COMMANDS,
    terminal_slash_commands: ['doctor', 'color', 'focus', 'reload-plugins'],
    apiKeySource: 'none',
    claude_code_version: CLAUDE_CODE_VERSION,
    output_style: 'default',
    agents: AGENTS,
    skills: SKILLS,
    plugins: PLUGINS,
    capabilities: ['interrupt_receipt_v1', 'msg_lifecycle_v1'],
    analytics_disabled: true,
    product_feedback_disabled: true,
    served_by_anthropic: false,
    uuid: randomUUID(),
    sandbox_enabled: false,
    memory_paths: { auto: facts.memoryDir },
    original_cwd: facts.cwd,
    additional_directories: [],
    messaging_socket_path: '',
    fast_mode_state: 'off',
    fast_mode_disabled_reason: 'sdk_opt_in_required',
    per_turn_effort_active: true,
    ultrathink_available: false,
    ultrathink_typed_raises: false,
    view_mode: 'default',
  };
}

/**
 * One content block of a model response. The real CLI prints each block as its own `assistant`
 * line when the block ends, all with the message's id and the usage known at `message_start`
 * (so `output_tokens` there is the API's first tiny count, not the message's total).
 * @param {string} sessionId
 * @param {ClaudeModel} model
 * @param {ModelMessage} message
 * @param {ContentBlock} block
 * @param {SubagentRef | null} subagent
 * @param {{ aborted?: boolean }} [options]
 * @returns {Line}
 */
export function assistantLine(sessionId, model, message, block, subagent, options = {}) {
  const { usage } = message;
  return {
    type: 'assistant',
    message: {
      id: message.id,
      type: 'message',
      role: 'assistant',
      model: model.id,
      content: [block],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: usage.input_tokens,
        output_tokens: 1,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
      },
      context_management: null,
    },
    ...lineTail(sessionId, subagent, true),
    ...subagentTail(subagent),
    ...(options.aborted ? { aborted: true } : {}),
  };
}

/**
 * @param {string} sessionId
 * @param {SubagentRef | null} subagent
 * @param {boolean} timestamped
 */
function lineTail(sessionId, subagent, timestamped) {
  /** @type {Line} */
  const tail = { parent_tool_use_id: subagent?.toolUseId ?? null };
  if (subagent) tail.agent_id = subagent.agentId;
  tail.session_id = sessionId;
  tail.uuid = randomUUID();
  if (timestamped) tail.timestamp = new Date().toISOString();
  return tail;
}

/** @param {SubagentRef | null} subagent */
function subagentTail(subagent) {
  return subagent ? { subagent_type: subagent.subagentType, task_description: subagent.description } : {};
}

/** How the real CLI records that an allowed tool ran (`--allowedTools` / accepted permission rules). */
/** @param {string} toolUseId */
function toolResultMeta(toolUseId) {
  return [{ id: toolUseId, permission_decision: { decision: 'accept', source: 'config', reason_type: 'rule' } }];
}

/**
 * A tool's result, as the `user` line that feeds it back to the model. `toolUseResult` is the
 * tool's structured output (`tool_use_result`); the real CLI leaves it out in subagents' lines.
 * @param {string} sessionId
 * @param {ToolResult} result
 * @param {unknown} toolUseResult
 * @param {SubagentRef | null} subagent
 * @returns {Line}
 */
export function toolResultLine(sessionId, result, toolUseResult, subagent) {
  const block = result.is_error
    ? { type: 'tool_result', content: result.content, is_error: true, tool_use_id: result.tool_use_id }
    : { tool_use_id: result.tool_use_id, type: 'tool_result', content: result.content, ...(result.is_error === false ? { is_error: false } : {}) };
  return {
    type: 'user',
    message: { role: 'user', content: [block] },
    ...lineTail(sessionId, subagent, true),
    ...(subagent ? {} : { tool_use_result: toolUseResult }),
    tool_result_meta: toolResultMeta(result.tool_use_id),
    ...subagentTail(subagent),
  };
}

/**
 * A plain text `user` line, such as the CLI's "[Request interrupted by user]" marker.
 * @param {string} sessionId
 * @param {string} text
 * @param {SubagentRef | null} subagent
 * @returns {Line}
 */
export function userTextLine(sessionId, text, subagent) {
  return { type: 'user', message: { role: 'user', content: [{ type: 'text', text }] }, ...lineTail(sessionId, subagent, true), ...subagentTail(subagent) };
}

/**
 * A `system` line with the session id and uuid last, as the real CLI writes them.
 * @param {string} sessionId
 * @param {string} subtype
 * @param {Record<string, unknown>} fields
 * @returns {Line}
 */
export function systemLine(sessionId, subtype, fields) {
  return { type: 'system', subtype, ...fields, uuid: randomUUID(), session_id: sessionId };
}

/** @param {ModelTally[]} tallies @returns {Record<string, unknown>} */
function modelUsageField(tallies) {
  /** @type {Record<string, unknown>} */
  const field = {};
  for (const { model, usage, costUsd } of tallies) {
    field[model.id] = {
      inputTokens: usage.input_tokens,
      outputTokens: usage.output_tokens,
      cacheReadInputTokens: usage.cache_read_input_tokens,
      cacheCreationInputTokens: usage.cache_creation_input_tokens,
      webSearchRequests: 0,
      costUSD: costUsd,
      contextWindow: model.contextWindow,
      maxOutputTokens: model.maxOutputTokens,
      thinkingTokens: 0,
      cacheCreationEphemeral5mInputTokens: 0,
      cacheCreationEphemeral1hInputTokens: 0,
      canonicalModel: model.id,
      provider: 'firstParty',
      costBasis: 'list',
    };
  }
  return field;
}

/** @param {TokenUsage} usage */
function resultUsageField(usage) {
  return {
    input_tokens: usage.input_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    output_tokens: usage.output_tokens,
    output_tokens_details: { thinking_tokens: 0 },
    server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
    service_tier: 'standard',
    cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
    inference_geo: '',
    iterations: [],
    speed: 'standard',
    fallback_credit: null,
  };
}

/**
 * @typedef {{ spawned: number, completed: number, failed: number, killed: number, byType: Record<string, number> }} SubagentCounts
 * @typedef {{
 *   sessionId: string,
 *   subtype: 'success' | 'error_during_execution' | 'error_max_turns' | 'error_max_budget_usd' | 'error_max_structured_output_retries',
 *   stopReason: string | null,
 *   terminalReason: string,
 *   numTurns: number,
 *   durationMs: number,
 *   durationApiMs: number,
 *   ttftMs: number,
 *   usage: TokenUsage,
 *   sessionTallies: ModelTally[],
 *   runTallies: ModelTally[],
 *   subagents: SubagentCounts,
 *   result?: string,
 *   structuredOutput?: unknown,
 *   errors?: string[],
 * }} ResultFacts `sessionTallies` cover the whole session (earlier runs too), `runTallies` this run; `usage` is the main agent's
 */

/** @param {SubagentCounts} counts */
function subagentStatsField(counts) {
  return {
    spawned: counts.spawned,
    requested: { background: 0, foreground: 0, unset: counts.spawned },
    started_in_background: counts.spawned,
    max_depth: counts.spawned > 0 ? 1 : 0,
    spawned_by_subagents: 0,
    completed: counts.completed,
    failed: counts.failed,
    killed: { parent: 0, user: 0, system: counts.killed },
    refused: { depth_limit: 0, concurrency_limit: 0, budget: 0 },
    by_type: counts.byType,
  };
}

/**
 * The run's `result` line. As in the real CLI, `total_cost_usd` and `modelUsage` add up the whole
 * session (a resumed session keeps counting), while `usage` and `num_turns` are this run's.
 * @param {ResultFacts} facts
 * @returns {Line}
 */
export function resultLine(facts) {
  const isError = facts.subtype !== 'success';
  const sessionCost = facts.sessionTallies.reduce((sum, tally) => sum + tally.costUsd, 0);
  /** @type {Line} */
  const line = {
    duration_api_ms: facts.durationApiMs,
    stop_reason: facts.stopReason,
    session_id: facts.sessionId,
    total_cost_usd: sessionCost,
    usage: resultUsageField(facts.usage),
    modelUsage: modelUsageField(facts.sessionTallies),
    permission_denials: [],
    terminal_reason: facts.terminalReason,
    fast_mode_state: 'off',
    fast_mode_disabled_reason: 'sdk_opt_in_required',
    subagent_stats: subagentStatsField(facts.subagents),
    safety_stops: 0,
    is_error: isError,
    num_turns: facts.numTurns,
    subtype: facts.subtype,
  };
  if (isError) {
    line.errors = facts.errors ?? [];
    Object.assign(line, { type: 'result', duration_ms: facts.durationMs, uuid: randomUUID() });
  } else {
    line.api_error_status = null;
    line.result = facts.result ?? '';
    if (facts.structuredOutput !== undefined) line.structured_output = facts.structuredOutput;
    const ttft = facts.ttftMs;
    Object.assign(line, { ttft_ms: ttft, type: 'result', duration_ms: facts.durationMs, uuid: randomUUID(), ttft_stream_ms: ttft, time_to_request_ms: Math.max(0, ttft - 10), first_content_frame_ms: ttft });
  }
  return { ...line, queued_turn_count: 0, result_index: 0, model_usage_since_last_result: modelUsageField(facts.runTallies) };
}

/**
 * The lone `result` the real CLI prints when a run fails before it starts (an unknown `--resume` id).
 * @param {string} sessionId
 * @param {string} error
 * @returns {Line}
 */
export function startupErrorResultLine(sessionId, error) {
  const none = { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  return {
    type: 'result',
    subtype: 'error_during_execution',
    duration_ms: 0,
    duration_api_ms: 0,
    is_error: true,
    num_turns: 0,
    stop_reason: null,
    session_id: sessionId,
    total_cost_usd: 0,
    usage: resultUsageField(none),
    modelUsage: {},
    permission_denials: [],
    uuid: randomUUID(),
    errors: [error],
    result_index: 0,
  };
}
