// @ts-check
/**
 * Maps one Claude Code hook payload to Orrery events (schema v1, docs/events.md). Pure: what the
 * payload cannot say (the model, the process, whether a turn was under way) comes in as facts
 * that claude-hook-run.mjs gathers from the transcript and the hook's session state.
 *
 * Payload fields relied on (https://code.claude.com/docs/en/hooks, "hook input"; seen on 2.1.332,
 * test/fixtures/agent-clis/claude-hooks-*.jsonl):
 * - every event: `hook_event_name`, `session_id`, `cwd`, `transcript_path`; inside a subagent also
 *   `agent_id` and `agent_type` (absent in the main conversation).
 * - SessionStart: `source` (startup|resume|clear|compact), `model` (documented, absent in 2.1.332).
 * - PreToolUse: `tool_name`, `tool_input`, `tool_use_id`.
 * - PostToolUse: `tool_use_id`, `duration_ms` (`tool_response` is ignored: it can be a whole file).
 * - PostToolUseFailure: `tool_use_id`, `error`, `is_interrupt`, `duration_ms`.
 * - SubagentStart / SubagentStop: `agent_id`, `agent_type`; SubagentStop `agent_transcript_path`.
 * - Stop: `background_tasks` (subagents still running).
 * - SessionEnd: `reason` (clear|resume|logout|prompt_input_exit|other).
 * - Notification: `message`, `notification_type` (permission_prompt, idle_prompt, …).
 * Anything missing or of the wrong type yields no event rather than an invalid one.
 */
import { basename } from 'node:path';
import { redactSecrets } from '../../src-shared/redaction/redact-secrets.mjs';

export const SOURCE = 'claude-code';

/** Hook events Orrery listens to; `orrery hooks install` registers exactly these. */
export const HOOK_EVENTS = /** @type {const} */ ([
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'SubagentStart',
  'SubagentStop',
  'Notification',
  'Stop',
  'SessionEnd',
]);

/** Short enough for a graph tooltip and a table cell; the transcript has the rest. */
const MAX_SUMMARY = 160;
const MAX_MESSAGE = 500;
/** Serialising a huge tool input only to cut it to 160 characters would waste the hook's budget. */
const MAX_SERIALISED_INPUT = 4096;

/** Background task states that mean the task is over (a finished subagent may linger in the list). */
const FINISHED_TASK_STATES = new Set(['completed', 'failed', 'stopped', 'killed', 'cancelled', 'error']);

/**
 * @typedef {Record<string, unknown>} Payload
 * @typedef {Record<string, unknown> & { v: 1, ts: number, type: string, agent_id: string, source: string }} HookEvent
 * @typedef {{ v: 1, ts: number, agent_id: string, session_id: string, source: string, parent_id?: string, name?: string }} EventBase
 * @typedef {import('./agent-process.mjs').AgentProcess} AgentProcess
 * @typedef {import('./transcript-usage.mjs').UsageIncrement} UsageIncrement
 */

/**
 * What a payload cannot say about itself, gathered by claude-hook-run.mjs.
 * @typedef {object} HookFacts
 * @property {string} [model] SessionStart without a `model`: the newest one in the transcript.
 * @property {AgentProcess} [process] SessionStart: the Claude Code process.
 * @property {boolean} [endedDuringTurn] SessionEnd: a prompt or tool call came after the last finished turn.
 * @property {boolean} [wasWaiting] The acting agent had been waiting for a person (a Notification) until now.
 */

/**
 * @param {unknown} value
 * @returns {string | undefined}
 */
