import { join } from 'node:path';
import { parseCommonFlags, UsageError } from '../core/config/command-line';
import { describeFatalError } from '../core/app/fatal-error';
import { removeHostFile, writeHostFile } from '../core/app/host-file';
import { startCore } from '../core/orrery-core';
import { startHeadlessHost } from './headless-host';

const DEFAULT_PORT = 7317;
const MIN_PINNED_TOKEN_LENGTH = 24;

/** A pinned token (ORRERY_TOKEN) keeps a bookmark valid across restarts; a short one would be guessable. */
function pinnedToken(): string | undefined {
  const token = process.env.ORRERY_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (token.length < MIN_PINNED_TOKEN_LENGTH || !/^[\w-]+$/.test(token)) {
    throw new UsageError(`ORRERY_TOKEN must be at least ${MIN_PINNED_TOKEN_LENGTH} characters of [A-Za-z0-9_-]`);
  }
  return token;
}

async function main(): Promise<void> {
  const flags = parseCommonFlags(process.argv.slice(2));
  const token = pinnedToken();
  const core = startCore({ runtime: 'headless', home: flags.home, journals: flags.journals, paperclip: flags.paperclip ?? [], cliScript: join(__dirname, 'cli.js') });
  const host = await startHeadlessHost({
    api: core.api,
    rendererDir: join(__dirname, '../renderer'),
    port: flags.port ?? DEFAULT_PORT,
    token,
  });
  // The `orrery` CLI finds this Orrery through the file (readable by the user only, as it holds the token).
  writeHostFile(core.paths.home, { url: `ws://127.0.0.1:${host.port}/api`, token: host.token, pid: process.pid, runtime: 'headless' });
  // The one line scripts and tests parse; keep its shape stable.
  process.stdout.write(`ORRERY_URL=${host.url}\n`);
  process.stderr.write(`Orrery headless host on ${host.url.split('?')[0]} (data: ${core.paths.home}). Ctrl+C stops it.\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    removeHostFile(core.paths.home);
    void host.close().then(() => core.dispose()).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const { line, exitCode } = describeFatalError(error);
  process.stderr.write(`${line}\n`);
  process.exit(exitCode);
});
