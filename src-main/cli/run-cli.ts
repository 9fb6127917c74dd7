import { UsageError } from '../core/config/command-line';
import type { CliContext } from './cli-context';
import { DEMO_USAGE, runDemo } from './demo-command';
import { SettingsFileError } from '../core/hooks/claude-hooks-installer';
import { EMIT_USAGE, runEmit } from './emit-command';
import { HOOKS_USAGE, runHooks } from './hooks-command';

export const USAGE = `Usage: orrery <command> [options]

Commands:
  emit <type> --agent <id> [...]   append one event to the journal
  hooks install|uninstall          connect Claude Code to Orrery (or disconnect it)
  demo [--speed N] [--duration S]  play a scripted fleet of agents
  help [command]                   show this help, or a command's

The desktop app itself starts with \`npm start\`; \`orrery <command> --help\` shows details.
`;

const COMMAND_USAGE: Record<string, string> = { emit: EMIT_USAGE, hooks: HOOKS_USAGE, demo: DEMO_USAGE };

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
    if (error instanceof SettingsFileError) {
      context.stderr(`orrery: ${error.message}\n`);
      return 1;
    }
    context.stderr(`orrery: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
