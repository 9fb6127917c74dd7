// @ts-check
/**
 * One hook call from payload to events: gathers what the payload cannot say (tokens and model
 * from the transcript, the Claude Code process, whether a turn was under way, who waits for a
 * person) from the session's hook state, then maps the payload. The caller appends the events and
 * only then commits the state, so a journal that cannot be written does not advance the cursors.
 */
import { basename, dirname, join } from 'node:path';
import { findAgentProcess } from './agent-process.mjs';
import { hasRunningBackgroundTasks, identify, mapHookPayload, usageEvents } from './claude-hook-events.mjs';
import { freshState, holdSessionState, pruneStaleStates } from './hook-state.mjs';
import { newCursor, newestModel, readNewUsage, READ_BUDGET_BYTES } from './transcript-usage.mjs';

/**
 * @typedef {import('./claude-hook-events.mjs').Payload} Payload
 * @typedef {import('./claude-hook-events.mjs').HookEvent} HookEvent
 * @typedef {import('./claude-hook-events.mjs').HookFacts} HookFacts
 * @typedef {import('./claude-hook-events.mjs').EventBase} EventBase
 * @typedef {import('./hook-state.mjs').SessionState} SessionState
 * @typedef {import('./agent-process.mjs').AgentProcess} AgentProcess
 * @typedef {{ events: HookEvent[], commit(): void, abandon(): void }} PreparedHook
 * @typedef {{ env: NodeJS.ProcessEnv, now: number, findProcess?: () => AgentProcess | undefined, warn?: (message: string) => void }} HookOptions
 */

/** Sources of a SessionStart that begin a new run of the session; `compact` continues the current one. */
const NEW_RUN_SOURCES = new Set(['startup', 'resume', 'clear']);
/** Sources whose transcript starts empty, so it is read from its start; a resumed one holds history. */
const FRESH_TRANSCRIPT_SOURCES = new Set(['startup', 'clear']);
/** Events after which the acting agent is working again, not waiting for a person. */
const RESUMING_EVENTS = new Set(['UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolUseFailure']);

