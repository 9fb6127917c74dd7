import { join } from 'node:path';
import { parseCommonFlags } from '../core/config/command-line';
import { describeFatalError } from '../core/app/fatal-error';
import { startCore } from '../core/orrery-core';
import { startHeadlessHost } from './headless-host';

const DEFAULT_PORT = 7317;

async function main(): Promise<void> {
  const flags = parseCommonFlags(process.argv.slice(2));
  const core = startCore({ runtime: 'headless', home: flags.home });
  const host = await startHeadlessHost({
    api: core.api,
    rendererDir: join(__dirname, '../renderer'),
    port: flags.port ?? Number(process.env.ORRERY_PORT ?? DEFAULT_PORT),
  });
  // The one line scripts and tests parse; keep its shape stable.
  process.stdout.write(`ORRERY_URL=${host.url}\n`);
  process.stderr.write(`Orrery headless host on ${host.url.split('?')[0]} (data: ${core.paths.home}). Ctrl+C stops it.\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
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
