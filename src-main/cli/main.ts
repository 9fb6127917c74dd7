/**
 * The `orrery` command (bundled to out/main/cli.js, started by src-main/launcher/orrery.mjs).
 * It runs under the user's plain `node`, possibly Node 20, so nothing reachable from here may
 * load better-sqlite3, node-pty or electron: it only ever writes the JSONL journal.
 */
import { runCli } from './run-cli';

const stop = new AbortController();
// Once: a second Ctrl+C falls through to Node's default and ends the process at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTty: process.stdout.isTTY === true,
  now: Date.now,
  signal: stop.signal,
}).then((code) => {
  process.exitCode = code;
});
