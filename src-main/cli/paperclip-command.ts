import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AddPaperclipRequest, PaperclipInstance } from '../../src-shared/paperclip/paperclip-contract';
import { UsageError } from '../core/config/command-line';
import { expectPositionals, parseCliArgs } from './cli-args';

export const PAPERCLIP_USAGE = `Usage: orrery paperclip add <url> [--key-file FILE] [--companies ID,ID…]
       orrery paperclip ls [--json]
       orrery paperclip remove <url>

Tells the running Orrery which Paperclip servers to watch. Each company becomes a node under the
orchestrator, each live run an agent beneath it; the choice is remembered across starts.
  --key-file FILE     a board API key, read from FILE (never from the command line, where other
                      users and your shell history could see it); Orrery keeps it and never shows it
  --companies IDS     watch only these company ids (default: all)
  --home DIR          the Orrery to talk to (default ~/.orrery, or ORRERY_HOME)
`;

/** What the command writes to, and where a relative --key-file starts. */
export interface PaperclipCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

/** The running Orrery's api; called only once the command line is known to be right. */
export interface PaperclipHost {
  call(method: string, input: unknown): Promise<unknown>;
}

const FLAGS = ['key-file', 'companies', 'home'] as const;
/** How long `add` waits to report the first verdict (connected, or why not). */
const FIRST_VERDICT_MS = 5_000;

/**
 * `orrery paperclip add | ls | remove` against the running host. Returns the exit status: 0 done,
 * 1 refused (not watched, the host said no); a bad command line throws UsageError (exit 2).
 */
export async function paperclipCommand(argv: readonly string[], io: PaperclipCommandIo, host: PaperclipHost): Promise<number> {
  const args = parseCliArgs(argv, FLAGS, ['json']);
  const [action, url] = args.positionals;
  if (args.help) {
    io.stdout(PAPERCLIP_USAGE);
    return 0;
  }
  switch (action) {
    case 'add': {
      expectPositionals(args, 2, 'paperclip add <url>');
      if (url === undefined) throw new UsageError('paperclip add needs the URL of a Paperclip server, e.g. http://127.0.0.1:3100');
      const request = AddPaperclipRequest.safeParse({
        url,
        ...(args.flags['key-file'] !== undefined && { apiKey: readKey(resolve(io.cwd, args.flags['key-file'])) }),
        ...(args.flags.companies !== undefined && { companies: args.flags.companies.split(',').map((id) => id.trim()).filter((id) => id !== '') }),
      });
      if (!request.success) throw new UsageError(request.error.issues.map((issue) => `${issue.path.join('.') || 'url'}: ${issue.message}`).join('; '));
      const added = PaperclipInstance.parse(await host.call('paperclip.add', request.data));
      const verdict = await firstVerdict(host, added);
      io.stdout(`Watching ${verdict.url} (${describeSettings(verdict)}): ${describeState(verdict)}\n`);
      return 0;
    }
    case 'ls': {
      expectPositionals(args, 1, 'paperclip ls');
      const instances = z.array(PaperclipInstance).parse(await host.call('paperclip.instances', {}));
      if (args.switches.json) {
        io.stdout(`${JSON.stringify(instances, null, 2)}\n`);
        return 0;
      }
      if (instances.length === 0) {
        io.stdout('No Paperclip servers are watched. Add one: orrery paperclip add http://127.0.0.1:3100\n');
        return 0;
      }
      for (const instance of instances) io.stdout(`${instance.url}  ${describeState(instance)}  (${describeSettings(instance)})\n`);
      return 0;
    }
    case 'remove': {
      expectPositionals(args, 2, 'paperclip remove <url>');
      if (url === undefined) throw new UsageError('paperclip remove needs the URL it was added with');
      const { removed } = z.object({ removed: z.boolean() }).parse(await host.call('paperclip.remove', { url }));
      if (!removed) {
        io.stderr(`orrery: ${url} is not watched (orrery paperclip ls lists what is)\n`);
        return 1;
      }
      io.stdout(`Stopped watching ${url}; its agents left the graph. Paperclip itself was not touched.\n`);
      return 0;
    }
    case undefined:
      throw new UsageError('paperclip needs add, ls or remove');
    default:
      throw new UsageError(`unknown paperclip action "${action}"; use add, ls or remove`);
  }
}

/** The --home the command names, so the caller connects to that Orrery (undefined: the default one). */
export function paperclipHomeFlag(argv: readonly string[]): string | undefined {
  try {
    return parseCliArgs(argv, FLAGS, ['json']).flags.home;
  } catch {
    // A bad command line is the command's to report, with its usage.
    return undefined;
  }
}

function readKey(file: string): string {
  let key: string;
  try {
    key = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`cannot read the key file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (key === '') throw new UsageError(`the key file ${file} is empty`);
  return key;
}

/** An instance just added is still connecting; its first answer is what a person wants to see. */
async function firstVerdict(host: PaperclipHost, added: PaperclipInstance): Promise<PaperclipInstance> {
  const deadline = Date.now() + FIRST_VERDICT_MS;
  let latest = added;
  while (latest.state === 'connecting' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const found = z.array(PaperclipInstance).parse(await host.call('paperclip.instances', {})).find((instance) => instance.url === added.url);
    if (found === undefined) return latest;
    latest = found;
  }
  return latest;
}

function describeState(instance: PaperclipInstance): string {
  if (instance.state === 'connected') {
    const companies = instance.watching.map((company) => company.name).join(', ') || 'no companies yet';
    return `connected${instance.transport === 'polling' ? ' (polling every 2 s: live events refused)' : ''}, watching ${companies}`;
  }
  return instance.reason === undefined ? instance.state : `${instance.state}: ${instance.reason}`;
}

function describeSettings(instance: PaperclipInstance): string {
  const parts = [instance.hasKey ? 'API key set' : 'no API key', instance.companies === undefined ? 'all companies' : `companies ${instance.companies.join(', ')}`];
  if (instance.fromCommandLine) parts.push('from --paperclip');
  return parts.join(', ');
}
