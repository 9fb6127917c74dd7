// @ts-check
/**
 * Tokens and model from a Claude Code session transcript (`transcript_path`, JSONL): the hooks
 * carry neither, but every assistant message in the transcript has `message.model`,
 * `message.id` and `message.usage` (seen on 2.1.332: one line per content block, each line of a
 * message repeating the same id and usage).
 *
 * Transcripts grow to many megabytes, and the hook runs on every tool call, so nothing here reads
 * a whole file: usage is read forward from where the previous call stopped, at most a budget of
 * bytes per call (the rest waits for the next call), and the model is looked up in the file's
 * last few kilobytes.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Per hook call, across the transcripts it reads: about a millisecond of reading and scanning. */
export const READ_BUDGET_BYTES = 1024 * 1024;
/** Where the newest assistant message is looked for; it is near the end, the rest is history. */
export const TAIL_BYTES = 64 * 1024;
/** Ids remembered per transcript so a message split over lines (or over calls) counts once. */
const COUNTED_IDS = 16;
/** An API error is recorded as an assistant message of this pseudo-model, with no usage. */
const SYNTHETIC_MODEL = '<synthetic>';

/**
 * @typedef {import('./hook-state.mjs').TranscriptCursor} TranscriptCursor
 * @typedef {import('./hook-state.mjs').CountedMessage} CountedMessage
 * @typedef {{ model: string | undefined, tokensIn: number, tokensOut: number, cacheRead: number, cacheWrite: number }} UsageIncrement
 * @typedef {{ cursor: TranscriptCursor, usage: UsageIncrement[], model: string | undefined, bytesRead: number }} TranscriptRead
 */

/**
 * A cursor for a transcript seen for the first time: from its start, or from its current end
 * when what is already there happened before Orrery was watching (a resumed session).
 * @param {string} path
 * @param {'start' | 'end'} from
 * @returns {TranscriptCursor}
 */
export function newCursor(path, from) {
  return { path, offset: from === 'start' ? 0 : fileSize(path), skipping: false, counted: [] };
}

