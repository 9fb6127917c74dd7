import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOOK_EVENTS } from '../../../../resources/hooks/claude-hook-events.mjs';
import {
  findHookScript,
  hookCommand,
  installHooks,
  resolveClaudeSettingsPath,
  SettingsFileError,
  uninstallHooks,
} from '../../../../src-main/core/hooks/claude-hooks-installer';

const HOOK_SCRIPT = join(__dirname, '../../../../resources/hooks/orrery-claude-hook.mjs');
const COMMAND = `node "${HOOK_SCRIPT}"`;
const NOW = new Date('2025-06-01T12:00:00.000Z');

/** A user's settings with hooks of their own, one of them sharing an event with Orrery. */
const USER_SETTINGS = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test:*)'] },
  hooks: {
    PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '~/bin/check-bash.sh' }] }],
    PreCompact: [{ hooks: [{ type: 'command', command: 'echo compacting' }] }],
  },
};

let dir: string;
let settingsPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orrery-settings-'));
  settingsPath = join(dir, 'settings.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(value: unknown): string {
  const text = typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(settingsPath, text);
  return text;
}

function read(): { hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]> } & Record<string, unknown> {
  return JSON.parse(readFileSync(settingsPath, 'utf8'));
}

function backups(): string[] {
  return readdirSync(dir).filter((name) => name.includes('.orrery-backup-'));
}

describe('installHooks', () => {
  it('adds one Orrery entry per hook event and keeps every user setting and hook', () => {
    const original = write(USER_SETTINGS);
    const change = installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: NOW });

    expect(change).toEqual({ settingsPath, changed: true, backupPath: `${settingsPath}.orrery-backup-2025-06-01T12-00-00-000Z`, events: [...HOOK_EVENTS] });
    expect(readFileSync(change.backupPath as string, 'utf8')).toBe(original);
    const settings = read();
    expect(settings.model).toBe('opus');
    expect(settings.permissions).toEqual(USER_SETTINGS.permissions);
    expect(settings.hooks.PreCompact).toEqual(USER_SETTINGS.hooks.PreCompact);
    expect(settings.hooks.PreToolUse).toEqual([
      USER_SETTINGS.hooks.PreToolUse[0],
      { matcher: '*', hooks: [{ type: 'command', command: COMMAND, timeout: 10 }] },
    ]);
    expect(settings.hooks.Stop).toEqual([{ hooks: [{ type: 'command', command: COMMAND, timeout: 10 }] }]);
    for (const event of HOOK_EVENTS) expect(settings.hooks[event]?.filter((group) => group.hooks[0]?.command === COMMAND)).toHaveLength(1);
  });

  it('writes an absolute node command for the hook script', () => {
    expect(hookCommand('resources/hooks/orrery-claude-hook.mjs')).toMatch(/^node "\/.+\/resources\/hooks\/orrery-claude-hook\.mjs"$/);
    expect(findHookScript()).toBe(HOOK_SCRIPT);
  });

  it('is idempotent: a second install changes nothing and makes no backup', () => {
    write(USER_SETTINGS);
    installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: NOW });
    const afterFirst = readFileSync(settingsPath, 'utf8');
    const second = installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: new Date('2025-06-02T00:00:00Z') });
    expect(second).toEqual({ settingsPath, changed: false, backupPath: undefined, events: [] });
    expect(readFileSync(settingsPath, 'utf8')).toBe(afterFirst);
    expect(backups()).toHaveLength(1);
  });

  it('moves an entry that points at an old location instead of adding a second one', () => {
    write(USER_SETTINGS);
    installHooks(settingsPath, { hookScript: '/old/place/resources/hooks/orrery-claude-hook.mjs', now: NOW });
    const change = installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: new Date('2025-06-02T00:00:00Z') });
    expect(change.events).toEqual([...HOOK_EVENTS]);
    const commands = Object.values(read().hooks).flatMap((groups) => groups.flatMap((group) => group.hooks.map((hook) => hook.command)));
    expect(commands.filter((command) => command.includes('orrery-claude-hook.mjs')).every((command) => command === COMMAND)).toBe(true);
    expect(commands).toContain('~/bin/check-bash.sh');
    expect(backups()).toHaveLength(2);
  });

  it('creates the file (and its directory) when there is none, without a backup', () => {
    settingsPath = join(dir, 'nested', '.claude', 'settings.json');
    const change = installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: NOW });
    expect(change.backupPath).toBeUndefined();
    expect(Object.keys(read().hooks)).toEqual([...HOOK_EVENTS]);
  });

  it.each([
    ['not JSON', '{ "model": "opus", }', /is not valid JSON/],
    ['not an object', '["hooks"]', /does not hold a JSON object/],
    ['hooks not an object', '{"hooks": []}', /"hooks" in .* is not an object/],
    ['an event not a list', '{"hooks": {"Stop": {"command": "x"}}}', /"hooks.Stop" in .* is not a list/],
  ])('refuses a file that is %s, writing nothing', (_case, text, message) => {
    write(text);
    expect(() => installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: NOW })).toThrowError(SettingsFileError);
    expect(() => installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: NOW })).toThrowError(message);
    expect(() => uninstallHooks(settingsPath)).toThrowError(SettingsFileError);
    expect(readFileSync(settingsPath, 'utf8')).toBe(text);
    expect(backups()).toEqual([]);
  });

  it('replaces the file whole, keeping its mode and leaving no temporary file behind', () => {
    write(USER_SETTINGS);
    chmodSync(settingsPath, 0o640);
    installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: NOW });
    expect(statSync(settingsPath).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('uninstallHooks', () => {
  it('gives back exactly the original settings after an install', () => {
    const original = write(USER_SETTINGS);
    installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: NOW });
    const change = uninstallHooks(settingsPath, { now: new Date('2025-06-02T00:00:00Z') });
    expect(change.changed).toBe(true);
    expect(change.events.sort()).toEqual([...HOOK_EVENTS].sort());
    expect(readFileSync(settingsPath, 'utf8')).toBe(original);
    expect(backups()).toHaveLength(2);
  });

  it('removes the hooks object it emptied, and only Orrery hooks from a shared group', () => {
    write({ model: 'opus' });
    installHooks(settingsPath, { hookScript: HOOK_SCRIPT, now: NOW });
    const settings = read();
    // The user added their own hook into Orrery's Stop group by hand.
    settings.hooks.Stop?.[0]?.hooks.push({ command: 'say done' });
    write(settings);
    uninstallHooks(settingsPath, { now: NOW });
    expect(read()).toEqual({ model: 'opus', hooks: { Stop: [{ hooks: [{ command: 'say done' }] }] } });
  });

  it('changes nothing (and backs nothing up) when no Orrery hook is there', () => {
    const original = write(USER_SETTINGS);
    expect(uninstallHooks(settingsPath, { now: NOW })).toEqual({ settingsPath, changed: false, backupPath: undefined, events: [] });
    expect(readFileSync(settingsPath, 'utf8')).toBe(original);
    expect(backups()).toEqual([]);
    rmSync(settingsPath);
    expect(uninstallHooks(settingsPath, { now: NOW }).changed).toBe(false);
    expect(existsSync(settingsPath)).toBe(false);
  });
});

describe('resolveClaudeSettingsPath', () => {
  it('follows CLAUDE_CONFIG_DIR, else ~/.claude', () => {
    expect(resolveClaudeSettingsPath({ CLAUDE_CONFIG_DIR: '/cfg' })).toBe('/cfg/settings.json');
    expect(resolveClaudeSettingsPath({})).toMatch(/\.claude\/settings\.json$/);
  });
});
