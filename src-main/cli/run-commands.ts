import type { ApiClient } from '../../src-shared/api/api-client';
import type { LaunchRequest, RunInfo } from '../../src-shared/runs/runs-contract';
import { UsageError } from '../core/config/command-line';
import { expectPositionals, parseCliArgs } from './cli-args';
import type { CliContext } from './cli-context';
import { connectToHost } from './host-connection';
import type { HostConnection } from './host-connection';

export const RUN_USAGE = `Usage: orrery run [--profile claude] [--cwd DIR] [--model M] [--max-cost-usd N] [--max-turns N] [--background] "<prompt>"

Asks the running Orrery to launch an agent. Without --background it streams the run's readable
transcript and exits with the run's outcome (0 success, 1 error, 130 cancelled, 2 bad usage);
with it, it prints the run id. Ctrl+C cancels the run.
  --home DIR   the Orrery to talk to (default ~/.orrery, or ORRERY_HOME)
`;
export const LS_USAGE = `Usage: orrery ls [--json] [--active] [--limit N]

Lists runs, newest first: id, profile, state, outcome, agent id, session id, pid, cost, started, ended.
`;
export const STOP_USAGE = `Usage: orrery stop <run-id | agent-id>

Cancels the run (SIGINT, SIGTERM after the grace, then SIGKILL on its whole process tree), or any
agent that can be cancelled. Cancelling an ended run is a no-op.
`;
export const RESET_USAGE = `Usage: orrery reset <run-id>

Stops the run if it is live, then starts the same task again in a fresh session. Prints the new run id.
`;
export const RESUME_USAGE = `Usage: orrery resume [--background] <run-id> "<prompt>"

Sends a new prompt into the run's session (claude --resume, codex exec resume), from the same
working directory, and streams it like \`orrery run\`.
`;
export const LOGS_USAGE = `Usage: orrery logs [--follow] <run-id>

Prints the run's readable transcript; with --follow, keeps printing until the run ends.
`;

const RUN_FLAGS = ['profile', 'cwd', 'model', 'max-cost-usd', 'max-turns', 'home'] as const;

/** Exit codes by outcome, as a shell expects: 130 is what Ctrl+C gives. */
export function exitCodeOf(run: RunInfo): number {
  switch (run.outcome) {
    case 'success':
      return 0;
    case 'cancelled':
      return 130;
    default:
      return 1;
  }
}

export async function runRun(argv: readonly string[], context: CliContext): Promise<number> {
  const args = parseCliArgs(argv, RUN_FLAGS, ['background']);
  if (args.help) return usage(context, RUN_USAGE);
  const prompt = args.positionals.join(' ').trim();
  if (prompt === '') throw new UsageError('a prompt is needed');
  const request: LaunchRequest = {
    prompt,
    ...(args.flags.profile !== undefined && { profileId: args.flags.profile }),
    ...(args.flags.cwd !== undefined && { cwd: absolute(args.flags.cwd, context) }),
    ...(args.flags.model !== undefined && { model: args.flags.model }),
    ...(args.flags['max-cost-usd'] !== undefined && { maxCostUsd: positive('max-cost-usd', args.flags['max-cost-usd']) }),
    ...(args.flags['max-turns'] !== undefined && { maxTurns: Math.round(positive('max-turns', args.flags['max-turns'])) }),
  };
  if (request.cwd === undefined) request.cwd = context.cwd;
  return withHost(context, args.flags.home, async ({ api }) => {
    const run = await api.call('runs.launch', request);
    if (args.switches.background) {
      context.stdout(`${run.id}\n`);
      return 0;
    }
    return follow(api, run.id, context, true);
  });
}

export async function runLs(argv: readonly string[], context: CliContext): Promise<number> {
  const args = parseCliArgs(argv, ['home', 'limit'] as const, ['json', 'active']);
  if (args.help) return usage(context, LS_USAGE);
  expectPositionals(args, 0, 'ls');
  const limit = args.flags.limit === undefined ? 50 : Math.round(positive('limit', args.flags.limit));
  return withHost(context, args.flags.home, async ({ api }) => {
    const runs = await api.call('runs.list', { limit, activeOnly: args.switches.active === true });
    if (args.switches.json) {
      context.stdout(`${JSON.stringify(runs.map(listed), null, 2)}\n`);
      return 0;
    }
    context.stdout(runTable(runs));
    return 0;
  });
}

export async function runStop(argv: readonly string[], context: CliContext): Promise<number> {
  const args = parseCliArgs(argv, ['home'] as const);
  if (args.help) return usage(context, STOP_USAGE);
  const target = single(args.positionals, 'a run id or an agent id');
  return withHost(context, args.flags.home, async ({ api }) => {
    const run = await api.call('runs.get', { runId: target }).catch(() => undefined);
    const result = await api.call('agents.cancel', { agentId: run?.agentId ?? target });
    context.stdout(`${result.agentId}: ${result.message}\n`);
    return 0;
  });
}

export async function runReset(argv: readonly string[], context: CliContext): Promise<number> {
  const args = parseCliArgs(argv, ['home'] as const);
  if (args.help) return usage(context, RESET_USAGE);
  const runId = single(args.positionals, 'a run id');
  return withHost(context, args.flags.home, async ({ api }) => {
    const run = await api.call('runs.reset', { runId: await resolveRunId(api, runId) });
    context.stdout(`${run.id}\n`);
    return 0;
  });
}