/** @param {string} path */
function fileSize(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
    return fstatSync(fd).size;
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads `length` bytes at `position`, or fewer at the end of the file.
 * @param {number} fd
 * @param {number} position
 * @param {number} length
 */
function readAt(fd, position, length) {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const read = readSync(fd, buffer, filled, length - filled, position + filled);
    if (read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled);
}

/**
 * @param {unknown} value
 * @returns {number}
 */
function amount(value) {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * The assistant message a transcript line holds, if any. A subagent's lines are marked
 * `isSidechain` and live in its own transcript; one in the session's transcript is not the
 * session's to count (nor is a session line in a subagent's).
 * @param {string} line
 * @param {boolean} sidechain whether the transcript is a subagent's
 * @returns {{ id: string | undefined, model: string | undefined, usage: Record<string, unknown> | undefined } | undefined}
 */
function assistantMessage(line, sidechain) {
  // Most lines are prompts, tool results and bookkeeping; only assistant lines are worth parsing.
  if (!line.includes('"role":"assistant"')) return undefined;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (entry === null || typeof entry !== 'object' || entry.type !== 'assistant' || (entry.isSidechain === true) !== sidechain) return undefined;
  const message = entry.message;
  if (message === null || typeof message !== 'object') return undefined;
  const model = typeof message.model === 'string' && message.model !== '' && message.model !== SYNTHETIC_MODEL ? message.model : undefined;
  const usage = message.usage !== null && typeof message.usage === 'object' ? message.usage : undefined;
  return { id: typeof message.id === 'string' ? message.id : undefined, model, usage };
}

/**
 * What this message adds beyond what was already counted for its id (nothing for a repeated
 * line; the difference if a later line of it reports more).
 * @param {CountedMessage[]} counted
 * @param {string} id
 * @param {Record<string, unknown>} usage
 * @returns {[number, number, number, number]}
 */
function countOnce(counted, id, usage) {
  const now = /** @type {[number, number, number, number]} */ ([
    amount(usage.input_tokens),
    amount(usage.output_tokens),
    amount(usage.cache_read_input_tokens),
    amount(usage.cache_creation_input_tokens),
  ]);
  const index = counted.findIndex((entry) => entry[0] === id);
  const before = index < 0 ? [0, 0, 0, 0] : /** @type {CountedMessage} */ (counted[index]).slice(1);
  const increment = /** @type {[number, number, number, number]} */ (now.map((value, i) => Math.max(0, value - /** @type {number} */ (before[i]))));
  const entry = /** @type {CountedMessage} */ ([id, ...now.map((value, i) => Math.max(value, /** @type {number} */ (before[i])))]);
  if (index >= 0) counted.splice(index, 1);
  counted.push(entry);
  if (counted.length > COUNTED_IDS) counted.splice(0, counted.length - COUNTED_IDS);
  return increment;
}

/**
 * Reads what the transcript gained since `cursor`, up to `budget` bytes, and returns the usage
 * it holds (summed per model), the newest model seen, and the cursor to continue from. Only whole
 * lines are consumed; a line longer than the whole budget is skipped (assistant lines are bounded
 * by the model's output limit, far below it: what is that long is a tool result).
 * @param {TranscriptCursor} cursor
 * @param {number} budget bytes
 * @param {boolean} sidechain whether the transcript is a subagent's
 * @returns {TranscriptRead}
 */
export function readNewUsage(cursor, budget, sidechain) {
  /** @type {TranscriptRead} */
  const none = { cursor, usage: [], model: undefined, bytesRead: 0 };
  if (budget <= 0) return none;
  let fd;
  try {
    fd = openSync(cursor.path, 'r');
  } catch {
    return none; // Not written yet.
  }
  try {
    const size = fstatSync(fd).size;
    // Shorter than where we were: replaced or truncated; what it holds now was not seen being written.
    if (size < cursor.offset) return { ...none, cursor: { ...cursor, offset: size, skipping: false } };
    if (size === cursor.offset) return none;
    const bytes = readAt(fd, cursor.offset, Math.min(budget, size - cursor.offset));
    return scan(cursor, bytes, sidechain);
  } finally {
    closeSync(fd);
  }
}

/**
 * @param {TranscriptCursor} cursor
 * @param {Buffer} bytes what follows cursor.offset
 * @param {boolean} sidechain
 * @returns {TranscriptRead}
 */
function scan(cursor, bytes, sidechain) {
  let start = 0;
  if (cursor.skipping) {
    const end = bytes.indexOf(10);
    if (end < 0) return { cursor: { ...cursor, offset: cursor.offset + bytes.length }, usage: [], model: undefined, bytesRead: bytes.length };
    start = end + 1;
  }
  const lastNewline = bytes.lastIndexOf(10);
  if (lastNewline < start) {
    // No line ends in what was read. A whole budget without a newline is a line longer than the
    // budget: skip it. Anything less is a line still being written: wait for its end.
    const tooLong = start === 0 && bytes.length >= READ_BUDGET_BYTES;
    const offset = cursor.offset + (tooLong ? bytes.length : start);
    return { cursor: { ...cursor, offset, skipping: tooLong }, usage: [], model: undefined, bytesRead: bytes.length };
  }
  const counted = cursor.counted.map((entry) => /** @type {CountedMessage} */ ([...entry]));
  /** @type {Map<string | undefined, UsageIncrement>} */
  const byModel = new Map();
  let model;
  // Newlines never occur inside a multi-byte UTF-8 sequence, so cutting there keeps characters whole.
  for (const line of bytes.toString('utf8', start, lastNewline).split('\n')) {
    const message = assistantMessage(line, sidechain);
    if (message === undefined) continue;
    if (message.model !== undefined) model = message.model;
    if (message.id === undefined || message.usage === undefined) continue;
    const [input, output, cacheRead, cacheWrite] = countOnce(counted, message.id, message.usage);
    if (input + output + cacheRead + cacheWrite === 0) continue;
    const sum = byModel.get(message.model) ?? { model: message.model, tokensIn: 0, tokensOut: 0, cacheRead: 0, cacheWrite: 0 };
    sum.tokensIn += input;
    sum.tokensOut += output;
    sum.cacheRead += cacheRead;
    sum.cacheWrite += cacheWrite;
    byModel.set(message.model, sum);
  }
  return {
    cursor: { path: cursor.path, offset: cursor.offset + lastNewline + 1, skipping: false, counted },
    usage: [...byModel.values()],
    model,
    bytesRead: bytes.length,
  };
}

/**
 * The model of the newest assistant message among the session transcript's last `tailBytes` bytes.
 * @param {string} path
 * @param {number} [tailBytes]
 * @returns {string | undefined}
 */
export function newestModel(path, tailBytes = TAIL_BYTES) {
  let fd;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const from = Math.max(0, size - tailBytes);
    const bytes = readAt(fd, from, size - from);
    // Unless the tail is the whole file, its first line is cut off: start after it.
    const first = from === 0 ? 0 : bytes.indexOf(10) + 1;
    if (from > 0 && first === 0) return undefined;
    const lines = bytes.toString('utf8', first).split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const model = assistantMessage(/** @type {string} */ (lines[i]), false)?.model;
      if (model !== undefined) return model;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}
