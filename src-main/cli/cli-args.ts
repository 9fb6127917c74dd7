import { UsageError } from '../core/config/command-line';

export interface CliArgs<Name extends string> {
  positionals: string[];
  flags: Partial<Record<Name, string>>;
  help: boolean;
}

/**
 * Parses a subcommand's arguments: `--name value` or `--name=value` for the given names,
 * `-h`/`--help`, and positionals. Every flag takes a value; unknown or repeated flags are
 * errors, so a typo never silently does something else.
 */
export function parseCliArgs<Name extends string>(argv: readonly string[], names: readonly Name[]): CliArgs<Name> {
  const known = new Set<string>(names);
  const args: CliArgs<Name> = { positionals: [], flags: {}, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') {
      args.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      args.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (args.flags[name as Name] !== undefined) throw new UsageError(`--${name} is given twice`);
    args.flags[name as Name] = value;
  }
  return args;
}

/** Rejects arguments a subcommand does not take, naming the first one. */
export function expectPositionals(args: CliArgs<string>, count: number, what: string): void {
  const extra = args.positionals[count];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}" after ${what}`);
}
