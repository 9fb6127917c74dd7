import { isAbsolute, resolve } from 'node:path';
import type {
  WorkflowAgentInfo,
  WorkflowChange,
  WorkflowEntry,
  WorkflowRunDetail,
  WorkflowRunInfo,
  WorkflowStartRequest,
} from '../../src-shared/workflows/workflows-contract';
import { UsageError } from '../core/config/command-line';
import { expectPositionals, parseCliArgs } from './cli-args';
import type { CliContext } from './cli-context';

/** The running Orrery, as this command needs it (the lead's host connection provides it). */
export interface WorkflowCliHost {
  call(method: string, input: unknown): Promise<unknown>;
  subscribe(stream: string, input: unknown, onItem: (item: unknown) => void, onEnd?: (error?: Error) => void): () => void;
}

export const WORKFLOW_USAGE = `Usage: orrery workflow ls [--json] [--cwd DIR]
       orrery workflow run <name|path> [--args JSON] [--profile P] [--budget-tokens N] [--cwd DIR] [--background]
       orrery workflow resume <run-id> [--budget-tokens N] [--background]
       orrery workflow stop <run-id>

Runs Claude Code's workflow scripts (.claude/workflows/*.js) in the running Orrery, where every
agent they start is on the graph. Found in DIR/.claude/workflows, DIR/.orrery/workflows,
~/.claude/workflows, <data dir>/workflows and the built-ins; the nearer one wins a name.

  ls               every workflow found, with its source; broken ones with file, line and reason
  run              start one; progress goes to stderr, the result as JSON to stdout
  resume           run a stopped or failed run again: unchanged calls come from its journal
  stop             cancel a run and its agents
  --args JSON      the value the script sees as \`args\`
  --budget-tokens  a hard ceiling on the run's output tokens
  --cwd DIR        where project workflows are found and agents work (default: here)
  --background     print the run id and return at once

Exit codes: 0 success, 1 error, 130 cancelled (Ctrl+C cancels the run), 2 bad usage.
`;

/** `orrery workflow ls | run | resume | stop`. */
export async function workflowCommand(argv: readonly string[], io: CliContext, host: WorkflowCliHost): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'ls':
      return list(rest, io, host);
    case 'run':
      return run(rest, io, host);
    case 'resume':
      return resumeRun(rest, io, host);
    case 'stop':
      return stop(rest, io, host);
    case 'help':
    case '--help':
    case '-h':
      return usage(io);
    case undefined:
      throw new UsageError('workflow needs ls, run, resume or stop');
    default:
      throw new UsageError(`unknown workflow action "${action}"; use ls, run, resume or stop`);
  }
}

async function list(argv: readonly string[], io: CliContext, host: WorkflowCliHost): Promise<number> {
  const args = parseCliArgs(argv, ['cwd'] as const, ['json']);
  if (args.help) return usage(io);
  expectPositionals(args, 0, 'workflow ls');
  const entries = (await host.call('workflows.list', { cwd: absolute(args.flags.cwd ?? '.', io) })) as WorkflowEntry[];
  if (args.switches.json) {
    io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    io.stdout('No workflows found.\n');
    return 0;
  }
  const width = Math.max(...entries.map((entry) => entry.name.length));
  for (const entry of entries) {
    const about = entry.error !== undefined ? `cannot run: ${entry.error.file}${entry.error.line === undefined ? '' : `:${entry.error.line}`}: ${entry.error.reason}` : (entry.description ?? '');
    const shadowed = entry.shadowedBy === undefined ? '' : ` (shadowed by ${entry.shadowedBy.path})`;
    io.stdout(`${entry.error !== undefined ? '✗' : entry.shadowedBy !== undefined ? '·' : ' '} ${entry.name.padEnd(width)}  ${entry.sourceKind.padEnd(14)}  ${about}${shadowed}\n`);
  }
  return 0;
}

async function run(argv: readonly string[], io: CliContext, host: WorkflowCliHost): Promise<number> {
  const args = parseCliArgs(argv, ['args', 'profile', 'budget-tokens', 'cwd'] as const, ['background']);
  if (args.help) return usage(io);
  const target = args.positionals[0];
  if (target === undefined) throw new UsageError('workflow run needs a workflow name or a path to its file');
  expectPositionals(args, 1, `workflow run ${target}`);
  const cwd = absolute(args.flags.cwd ?? '.', io);
  const looksLikePath = target.includes('/') || target.endsWith('.js');
  const request: WorkflowStartRequest = {
    nameOrPath: looksLikePath ? absolute(target, io) : target,
    cwd,
    ...(args.flags.args !== undefined && { args: parseArgs(args.flags.args) }),
    ...(args.flags.profile !== undefined && { profileId: args.flags.profile }),
    ...(args.flags['budget-tokens'] !== undefined && { budgetTokens: tokens(args.flags['budget-tokens']) }),
  };
  return follow(io, host, args.switches.background === true, async () => (await host.call('workflows.start', request)) as WorkflowRunInfo);
}

async function resumeRun(argv: readonly string[], io: CliContext, host: WorkflowCliHost): Promise<number> {
  const args = parseCliArgs(argv, ['budget-tokens'] as const, ['background']);
  if (args.help) return usage(io);
  const runId = args.positionals[0];
  if (runId === undefined) throw new UsageError('workflow resume needs a run id');
  expectPositionals(args, 1, `workflow resume ${runId}`);
  const budget = args.flags['budget-tokens'];
  return follow(io, host, args.switches.background === true, async () => (await host.call('workflows.resume', { runId, ...(budget !== undefined && { budgetTokens: tokens(budget) }) })) as WorkflowRunInfo);
}

