import { UsageError } from '../core/config/command-line';
import { runDemoFleet } from '../../resources/demo/demo-fleet.mjs';
import { appendEvents, resolveJournalPath } from '../../resources/hooks/journal-file.mjs';
import { expectPositionals, parseCliArgs } from './cli-args';
import type { CliContext } from './cli-context';

const DEMO_FLAGS = ['speed', 'duration', 'journal', 'seed'] as const;

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

/** `orrery demo`: plays the scripted fleet into the journal until --duration or Ctrl+C. */
export async function runDemo(argv: readonly string[], context: CliContext): Promise<number> {
  const args = parseCliArgs(argv, DEMO_FLAGS);
  if (args.help) {
    context.stdout(DEMO_USAGE);
    return 0;
  }
  expectPositionals(args, 0, 'demo');
  const speed = positiveNumber('speed', args.flags.speed) ?? 1;
  const durationS = positiveNumber('duration', args.flags.duration);
  const seed = args.flags.seed === undefined ? undefined : Number(args.flags.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${args.flags.seed}"`);
  const journal = args.flags.journal ?? resolveJournalPath(context.env);

  const until = durationS === undefined ? 'Ctrl+C stops it' : `for ${durationS} s (Ctrl+C stops it sooner)`;
  context.stderr(`orrery demo: writing a scripted fleet to ${journal} at ${speed}× speed, ${until}.\n`);
  const summary = await runDemoFleet({
    write: (events) => appendEvents(journal, events),
    speed,
    durationMs: durationS === undefined ? Infinity : durationS * 1000,
    signal: context.signal,
    ...(seed !== undefined && { seed }),
  });
  context.stderr(`orrery demo: stopped; ${summary.agents} agents, ${summary.events} events written.\n`);
  return 0;
}

export const DEMO_USAGE = `Usage: orrery demo [--speed N] [--duration S] [--journal <file>] [--seed N]

Plays a scripted fleet of agents into the journal, so Orrery has something to show
without a real agent: an orchestrator with workers and subagents, tool calls, usage,
a failing test run, an error, a long-running migration. On exit (end of --duration,
or Ctrl+C) the agents still running end as cancelled.

  --speed N         play N times faster (default 1: real-time rates)
  --duration S      stop after S seconds (default: run until Ctrl+C)
  --journal <file>  journal to append to (default: $ORRERY_JOURNAL, else
                    $ORRERY_HOME/events.jsonl, else ~/.orrery/events.jsonl)
  --seed N          replay the same fleet
`;
