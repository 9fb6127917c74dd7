import { UsageError } from '../core/config/command-line';
import type { CliContext } from './cli-context';
import { DEMO_USAGE, runDemo } from './demo-command';
import { SettingsFileError } from '../core/hooks/claude-hooks-installer';
import { EMIT_USAGE, runEmit } from './emit-command';
import { HOOKS_USAGE, runHooks } from './hooks-command';
import { HostUnreachableError, lazyHost } from './host-connection';
import { PAPERCLIP_USAGE, paperclipCommand, paperclipHomeFlag } from './paperclip-command';
import { WORKFLOW_USAGE, workflowCommand } from './workflow-command';
import type { MethodInput, MethodName, StreamInput, StreamName } from '../../src-shared/api/contract';
import { LOGS_USAGE, LS_USAGE, RESET_USAGE, RESUME_USAGE, RUN_USAGE, runLogs, runLs, runReset, runResume, runRun, runStop, STOP_USAGE } from './run-commands';
import { ApiError } from '../../src-shared/api/api-error';

export const USAGE = `Usage: orrery <command> [options]

Commands:
  run [--profile P] "<prompt>"     launch an agent in the running Orrery and stream its transcript
  ls [--json]                      list runs
  stop <run-id | agent-id>         cancel a run or an agent
  reset <run-id>                   start a run's task again in a fresh session
  resume <run-id> "<prompt>"       continue a run's session with a new prompt
  logs [--follow] <run-id>         print a run's transcript
  workflow ls|run|resume|stop      Claude Code workflow scripts, run by Orrery
  paperclip add|ls|remove          choose the Paperclip servers Orrery watches
  emit <type> --agent <id> [...]   append one event to the journal
  hooks install|uninstall          connect Claude Code to Orrery (or disconnect it)
  demo [--speed N] [--duration S]  play a scripted fleet of agents
  help [command]                   show this help, or a command's

The desktop app itself starts with \`npm start\`; \`orrery <command> --help\` shows details.
`;

const COMMAND_USAGE: Record<string, string> = {
  emit: EMIT_USAGE,
  hooks: HOOKS_USAGE,
  demo: DEMO_USAGE,
  run: RUN_USAGE,
  ls: LS_USAGE,
  stop: STOP_USAGE,
  reset: RESET_USAGE,
  resume: RESUME_USAGE,
  logs: LOGS_USAGE,
  paperclip: PAPERCLIP_USAGE,
  workflow: WORKFLOW_USAGE,
};

/**
 * Runs one CLI command and returns its exit status: 0 done, 2 bad command line (with the usage
 * on stderr), 1 anything else. Never calls process.exit, so tests can run it in-process.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'emit':
        return runEmit(rest, context);
      case 'hooks':
        return runHooks(rest, context);
      case 'demo':
        return await runDemo(rest, context);
      case 'run':
        return await runRun(rest, context);
      case 'ls':
        return await runLs(rest, context);
      case 'stop':
        return await runStop(rest, context);
      case 'reset':
        return await runReset(rest, context);
      case 'resume':
        return await runResume(rest, context);
      case 'logs':
        return await runLogs(rest, context);
      case 'paperclip':
        return await runPaperclip(rest, context);
      case 'workflow':
        return await runWorkflow(rest, context);
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0];
        if (topic !== undefined && COMMAND_USAGE[topic] === undefined) throw new UsageError(`no help for "${topic}"`);
        context.stdout(topic === undefined ? USAGE : (COMMAND_USAGE[topic] as string));
        return 0;
      }
      case undefined:
        throw new UsageError('a command is needed');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const usage = (command !== undefined && COMMAND_USAGE[command]) || USAGE;
      context.stderr(`orrery: ${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof SettingsFileError || error instanceof HostUnreachableError || error instanceof ApiError) {
      context.stderr(`orrery: ${error.message}\n`);
      return 1;
    }
    context.stderr(`orrery: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

/** The paperclip verbs speak the contract by name; the connection is the typed client's. */
async function runPaperclip(argv: readonly string[], context: CliContext): Promise<number> {
  const host = lazyHost(context.env, paperclipHomeFlag(argv));
  try {
    return await paperclipCommand(argv, context, { call: async (method, input) => (await host.connection()).api.call(method as MethodName, input as MethodInput<MethodName>) });
  } finally {
    host.close();
  }
}

/** The workflow verbs speak the contract by name; the connection is the typed client's. */
async function runWorkflow(argv: readonly string[], context: CliContext): Promise<number> {
  const host = lazyHost(context.env);
  try {
    return await workflowCommand(argv, context, {
      call: async (method, input) => (await host.connection()).api.call(method as MethodName, input as MethodInput<MethodName>),
      subscribe: (stream, input, onItem, onEnd) => {
        let stop: (() => void) | undefined;
        let stopped = false;
        void host.connection().then(
          ({ api }) => {
            if (!stopped) stop = api.subscribe(stream as StreamName, input as StreamInput<StreamName>, onItem, onEnd);
          },
          (error: unknown) => onEnd?.(error instanceof Error ? error : new Error(String(error))),
        );
        return () => {
          stopped = true;
          stop?.();
        };
      },
    });
  } finally {
    host.close();
  }
}