function text(value) {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * @param {string} value
 * @param {number} max
 */
function truncate(value, max) {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * Paths inside the session's directory are shown relative to it: shorter, and the directory is
 * already the agent's name.
 * @param {string} path
 * @param {string | undefined} cwd
 */
function relativePath(path, cwd) {
  return cwd !== undefined && path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}

/**
 * The part of a tool's input a person recognises the call by, e.g. the command of a Bash call
 * or the file of an Edit. Secrets are redacted before truncation, so a cut can never expose
 * half a token that the full pattern would have caught.
 * @param {unknown} input
 * @param {string | undefined} cwd
 * @returns {string | undefined}
 */
export function summariseToolInput(input, cwd) {
  if (input === null || typeof input !== 'object') return undefined;
  const summary = describeInput(/** @type {Payload} */ (input), cwd);
  return summary === undefined ? undefined : truncate(redactSecrets(summary), MAX_SUMMARY);
}

/**
 * Field names are those of Claude Code's built-in tools' inputs.
 * @param {Payload} fields
 * @param {string | undefined} cwd
 * @returns {string | undefined}
 */
function describeInput(fields, cwd) {
  // Read, Write, Edit, MultiEdit, NotebookEdit
  const file = text(fields.file_path) ?? text(fields.notebook_path);
  if (file !== undefined) return relativePath(file, cwd);
  // Bash
  const command = text(fields.command);
  if (command !== undefined) return command;
  // Grep, Glob
  const pattern = text(fields.pattern);
  const path = text(fields.path);
  if (pattern !== undefined) return path === undefined ? pattern : `${pattern} in ${relativePath(path, cwd)}`;
  // WebFetch, WebSearch
  const target = text(fields.url) ?? text(fields.query);
  if (target !== undefined) return target;
  // Task / Agent
  const description = text(fields.description);
  if (description !== undefined) {
    const kind = text(fields.subagent_type);
    return kind === undefined ? description : `${kind}: ${description}`;
  }
  // TodoWrite
  if (Array.isArray(fields.todos)) return `${fields.todos.length} todos`;
  // LS
  if (path !== undefined) return relativePath(path, cwd);
  // MCP tools and tools added later: their input as compact JSON.
  const serialised = JSON.stringify(fields);
  return serialised === '{}' ? undefined : serialised.slice(0, MAX_SERIALISED_INPUT);
}


/**
 * Who an event is about: the session (the main agent), or inside a subagent the subagent, whose
 * parent is the session. Undefined for a payload that names no session.
 * @param {Payload} payload
 * @param {number} now epoch ms
 * @returns {{ session: EventBase, actor: EventBase, inSubagent: boolean } | undefined}
 */
export function identify(payload, now) {
  const sessionId = text(payload.session_id);
  if (sessionId === undefined) return undefined;
  const subagentId = text(payload.agent_id);
  const subagentType = text(payload.agent_type);
  /** @type {EventBase} */
  const session = { v: 1, ts: now, agent_id: sessionId, session_id: sessionId, source: SOURCE };
  if (subagentId === undefined || subagentId === sessionId) return { session, actor: session, inSubagent: false };
  return { session, actor: { ...session, agent_id: subagentId, parent_id: sessionId, ...(subagentType && { name: subagentType }) }, inSubagent: true };
}

/**
 * Tokens the transcript showed since the previous hook call, as usage events (increments, as the
 * schema wants) naming the model that spent them. No cost: the price table is the host's, which
 * estimates it on ingest and says so.
 * @param {EventBase} actor
 * @param {readonly UsageIncrement[]} increments
 * @returns {HookEvent[]}
 */
export function usageEvents(actor, increments) {
  return increments.map((increment) => ({
    ...actor,
    type: 'usage',
    ...(increment.model && { model: increment.model }),
    tokens_in: increment.tokensIn,
    tokens_out: increment.tokensOut,
    cache_read: increment.cacheRead,
    cache_write: increment.cacheWrite,
  }));
}

/**
 * Subagents still running when the main agent stops: the session is not done with its work.
 * @param {unknown} tasks
 */
export function hasRunningBackgroundTasks(tasks) {
  if (!Array.isArray(tasks)) return false;
  return tasks.some((task) => !(task !== null && typeof task === 'object' && FINISHED_TASK_STATES.has(String(/** @type {Payload} */ (task).status))));
}

/** @param {unknown} value */
function duration(value) {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? { duration_ms: value } : {};
}

/** The card shows why an agent waits; `null` removes the reason once it runs again. */
const NO_LONGER_WAITING = { details: { waiting_for: null } };

/**
 * @param {Payload} payload
 * @param {number} now epoch ms
 * @param {HookFacts} [facts]
 * @returns {HookEvent[]}
 */
export function mapHookPayload(payload, now, facts = {}) {
  const who = identify(payload, now);
  const eventName = text(payload.hook_event_name);
  if (who === undefined || eventName === undefined) return [];
  const { session, actor, inSubagent } = who;
  const cwd = text(payload.cwd);
  const resumed = facts.wasWaiting === true ? NO_LONGER_WAITING : {};
  // A tool call that needed permission returns once the person answered: the agent runs again.
  const runningAgain = facts.wasWaiting === true ? [{ ...actor, type: 'status', status: 'running', ...NO_LONGER_WAITING }] : [];

  switch (eventName) {
    case 'SessionStart': {
      const model = text(payload.model) ?? facts.model;
      const name = cwd === undefined ? 'claude' : basename(cwd) || cwd;
      return [{ ...session, type: 'agent_spawn', name, ...(model && { model }), ...facts.process }];
    }
    case 'UserPromptSubmit':
      // The prompt itself stays out of the journal: it is the user's, not telemetry.
      return [{ ...actor, type: 'status', status: 'running', ...resumed }];
    case 'PreToolUse': {
      const tool = text(payload.tool_name);
      const toolUseId = text(payload.tool_use_id);
      if (tool === undefined || toolUseId === undefined) return [];
      const summary = summariseToolInput(payload.tool_input, cwd);
      return [{ ...actor, type: 'tool_use', tool, tool_use_id: toolUseId, ...(summary && { input_summary: summary }), ...resumed }];
    }
    case 'PostToolUse': {
      const toolUseId = text(payload.tool_use_id);
      if (toolUseId === undefined) return [];
      return [...runningAgain, { ...actor, type: 'tool_result', tool_use_id: toolUseId, ok: true, ...duration(payload.duration_ms) }];
    }
    case 'PostToolUseFailure': {
      const toolUseId = text(payload.tool_use_id);
      if (toolUseId === undefined) return [];
      const reason = text(payload.error) ?? 'tool call failed';
      const error = truncate(redactSecrets(payload.is_interrupt === true ? `interrupted: ${reason}` : reason), MAX_MESSAGE);
      return [...runningAgain, { ...actor, type: 'tool_result', tool_use_id: toolUseId, ok: false, error, ...duration(payload.duration_ms) }];
    }
    case 'SubagentStart':
      // Without an id the subagent's later events could not be attributed to it.
      return inSubagent ? [{ ...actor, type: 'agent_spawn' }] : [];
    case 'SubagentStop':
      return inSubagent ? [{ ...actor, type: 'agent_done', outcome: 'success' }] : [];
    case 'Stop':
      // The main agent finished its turn and waits for the next prompt; the session lives on. With
      // background subagents still at work it has not finished anything: it stays running.
      return hasRunningBackgroundTasks(payload.background_tasks) ? [] : [{ ...actor, type: 'status', status: 'idle' }];
    case 'Notification': {
      const message = text(payload.message);
      const shown = message === undefined ? undefined : truncate(redactSecrets(message), MAX_MESSAGE);
      // auth_success is news, not a request: the agent is not waiting on anyone.
      const waiting = payload.notification_type !== 'auth_success';
      return [
        ...(waiting ? [{ ...actor, type: 'status', status: 'waiting', details: { waiting_for: shown ?? text(payload.notification_type) ?? 'a person' } }] : []),
        ...(shown ? [{ ...actor, type: 'log', level: 'info', message: shown }] : []),
      ];
    }
    case 'SessionEnd': {
      const reason = text(payload.reason) ?? 'other';
      const details = { details: { end_reason: reason } };
      // `other` is how a headless run that finished ends, `prompt_input_exit` how a person leaves,
      // `clear`/`logout`/`resume` a person's choice: all normal ends. Only a session that ends
      // while a turn is under way (Ctrl+C, a signal) was interrupted.
      return facts.endedDuringTurn === true
        ? [{ ...session, type: 'agent_done', outcome: 'cancelled', error: `interrupted: the session ended (${reason}) during a turn`, ...details }]
        : [{ ...session, type: 'agent_done', outcome: 'success', ...details }];
    }
    default:
      return [];
  }
}
