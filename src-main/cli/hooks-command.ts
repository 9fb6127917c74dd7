import { UsageError } from '../core/config/command-line';
import { expectPositionals, parseCliArgs } from './cli-args';
import type { CliContext } from './cli-context';
import { installHooks, resolveClaudeSettingsPath, uninstallHooks, type HooksChange } from '../core/hooks/claude-hooks-installer';

const HOOKS_FLAGS = ['settings'] as const;

/** `orrery hooks install|uninstall [--settings <file>]`. */
export function runHooks(argv: readonly string[], context: CliContext): number {
  const args = parseCliArgs(argv, HOOKS_FLAGS);
  const action = args.positionals[0];
  if (args.help) {
    context.stdout(HOOKS_USAGE);
    return 0;
  }
  if (action !== 'install' && action !== 'uninstall') {
    throw new UsageError(action === undefined ? 'hooks needs install or uninstall' : `unknown hooks action "${action}"; use install or uninstall`);
  }
  expectPositionals(args, 1, `hooks ${action}`);
  const settingsPath = args.flags.settings ?? resolveClaudeSettingsPath(context.env);
  const change = action === 'install' ? installHooks(settingsPath) : uninstallHooks(settingsPath);
  context.stdout(`${describe(action, change)}\n`);
  return 0;
}

function describe(action: 'install' | 'uninstall', change: HooksChange): string {
  if (!change.changed) {
    return action === 'install'
      ? `Orrery hooks are already installed in ${change.settingsPath}; nothing changed.`
      : `No Orrery hooks in ${change.settingsPath}; nothing changed.`;
  }
  const backup = change.backupPath === undefined ? '' : ` (backup: ${change.backupPath})`;
  return action === 'install'
    ? `Installed Orrery hooks for ${change.events.join(', ')} in ${change.settingsPath}${backup}. New Claude Code sessions report to Orrery.`
    : `Removed Orrery hooks from ${change.events.join(', ')} in ${change.settingsPath}${backup}.`;
}

export const HOOKS_USAGE = `Usage: orrery hooks install|uninstall [--settings <file>]

Adds Orrery's hook to Claude Code's settings (or removes it), next to your own hooks,
so every Claude Code session and subagent shows up in Orrery. The file is backed up
first (settings.json.orrery-backup-<time>); running install twice changes nothing.

  --settings <file>  settings file (default: $CLAUDE_CONFIG_DIR/settings.json,
                     else ~/.claude/settings.json)

Set ORRERY_HOOK_DISABLE=1 in a session's environment to silence the hook there.
`;
