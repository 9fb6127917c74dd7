// @ts-check
/**
 * Maps one Claude Code hook payload to Orrery events (schema v1, docs/events.md).
 *
 * Payload fields relied on (https://code.claude.com/docs/en/hooks, "hook input"):
 * - every event: `hook_event_name`, `session_id`, `cwd`; inside a subagent also `agent_id` and
 *   `agent_type` (absent in the main conversation).
 * - SessionStart: `source` (startup|resume|clear|compact), optional `model`.
 * - PreToolUse: `tool_name`, `tool_input`, `tool_use_id`.
 * - PostToolUse: `tool_use_id` (`tool_response` is ignored: it can be a whole file).
 * - PostToolUseFailure: `tool_use_id`, `error`, optional `is_interrupt`.
 * - SubagentStart / SubagentStop: `agent_id`, `agent_type`.
 * - SessionEnd: `reason` (clear|resume|logout|prompt_input_exit|bypass_permissions_disabled|other).
 * - Notification: `message`, optional `notification_type`.
 * Anything missing or of the wrong type yields no event rather than an invalid one.
 */
import { basename } from 'node:path';
import { redactSecrets } from './redact-secrets.mjs';

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

/** Reasons the user chose to end the session; anything else ended it for them. */
const VOLUNTARY_END_REASONS = new Set(['clear', 'resume', 'logout', 'prompt_input_exit']);

/**
 * @typedef {Record<string, unknown>} Payload
 * @typedef {Record<string, unknown> & { v: 1, ts: number, type: string, agent_id: string, source: string }} HookEvent
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
 * @param {Payload} payload
 * @param {number} now epoch ms
 * @returns {HookEvent[]}
 */
export function mapHookPayload(payload, now) {
  const sessionId = text(payload.session_id);
  const eventName = text(payload.hook_event_name);
  if (sessionId === undefined || eventName === undefined) return [];
  const cwd = text(payload.cwd);
  const subagentId = text(payload.agent_id);
  const subagentType = text(payload.agent_type);

  const session = { v: /** @type {const} */ (1), ts: now, agent_id: sessionId, session_id: sessionId, source: SOURCE };
  /** Inside a subagent the event is the subagent's, and the session is its parent. */
  const actor =
    subagentId !== undefined && subagentId !== sessionId
      ? { ...session, agent_id: subagentId, parent_id: sessionId, ...(subagentType && { name: subagentType }) }
      : session;

  switch (eventName) {
    case 'SessionStart': {
      const model = text(payload.model);
      return [{ ...session, type: 'agent_spawn', name: cwd === undefined ? 'claude' : basename(cwd) || cwd, ...(model && { model }) }];
    }
    case 'UserPromptSubmit':
      // The prompt itself stays out of the journal: it is the user's, not telemetry.
      return [{ ...actor, type: 'status', status: 'running' }];
    case 'PreToolUse': {
      const tool = text(payload.tool_name);
      const toolUseId = text(payload.tool_use_id);
      if (tool === undefined || toolUseId === undefined) return [];
      const summary = summariseToolInput(payload.tool_input, cwd);
      return [{ ...actor, type: 'tool_use', tool, tool_use_id: toolUseId, ...(summary && { input_summary: summary }) }];
    }
    case 'PostToolUse': {
      const toolUseId = text(payload.tool_use_id);
      return toolUseId === undefined ? [] : [{ ...actor, type: 'tool_result', tool_use_id: toolUseId, ok: true }];
    }
    case 'PostToolUseFailure': {
      const toolUseId = text(payload.tool_use_id);
      if (toolUseId === undefined) return [];
      const reason = text(payload.error) ?? 'tool call failed';
      const error = truncate(redactSecrets(payload.is_interrupt === true ? `interrupted: ${reason}` : reason), MAX_MESSAGE);
      return [{ ...actor, type: 'tool_result', tool_use_id: toolUseId, ok: false, error }];
    }
    case 'SubagentStart':
      // Without an id the subagent's later events could not be attributed to it.
      return actor === session ? [] : [{ ...actor, type: 'agent_spawn' }];
    case 'SubagentStop':
      return actor === session ? [] : [{ ...actor, type: 'agent_done', outcome: 'success' }];
    case 'Stop':
      // The main agent finished its turn and waits for the next prompt; the session lives on.
      return [{ ...actor, type: 'status', status: 'idle' }];
    case 'Notification': {
      const message = text(payload.message);
      // auth_success is news, not a request: the agent is not waiting on anyone.
      const waiting = payload.notification_type !== 'auth_success';
      return [
        ...(waiting ? [{ ...actor, type: 'status', status: 'waiting' }] : []),
        ...(message ? [{ ...actor, type: 'log', level: 'info', message: truncate(redactSecrets(message), MAX_MESSAGE) }] : []),
      ];
    }
    case 'SessionEnd': {
      const reason = text(payload.reason) ?? 'other';
      return VOLUNTARY_END_REASONS.has(reason)
        ? [{ ...session, type: 'agent_done', outcome: 'success' }]
        : [{ ...session, type: 'agent_done', outcome: 'cancelled', error: `session ended: ${reason}` }];
    }
    default:
      return [];
  }
}
