// @ts-check
/**
 * Where emitters append events, and how. Shared by the Claude Code hook, `orrery emit` and
 * `orrery demo`; dependency-free because the hook runs under the user's plain `node`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * `$ORRERY_HOME`, else `~/.orrery`: Orrery's data directory (see core/config/data-home.ts).
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function resolveDataHome(env = process.env) {
  return resolve(env.ORRERY_HOME || join(homedir(), '.orrery'));
}

/**
 * `$ORRERY_JOURNAL`, else `$ORRERY_HOME/events.jsonl`, else `~/.orrery/events.jsonl` — the last
 * two are the journal the app always tails.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function resolveJournalPath(env = process.env) {
  if (env.ORRERY_JOURNAL) return resolve(env.ORRERY_JOURNAL);
  return join(resolveDataHome(env), 'events.jsonl');
}

/**
 * Appends complete lines with ONE write on an O_APPEND descriptor: concurrent writers (many
 * hooks fire at once) never interleave inside a line, and a tailer never sees half an event
 * from us. The directory is created only when the first attempt says it is missing, so the
 * common path costs one open and one write.
 * @param {string} journalPath
 * @param {readonly object[]} events
 */
export function appendEvents(journalPath, events) {
  if (events.length === 0) return;
  const text = events.map((event) => `${JSON.stringify(event)}\n`).join('');
  try {
    appendFileSync(journalPath, text, { flag: 'a', mode: 0o600 });
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
    makeDirectory(dirname(journalPath));
    appendFileSync(journalPath, text, { flag: 'a', mode: 0o600 });
  }
}

/** Deeper than any real home directory; a bound so no path can keep us climbing. */
const MAX_DIRECTORY_DEPTH = 32;

/**
 * `mkdir -p` by hand: Node's `mkdirSync(…, { recursive: true })` spins forever where mkdir keeps
 * answering ENOENT (e.g. under /proc, seen on Node 20 and 22), and a hook must never hang.
 * @param {string} dir
 * @param {number} [depth]
 */
export function makeDirectory(dir, depth = 0) {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    if (code === 'EEXIST') return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir || depth >= MAX_DIRECTORY_DEPTH) throw error;
    makeDirectory(parent, depth + 1);
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (retryError) {
      // Another hook created it in between: fine.
      if (/** @type {NodeJS.ErrnoException} */ (retryError).code !== 'EEXIST') throw retryError;
    }
  }
}
