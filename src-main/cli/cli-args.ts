import { UsageError } from '../core/config/command-line';

export interface CliArgs<Name extends string, Switch extends string = never> {
  positionals: string[];
  flags: Partial<Record<Name, string>>;
  /** Flags that take no value (`--json`, `--follow`), true when given. */
  switches: Partial<Record<Switch, true>>;
  help: boolean;
}

/**
 * Parses a subcommand's arguments: `--name value` or `--name=value` for the given names, bare
 * `--switch` for the given switches, `-h`/`--help`, and positionals. Unknown or repeated flags
 * are errors, so a typo never silently does something else. After `--` everything is positional.
 */
export function parseCliArgs<Name extends string, Switch extends string = never>(argv: readonly string[], names: readonly Name[], switchNames: readonly Switch[] = []): CliArgs<Name, Switch> {
  const known = new Set<string>(names);
  const switches = new Set<string>(switchNames);
  const args: CliArgs<Name, Switch> = { positionals: [], flags: {}, switches: {}, help: false };
  let positionalOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (positionalOnly || !arg.startsWith('-') || arg === '-') {
      args.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      positionalOnly = true;
      continue;
    }
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
    if (switches.has(name) && equals === -1) {
      if (args.switches[name as Switch]) throw new UsageError(`--${name} is given twice`);
      args.switches[name as Switch] = true;
      continue;
    }
    if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (args.flags[name as Name] !== undefined) throw new UsageError(`--${name} is given twice`);
    args.flags[name as Name] = value;
  }
  return args;
}

/** Rejects arguments a subcommand does not take, naming the first one. */
export function expectPositionals(args: CliArgs<string, string>, count: number, what: string): void {
  const extra = args.positionals[count];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}" after ${what}`);
}
