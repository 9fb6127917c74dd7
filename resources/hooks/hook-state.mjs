// @ts-check
/**
 * What the Claude Code hook remembers about a session between its calls, one small file per
 * session under `<data dir>/hook-state/` (mode 0600 in a 0700 directory): how far each transcript
 * has been read, whether a turn is under way, who waits for a person. Each hook call is a new
 * process, so without it a hook could neither count tokens incrementally nor tell a normal end
 * from an interrupted one.
 *
 * Claude Code may run several hooks of one session at once (parallel tool calls), so a call holds
 * the session's lock file while it reads and writes the state; a call that cannot get it quickly
 * goes without (it still writes its own events; the next call catches up on the transcript).
 */
import { closeSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory, resolveDataHome } from './journal-file.mjs';

export const STATE_DIRECTORY = 'hook-state';
/** A lock older than this belongs to a hook that died (Claude Code kills hooks after 10 s anyway). */
const STALE_LOCK_MS = 15_000;
/** How long a call waits for a concurrent call of the same session; well inside the latency budget. */
const LOCK_WAIT_MS = 40;
const LOCK_POLL_MS = 2;
/** State of sessions that never sent SessionEnd (killed, crashed) is removed after this long. */
export const STATE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** Enough for any real session's subagents; the oldest cursors go first. */
const MAX_TRANSCRIPTS = 64;
/** A bound on what pruning looks at, so a flooded directory cannot slow a SessionStart down. */
const MAX_PRUNED_ENTRIES = 1000;

/**
 * @typedef {[id: string, input: number, output: number, cacheRead: number, cacheWrite: number]} CountedMessage
 * @typedef {{ path: string, offset: number, skipping: boolean, counted: CountedMessage[] }} TranscriptCursor
 * @typedef {{
 *   v: 1,
 *   turn: boolean,
 *   waiting: string[],
 *   transcripts: Record<string, TranscriptCursor>,
 * }} SessionState
 */

/** @returns {SessionState} */
export function freshState() {
  return { v: 1, turn: false, waiting: [], transcripts: {} };
}

/** @param {NodeJS.ProcessEnv} env */
export function stateDirectory(env) {
  return join(resolveDataHome(env), STATE_DIRECTORY);
}

/**
 * Session ids are uuids; anything else is reduced to a safe file name rather than trusted as a path.
 * @param {string} sessionId
 */
function fileStem(sessionId) {
  return sessionId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128) || '_';
}

/** @param {unknown} value @returns {value is TranscriptCursor} */
function isCursor(value) {
  if (value === null || typeof value !== 'object') return false;
  const cursor = /** @type {Record<string, unknown>} */ (value);
  return typeof cursor.path === 'string' && Number.isSafeInteger(cursor.offset) && /** @type {number} */ (cursor.offset) >= 0 && Array.isArray(cursor.counted);
}

/**
 * A damaged or foreign file reads as a fresh state: the worst outcome is tokens not counted.
 * @param {string} text
 * @returns {SessionState}
 */
export function parseState(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return freshState();
  }
  if (value === null || typeof value !== 'object' || value.v !== 1) return freshState();
  /** @type {Record<string, TranscriptCursor>} */
  const transcripts = {};
  if (value.transcripts !== null && typeof value.transcripts === 'object') {
    for (const [agentId, cursor] of Object.entries(value.transcripts)) if (isCursor(cursor)) transcripts[agentId] = { ...cursor, skipping: cursor.skipping === true };
  }
  return {
    v: 1,
    turn: value.turn === true,
    waiting: Array.isArray(value.waiting) ? value.waiting.filter((/** @type {unknown} */ id) => typeof id === 'string') : [],
    transcripts,
  };
}

/** @param {SessionState} state */
function trimmed(state) {
  const ids = Object.keys(state.transcripts);
  if (ids.length <= MAX_TRANSCRIPTS) return state;
  const transcripts = Object.fromEntries(ids.slice(-MAX_TRANSCRIPTS).map((id) => [id, state.transcripts[id]]));
  return { ...state, transcripts };
}

/**
 * @param {string} lockPath
 * @param {string} dir
 * @returns {boolean}
 */
function tryLock(lockPath, dir) {
  try {
    closeSync(openSync(lockPath, 'wx', 0o600));
    return true;
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    if (code === 'ENOENT') {
      makeDirectory(dir);
      return tryLock(lockPath, dir);
    }
    if (code !== 'EEXIST') throw error;
  }
  try {
    if (Date.now() - statSync(lockPath).mtimeMs > STALE_LOCK_MS) unlinkSync(lockPath);
  } catch {
    // Released or taken over in between: the next attempt tells.
  }
  return false;
}

/** @param {number} ms */
function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * @typedef {{
 *   state: SessionState,
 *   save(state: SessionState): void,
 *   remove(): void,
 *   release(): void,
 * }} HeldState
 */

/**
 * Takes the session's lock and reads its state; undefined when another call of the same session
 * holds the lock for longer than this call can wait.
 * @param {NodeJS.ProcessEnv} env
 * @param {string} sessionId
 * @returns {HeldState | undefined}
 */
export function holdSessionState(env, sessionId) {
  const dir = stateDirectory(env);
  const stem = fileStem(sessionId);
  const path = join(dir, `${stem}.json`);
  const lockPath = join(dir, `${stem}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!tryLock(lockPath, dir)) {
    if (Date.now() >= deadline) return undefined;
    pause(LOCK_POLL_MS);
  }
  let state;
  try {
    state = parseState(readFileSync(path, 'utf8'));
  } catch {
    state = freshState();
  }
  return {
    state,
    save(next) {
      // Written beside, then renamed over: a call killed mid-write leaves the old state, not half a file.
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(trimmed(next)), { mode: 0o600 });
      renameSync(temporary, path);
    },
    remove() {
      unlinkQuietly(path);
    },
    release() {
      unlinkQuietly(lockPath);
    },
  };
}

/** @param {string} path */
function unlinkQuietly(path) {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/**
 * Removes what sessions that never ended left behind; run at a session's start, which is rare.
 * @param {NodeJS.ProcessEnv} env
 * @param {number} now epoch ms
 */
export function pruneStaleStates(env, now) {
  const dir = stateDirectory(env);
  let names;
  try {
    names = readdirSync(dir).slice(0, MAX_PRUNED_ENTRIES);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > STATE_MAX_AGE_MS) unlinkSync(path);
    } catch {
      // Removed by another session's start in between.
    }
  }
}
