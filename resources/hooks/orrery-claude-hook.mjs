#!/usr/bin/env node
// @ts-check
/**
 * Claude Code hook command: `node "…/orrery-claude-hook.mjs"`, registered for every event in
 * claude-hook-events.mjs by `orrery hooks install`. Reads the hook payload from stdin and
 * appends the matching Orrery events to the journal (claude-hook-run.mjs says what they are).
 *
 * Claude Code waits for this process on every tool call and reads its stdout and exit code as
 * decisions, so it must stay fast and inert whatever happens: it never prints to stdout, always
 * exits 0 (2 would block the tool call), and reports problems on stderr only. Its modules are
 * loaded inside the try, so even a broken install cannot turn into a failed exit.
 * `ORRERY_HOOK_DISABLE=1` turns it off without touching settings.json.
 */
import { readSync } from 'node:fs';

/** Hook payloads are small, but PostToolUse carries the tool's whole response (a Read: the file). */
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads stdin to its end synchronously: no stream machinery to start, and nothing left pending
 * when the write is done. A non-blocking pipe (EAGAIN) is waited on briefly instead of failing.
 * @returns {string}
 */
function readStdin() {
  const chunks = [];
  let total = 0;
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (;;) {
    let read;
    try {
      read = readSync(0, buffer, 0, CHUNK_BYTES, null);
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
        continue;
      }
      if (code === 'EOF') break;
      throw error;
    }
    if (read === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
    total += read;
    if (total > MAX_PAYLOAD_BYTES) throw new Error(`payload larger than ${MAX_PAYLOAD_BYTES} bytes, skipped`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function main() {
  const { isatty } = await import('node:tty');
  // Run by hand in a terminal there is no payload coming; waiting for one would just hang.
  if (isatty(0)) throw new Error('expects a Claude Code hook payload on stdin');
  const input = readStdin();
  if (input.trim() === '') return;
  let payload;
  try {
    payload = JSON.parse(input);
  } catch {
    throw new Error('stdin is not JSON, nothing written');
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('payload is not a JSON object, nothing written');
  const [{ prepareHook }, { appendEvents, resolveJournalPath }] = await Promise.all([import('./claude-hook-run.mjs'), import('./journal-file.mjs')]);
  const hook = prepareHook(payload, { env: process.env, now: Date.now(), warn });
  try {
    appendEvents(resolveJournalPath(), hook.events);
  } catch (error) {
    hook.abandon();
    throw error;
  }
  hook.commit();
}

/** @param {string} message */
function warn(message) {
  // A closed stderr means nobody is listening; its EPIPE must not become a failed exit.
  process.stderr.on('error', () => {});
  process.stderr.write(`orrery hook: ${message}\n`);
}

if (process.env.ORRERY_HOOK_DISABLE !== '1') {
  try {
    await main();
  } catch (error) {
    warn(error instanceof Error ? error.message : String(error));
  }
}
process.exitCode = 0;
