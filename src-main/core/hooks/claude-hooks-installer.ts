import { copyFileSync, constants, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { HOOK_EVENTS } from '../../../resources/hooks/claude-hook-events.mjs';
import type { HooksChange } from '../../../src-shared/hooks/hooks-contract';

export type { HooksChange } from '../../../src-shared/hooks/hooks-contract';

/** How Orrery recognises its own entries among the user's hooks: by the script they run. */
export const HOOK_SCRIPT_NAME = 'orrery-claude-hook.mjs';
/** Seconds; Claude Code's default is 60, and a hook that hangs should not hold a session that long. */
const HOOK_TIMEOUT_S = 10;
/** Events whose matcher is a tool name; "*" matches every tool. The others take no matcher. */
const TOOL_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure']);

export type HookEventName = (typeof HOOK_EVENTS)[number];

export interface InstallOptions {
  /** Absolute path of the hook script; found next to this module's resources by default. */
  hookScript?: string;
  /** For the backup's name; tests pin it. */
  now?: Date;
}

/** The settings file cannot be changed safely; nothing was written. Its message reaches api clients as is. */
export class SettingsFileError extends Error {
  readonly code = 'failed_precondition';
}

type Json = Record<string, unknown>;
interface HookGroup extends Json {
  hooks: unknown[];
}

/** `$CLAUDE_CONFIG_DIR/settings.json` if set, else `~/.claude/settings.json`, as Claude Code reads it. */
export function resolveClaudeSettingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.CLAUDE_CONFIG_DIR ? resolve(env.CLAUDE_CONFIG_DIR) : join(homedir(), '.claude'), 'settings.json');
}

/**
 * The hook script ships in resources/hooks at the package root. Bundled, this module may sit one
 * or two folders below out/ (a shared chunk), so the root is searched for rather than assumed.
 */
export function findHookScript(from: string = __dirname): string {
  let dir = from;
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, 'resources', 'hooks', HOOK_SCRIPT_NAME);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new SettingsFileError(`cannot find resources/hooks/${HOOK_SCRIPT_NAME} above ${from}`);
}

/**
 * Plain `node` on purpose: Claude Code runs hooks through a shell with the user's PATH, and the
 * hook needs no particular Node version (it loads nothing native).
 */