/** @param {unknown} value */
function text(value) {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A subagent's messages are in its own transcript (seen on 2.1.332), beside the session's:
 * `<dir>/<session>.jsonl` → `<dir>/<session>/subagents/agent-<id>.jsonl`. SubagentStop names it.
 * @param {Payload} payload
 * @param {string} agentId
 */
function subagentTranscript(payload, agentId) {
  const named = text(payload.agent_transcript_path);
  if (named !== undefined) return named;
  const session = text(payload.transcript_path);
  return session === undefined ? undefined : join(dirname(session), basename(session, '.jsonl'), 'subagents', `agent-${agentId}.jsonl`);
}

/**
 * Reads each transcript forward from its cursor, sharing one byte budget, and turns what it
 * gained into usage events for its agent. Cursors are updated in `state`.
 * @param {SessionState} state
 * @param {ReadonlyArray<{ actor: EventBase, path: string, from: 'start' | 'end' }>} transcripts
 * @returns {HookEvent[]}
 */
function readUsage(state, transcripts) {
  /** @type {HookEvent[]} */
  const events = [];
  let budget = READ_BUDGET_BYTES;
  for (const { actor, path, from } of transcripts) {
    const known = state.transcripts[actor.agent_id];
    const cursor = known !== undefined && known.path === path ? known : newCursor(path, from);
    const read = readNewUsage(cursor, budget, actor.agent_id !== actor.session_id);
    budget -= read.bytesRead;
    state.transcripts[actor.agent_id] = read.cursor;
    events.push(...usageEvents(actor, read.usage));
  }
  return events;
}

/**
 * @param {Payload} payload
 * @param {HookOptions} options
 * @returns {PreparedHook}
 */
export function prepareHook(payload, options) {
  const { env, now } = options;
  const who = identify(payload, now);
  const eventName = text(payload.hook_event_name);
  if (who === undefined || eventName === undefined) return { events: [], commit() {}, abandon() {} };
  const transcriptPath = text(payload.transcript_path);

  /** @type {HookFacts} */
  const facts = {};
  if (eventName === 'SessionStart') {
    const agentProcess = (options.findProcess ?? findAgentProcess)();
    if (agentProcess !== undefined) facts.process = agentProcess;
    if (text(payload.model) === undefined && transcriptPath !== undefined) {
      const model = newestModel(transcriptPath);
      if (model !== undefined) facts.model = model;
    }
  }

  /** @param {unknown} error */
  const withoutState = (error) => {
    if (error !== undefined) options.warn?.(`hook state not used: ${error instanceof Error ? error.message : String(error)}`);
    return { events: mapHookPayload(payload, now, facts), commit() {}, abandon() {} };
  };
  let held;
  try {
    held = holdSessionState(env, who.session.agent_id);
  } catch (error) {
    // The events still go out; only what needs the state (tokens, interruptions, waiting) is missed.
    return withoutState(error);
  }
  if (held === undefined) return withoutState(undefined);
  try {
    return gather(payload, options, who, facts, held);
  } catch (error) {
    held.release();
    return withoutState(error);
  }
}

/**
 * @param {Payload} payload
 * @param {HookOptions} options
 * @param {NonNullable<ReturnType<typeof identify>>} who
 * @param {HookFacts} facts
 * @param {import('./hook-state.mjs').HeldState} held
 * @returns {PreparedHook}
 */
function gather(payload, options, who, facts, held) {
  const { env, now } = options;
  const { session, actor, inSubagent } = who;
  const eventName = /** @type {string} */ (text(payload.hook_event_name));
  const transcriptPath = text(payload.transcript_path);
  const source = text(payload.source);
  let state = held.state;
  if (eventName === 'SessionStart' && source !== undefined && NEW_RUN_SOURCES.has(source)) {
    state = freshState();
    pruneStaleStates(env, now);
  }

  /** @type {Array<{ actor: EventBase, path: string, from: 'start' | 'end' }>} */
  const transcripts = [];
  if (inSubagent) {
    const path = subagentTranscript(payload, actor.agent_id);
    if (path !== undefined) transcripts.push({ actor, path, from: 'start' });
  } else if (transcriptPath !== undefined) {
    const fresh = eventName === 'SessionStart' && source !== undefined && FRESH_TRANSCRIPT_SOURCES.has(source);
    transcripts.push({ actor: session, path: transcriptPath, from: fresh ? 'start' : 'end' });
  }
  if (eventName === 'SessionEnd') {
    // Subagents killed with the session never sent SubagentStop: take what their transcripts hold.
    for (const [agentId, cursor] of Object.entries(state.transcripts)) {
      if (agentId !== session.agent_id) transcripts.push({ actor: { ...session, agent_id: agentId, parent_id: session.agent_id }, path: cursor.path, from: 'start' });
    }
  }
  const usage = readUsage(state, transcripts);

  const waitingBefore = state.waiting.includes(actor.agent_id);
  if (waitingBefore && RESUMING_EVENTS.has(eventName)) {
    facts.wasWaiting = true;
    state.waiting = state.waiting.filter((id) => id !== actor.agent_id);
  }
  if (eventName === 'Notification' && payload.notification_type !== 'auth_success' && !waitingBefore) state.waiting.push(actor.agent_id);
  if (eventName === 'SessionEnd') facts.endedDuringTurn = state.turn;
  if (!inSubagent && RESUMING_EVENTS.has(eventName)) state.turn = true;
  // With background subagents at work the session's turn is not over: ending now interrupts them.
  if (!inSubagent && eventName === 'Stop') state.turn = hasRunningBackgroundTasks(payload.background_tasks);
  if (eventName === 'SubagentStop') delete state.transcripts[actor.agent_id];

  const mapped = mapHookPayload(payload, now, facts);
  // A spawn goes before the tokens (they belong to the new run), everything else after them.
  const spawns = mapped.filter((event) => event.type === 'agent_spawn');
  const events = [...spawns, ...usage, ...mapped.filter((event) => event.type !== 'agent_spawn')];
  const finalState = state;
  return {
    events,
    commit() {
      try {
        if (eventName === 'SessionEnd') held.remove();
        else held.save(finalState);
      } finally {
        held.release();
      }
    },
    abandon() {
      held.release();
    },
  };
}