async function stop(argv: readonly string[], io: CliContext, host: WorkflowCliHost): Promise<number> {
  const args = parseCliArgs(argv, [] as const);
  if (args.help) return usage(io);
  const runId = args.positionals[0];
  if (runId === undefined) throw new UsageError('workflow stop needs a run id');
  expectPositionals(args, 1, `workflow stop ${runId}`);
  const run = (await host.call('workflows.cancel', { runId })) as WorkflowRunInfo;
  io.stdout(`${run.id}: ${run.outcome ?? run.state}\n`);
  return 0;
}

/**
 * Starts (or resumes) a run and prints its progress until it ends: phases, agents as they end,
 * log lines. Subscribing comes first, so nothing between the start and the subscription is missed.
 */
async function follow(io: CliContext, host: WorkflowCliHost, background: boolean, start: () => Promise<WorkflowRunInfo>): Promise<number> {
  if (background) {
    const run = await start();
    io.stdout(`${run.id}\n`);
    return 0;
  }
  let runId: string | undefined;
  const early: WorkflowChange[] = [];
  let finish!: (run: WorkflowRunInfo | Error) => void;
  const ended = new Promise<WorkflowRunInfo | Error>((resolve) => {
    finish = resolve;
  });
  const printer = progressPrinter(io);
  const onChange = (change: WorkflowChange): void => {
    printer(change);
    if (change.kind === 'run' && change.run.state === 'done') finish(change.run);
  };
  const unsubscribe = host.subscribe(
    'workflows.changes',
    {},
    (item) => {
      const change = item as WorkflowChange;
      if (runId === undefined) early.push(change);
      else if ((change.kind === 'run' ? change.run.id : change.runId) === runId) onChange(change);
    },
    (error) => finish(error ?? new Error('the connection to Orrery closed')),
  );
  const onAbort = (): void => {
    if (runId === undefined) return;
    io.stderr('Cancelling the workflow…\n');
    host.call('workflows.cancel', { runId }).catch((error: unknown) => finish(error instanceof Error ? error : new Error(String(error))));
  };
  io.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const started = await start();
    runId = started.id;
    io.stderr(`workflow ${started.name}: run ${started.id}${started.attempts > 1 ? ` (attempt ${started.attempts})` : ''}\n`);
    for (const change of early.splice(0)) if ((change.kind === 'run' ? change.run.id : change.runId) === runId) onChange(change);
    if (io.signal.aborted) onAbort();
    const last = (await host.call('workflows.get', { runId })) as WorkflowRunDetail;
    if (last.state === 'done') finish(last);
    const outcome = await ended;
    if (outcome instanceof Error) throw outcome;
    const detail = (await host.call('workflows.get', { runId })) as WorkflowRunDetail;
    return report(io, detail);
  } finally {
    io.signal.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}

function progressPrinter(io: CliContext): (change: WorkflowChange) => void {
  let phase: string | undefined;
  return (change) => {
    if (change.kind === 'log') {
      io.stderr(`  · ${change.line.message}\n`);
      return;
    }
    if (change.kind === 'run') {
      if (change.run.currentPhase !== undefined && change.run.currentPhase !== phase) {
        phase = change.run.currentPhase;
        io.stderr(`▸ ${phase}\n`);
      }
      return;
    }
    const line = agentLine(change.agent);
    if (line !== undefined) io.stderr(`${line}\n`);
  };
}

function agentLine(agent: WorkflowAgentInfo): string | undefined {
  const name = agent.label ?? agent.promptPreview.split('\n')[0]?.slice(0, 60) ?? `call ${agent.position + 1}`;
  if (agent.cached) return `  ↺ ${name} (from the journal)`;
  switch (agent.state) {
    case 'running':
      return `  … ${name}`;
    case 'done':
      return `  ✓ ${name} (${seconds(agent.durationMs)}, ${agent.tokensOut} tokens)`;
    case 'failed':
    case 'rejected':
    case 'interrupted':
      return `  ✗ ${name}: ${agent.error ?? agent.state}`;
    case 'cancelled':
      return `  ⨯ ${name}: cancelled`;
    default:
      return undefined;
  }
}

function report(io: CliContext, detail: WorkflowRunDetail): number {
  const took = detail.endedAt === undefined ? '' : ` in ${seconds(detail.endedAt - detail.startedAt)}`;
  const calls = `${detail.totalCalls} agent call${detail.totalCalls === 1 ? '' : 's'}, ${detail.cachedCount} from the journal`;
  io.stderr(`workflow ${detail.name}: ${detail.outcome ?? detail.state}${took}; ${calls}; ${detail.spentTokens} output tokens\n`);
  if (detail.error !== undefined) {
    const where = detail.error.line === undefined ? '' : ` (${detail.error.file ?? detail.scriptPath}:${detail.error.line})`;
    io.stderr(`error: ${detail.error.message}${where}\n`);
  }
  if (detail.outcome !== 'success' && detail.outcome !== undefined) io.stderr(`resume it with: orrery workflow resume ${detail.id}\n`);
  if (detail.outcome === 'success') io.stdout(`${JSON.stringify(detail.result ?? null, null, 2)}\n`);
  return detail.outcome === 'success' ? 0 : detail.outcome === 'cancelled' ? 130 : 1;
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '?' : `${(ms / 1000).toFixed(1)} s`;
}

function parseArgs(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new UsageError(`--args must be JSON (${(error as Error).message}); quote it, e.g. --args '{"question": "…"}'`);
  }
}

function tokens(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`--budget-tokens must be a positive whole number, got "${raw}"`);
  return value;
}

function absolute(path: string, io: CliContext): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

function usage(io: CliContext): number {
  io.stdout(WORKFLOW_USAGE);
  return 0;
}