export function hookCommand(hookScript: string): string {
  return `node "${resolve(hookScript)}"`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOrreryHook(hook: unknown): boolean {
  return isObject(hook) && typeof hook.command === 'string' && hook.command.includes(HOOK_SCRIPT_NAME);
}

function isGroup(group: unknown): group is HookGroup {
  return isObject(group) && Array.isArray(group.hooks);
}

function readSettings(settingsPath: string): { settings: Json; existed: boolean } {
  let text: string;
  try {
    text = readFileSync(settingsPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: {}, existed: false };
    throw new SettingsFileError(`cannot read ${settingsPath}: ${(error as Error).message}`);
  }
  let settings: unknown;
  try {
    // An empty file is what some editors leave behind; Claude Code treats it as no settings.
    settings = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new SettingsFileError(`${settingsPath} is not valid JSON (${(error as Error).message}); fix or move it, then run this again. Nothing was changed.`);
  }
  if (!isObject(settings)) throw new SettingsFileError(`${settingsPath} does not hold a JSON object; nothing was changed.`);
  if (settings.hooks !== undefined && !isObject(settings.hooks)) {
    throw new SettingsFileError(`"hooks" in ${settingsPath} is not an object; nothing was changed.`);
  }
  for (const [event, groups] of Object.entries(settings.hooks ?? {})) {
    if (!Array.isArray(groups)) throw new SettingsFileError(`"hooks.${event}" in ${settingsPath} is not a list; nothing was changed.`);
  }
  return { settings, existed: true };
}

/** `settings.json.orrery-backup-2025-06-01T12-00-00-000Z`: sortable, and valid on every file system. */
function backUp(settingsPath: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let attempt = 0; ; attempt++) {
    const backupPath = `${settingsPath}.orrery-backup-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
    try {
      copyFileSync(settingsPath, backupPath, constants.COPYFILE_EXCL);
      return backupPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Claude Code watches this file and may read it at any moment: write a sibling, then rename it
 * over, so it only ever sees the old or the new whole file.
 */
function writeSettings(settingsPath: string, settings: Json, existed: boolean): void {
  const mode = existed ? statSync(settingsPath).mode & 0o777 : 0o600;
  if (!existed) mkdirSync(dirname(settingsPath), { recursive: true });
  const temporary = `${settingsPath}.orrery-${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(settings, null, 2)}\n`, { mode });
  renameSync(temporary, settingsPath);
}

function orreryGroup(event: string, command: string): HookGroup {
  const hook = { type: 'command', command, timeout: HOOK_TIMEOUT_S };
  return TOOL_EVENTS.has(event) ? { matcher: '*', hooks: [hook] } : { hooks: [hook] };
}

/** True when `groups` holds exactly one Orrery hook, alone in its group, running `command`. */
function hasCurrentEntry(groups: readonly unknown[], command: string): boolean {
  const ours = groups.filter((group) => isGroup(group) && group.hooks.some(isOrreryHook));
  if (ours.length !== 1) return false;
  const hooks = (ours[0] as HookGroup).hooks;
  return hooks.length === 1 && isObject(hooks[0]) && hooks[0].command === command;
}

/**
 * Removes Orrery's hooks from the groups, and groups that held nothing else; the user's hooks
 * and groups stay exactly as they were.
 */
function withoutOrreryHooks(groups: readonly unknown[]): unknown[] {
  const kept: unknown[] = [];
  for (const group of groups) {
    if (!isGroup(group) || !group.hooks.some(isOrreryHook)) {
      kept.push(group);
      continue;
    }
    const hooks = group.hooks.filter((hook) => !isOrreryHook(hook));
    if (hooks.length > 0) kept.push({ ...group, hooks });
  }
  return kept;
}

function commit(settingsPath: string, settings: Json, existed: boolean, events: string[], now: Date): HooksChange {
  if (events.length === 0) return { settingsPath, changed: false, backupPath: undefined, events };
  const backupPath = existed ? backUp(settingsPath, now) : undefined;
  writeSettings(settingsPath, settings, existed);
  return { settingsPath, changed: true, backupPath, events };
}

/**
 * Registers the Orrery hook for every event it maps, next to the user's own hooks. Idempotent:
 * run twice, the second run changes nothing; an entry pointing at an old location is updated.
 * Throws {@link SettingsFileError} (and writes nothing) when the file is not valid settings JSON.
 */
export function installHooks(settingsPath: string, options: InstallOptions = {}): HooksChange {
  const command = hookCommand(options.hookScript ?? findHookScript());
  const { settings, existed } = readSettings(settingsPath);
  const hooks: Json = isObject(settings.hooks) ? settings.hooks : {};
  const events: string[] = [];
  for (const event of HOOK_EVENTS) {
    const groups = (hooks[event] as unknown[] | undefined) ?? [];
    if (hasCurrentEntry(groups, command)) continue;
    hooks[event] = [...withoutOrreryHooks(groups), orreryGroup(event, command)];
    events.push(event);
  }
  if (events.length > 0) settings.hooks = hooks;
  return commit(settingsPath, settings, existed, events, options.now ?? new Date());
}

/**
 * Removes exactly Orrery's hook entries, from every event, and any list or object left empty by
 * that removal (so install + uninstall gives back the original file's content).
 */
export function uninstallHooks(settingsPath: string, options: Pick<InstallOptions, 'now'> = {}): HooksChange {
  const { settings, existed } = readSettings(settingsPath);
  const events: string[] = [];
  if (isObject(settings.hooks)) {
    const hooks = settings.hooks;
    for (const [event, groups] of Object.entries(hooks) as [string, unknown[]][]) {
      const kept = withoutOrreryHooks(groups);
      if (kept.length === groups.length && kept.every((group, i) => group === groups[i])) continue;
      events.push(event);
      if (kept.length > 0) hooks[event] = kept;
      else delete hooks[event];
    }
    if (events.length > 0 && Object.keys(hooks).length === 0) delete settings.hooks;
  }
  return commit(settingsPath, settings, existed, events, options.now ?? new Date());
}