export async function runResume(argv: readonly string[], context: CliContext): Promise<number> {
  const args = parseCliArgs(argv, ['home'] as const, ['background']);
  if (args.help) return usage(context, RESUME_USAGE);
  const [runId, ...words] = args.positionals;
  const prompt = words.join(' ').trim();
  if (runId === undefined || prompt === '') throw new UsageError('a run id and a prompt are needed');
  return withHost(context, args.flags.home, async ({ api }) => {
    const run = await api.call('runs.resume', { runId: await resolveRunId(api, runId), prompt });
    if (args.switches.background) {
      context.stdout(`${run.id}\n`);
      return 0;
    }
    return follow(api, run.id, context, true);
  });
}

export async function runLogs(argv: readonly string[], context: CliContext): Promise<number> {
  const args = parseCliArgs(argv, ['home'] as const, ['follow']);
  if (args.help) return usage(context, LOGS_USAGE);
  const runId = single(args.positionals, 'a run id');
  return withHost(context, args.flags.home, async ({ api }) => {
    const id = await resolveRunId(api, runId);
    if (args.switches.follow) return follow(api, id, context, false);
    const { text } = await api.call('runs.transcript', { runId: id });
    context.stdout(forTerminal(text, context));
    return 0;
  });
}

/**
 * Streams a run's transcript until it ends and returns its exit code. With `cancelOnInterrupt`
 * Ctrl+C cancels the run (the person started it from here); otherwise it only stops following.
 */
function follow(api: ApiClient, runId: string, context: CliContext, cancelOnInterrupt: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    let cancelling = false;
    const onInterrupt = (): void => {
      if (!cancelOnInterrupt) {
        stop();
        resolve(130);
        return;
      }
      if (cancelling) return;
      cancelling = true;
      context.stderr(`\norrery: cancelling ${runId}…\n`);
      api.call('runs.cancel', { runId }).catch((error: unknown) => context.stderr(`orrery: ${String(error)}\n`));
    };
    context.signal.addEventListener('abort', onInterrupt);
    const stop = api.subscribe(
      'runs.transcriptStream',
      { runId },
      (piece) => {
        if (piece.text !== '') context.stdout(forTerminal(piece.text, context));
        if (!piece.done) return;
        context.signal.removeEventListener('abort', onInterrupt);
        api.call('runs.get', { runId }).then((run) => resolve(exitCodeOf(run)), reject);
      },
      (error) => {
        context.signal.removeEventListener('abort', onInterrupt);
        if (error) reject(error);
      },
    );
  });
}

async function withHost(context: CliContext, home: string | undefined, action: (host: HostConnection) => Promise<number>): Promise<number> {
  const host = await connectToHost(context.env, home);
  try {
    return await action(host);
  } finally {
    host.close();
  }
}

/** Accepts a run's agent id (run-…) too, as the graph shows it. */
async function resolveRunId(api: ApiClient, id: string): Promise<string> {
  return (await api.call('runs.get', { runId: id })).id;
}

function listed(run: RunInfo): Record<string, unknown> {
  return {
    id: run.id,
    profile: run.profileId,
    state: run.state,
    outcome: run.outcome ?? null,
    agentId: run.agentId,
    sessionId: run.sessionId ?? null,
    pid: run.pid ?? null,
    costUsd: run.costUsd,
    costEstimated: run.costEstimated,
    startedAt: run.startedAt === undefined ? null : new Date(run.startedAt).toISOString(),
    endedAt: run.endedAt === undefined ? null : new Date(run.endedAt).toISOString(),
  };
}

export function runTable(runs: readonly RunInfo[]): string {
  if (runs.length === 0) return 'No runs yet. Start one with: orrery run "<prompt>"\n';
  const rows = [
    ['ID', 'PROFILE', 'STATE', 'OUTCOME', 'AGENT', 'SESSION', 'PID', 'COST', 'STARTED', 'ENDED'],
    ...runs.map((run) => [
      run.id,
      run.profileId,
      run.state,
      run.outcome ?? '-',
      run.agentId,
      run.sessionId ?? '-',
      run.pid === undefined ? '-' : String(run.pid),
      `$${run.costUsd.toFixed(4)}${run.costEstimated ? '~' : ''}`,
      time(run.startedAt),
      time(run.endedAt),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] as string).length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ').trimEnd()).join('\n') + '\n';
}

function time(at: number | undefined): string {
  return at === undefined ? '-' : new Date(at).toISOString().replace('T', ' ').slice(0, 19);
}

/** The transcript is made for xterm (CRLF, colours); a pipe or NO_COLOR gets plain lines. */
function forTerminal(text: string, context: CliContext): string {
  const lines = text.replace(/\r\n/g, '\n');
  // eslint-disable-next-line no-control-regex
  return context.stdoutIsTty && context.env.NO_COLOR === undefined ? lines : lines.replace(/\u001b\[[0-9;]*m/g, '');
}

function usage(context: CliContext, text: string): number {
  context.stdout(text);
  return 0;
}

function single(positionals: readonly string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`${what} is needed`);
  return positionals[0] as string;
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

function absolute(path: string, context: CliContext): string {
  return path.startsWith('/') ? path : `${context.cwd.replace(/\/$/, '')}/${path}`;
}
