import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../src-main/cli/cli-args';
import { runCli, USAGE } from '../../../src-main/cli/run-cli';
import { UsageError } from '../../../src-main/core/config/command-line';
import { testContext } from './cli-test-context';

describe('runCli', () => {
  it.each([[['help']], [['--help']], [['-h']]])('%j prints the usage on stdout and exits 0', async (argv) => {
    const context = testContext();
    expect(await runCli(argv, context)).toBe(0);
    expect(context.out).toBe(USAGE);
  });

  it.each(['emit', 'hooks', 'demo'])('shows the help of %s, by `help %s` and by --help', async (command) => {
    const byHelp = testContext();
    const byFlag = testContext();
    expect(await runCli(['help', command], byHelp)).toBe(0);
    expect(await runCli([command, '--help'], byFlag)).toBe(0);
    expect(byHelp.out).toMatch(new RegExp(`^Usage: orrery ${command}`));
    expect(byFlag.out).toBe(byHelp.out);
  });

  it.each([
    [[], 'a command is needed', 'Usage: orrery <command>'],
    [['launch'], 'unknown command "launch"', 'Usage: orrery <command>'],
    [['help', 'launch'], 'no help for "launch"', 'Usage: orrery <command>'],
    [['hooks'], 'hooks needs install or uninstall', 'Usage: orrery hooks'],
    [['hooks', 'remove'], 'unknown hooks action "remove"', 'Usage: orrery hooks'],
    [['hooks', 'install', 'now'], 'unexpected argument "now" after hooks install', 'Usage: orrery hooks'],
    [['hooks', 'install', '--setings', 'x'], 'unknown option --setings', 'Usage: orrery hooks'],
    [['emit'], 'emit needs an event type', 'Usage: orrery emit'],
    [['emit', 'log', '--agent'], '--agent needs a value', 'Usage: orrery emit'],
    [['demo', '--speed', 'fast'], '--speed must be a positive number, got "fast"', 'Usage: orrery demo'],
    [['demo', '--duration', '-3'], '--duration must be a positive number, got "-3"', 'Usage: orrery demo'],
  ])('%j exits 2 with the reason and the right usage on stderr', async (argv, reason, usage) => {
    const context = testContext();
    expect(await runCli(argv, context)).toBe(2);
    expect(context.err.split('\n')[0]).toContain(`orrery: ${reason}`);
    expect(context.err).toContain(usage);
    expect(context.out).toBe('');
  });

  it('installs and uninstalls hooks in the file --settings names (or CLAUDE_CONFIG_DIR), saying what it did', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orrery-cli-hooks-'));
    try {
      const settings = join(dir, 'settings.json');
      writeFileSync(settings, '{"model":"opus"}\n');
      const install = testContext({ CLAUDE_CONFIG_DIR: dir });
      expect(await runCli(['hooks', 'install'], install)).toBe(0);
      expect(install.out).toMatch(/^Installed Orrery hooks for SessionStart, .* in .*settings\.json \(backup: .*\.orrery-backup-.*\)\./);
      const again = testContext();
      expect(await runCli(['hooks', 'install', '--settings', settings], again)).toBe(0);
      expect(again.out).toContain('already installed');
      const uninstall = testContext();
      expect(await runCli(['hooks', 'uninstall', '--settings', settings], uninstall)).toBe(0);
      expect(uninstall.out).toMatch(/^Removed Orrery hooks from /);
      expect(readFileSync(settings, 'utf8')).toBe('{\n  "model": "opus"\n}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 with a clear message when the settings file is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orrery-cli-hooks-'));
    try {
      const settings = join(dir, 'settings.json');
      writeFileSync(settings, '{ oops');
      const context = testContext();
      expect(await runCli(['hooks', 'install', '--settings', settings], context)).toBe(1);
      expect(context.err).toMatch(/^orrery: .*settings\.json is not valid JSON \(.*\); fix or move it, then run this again\. Nothing was changed\.\n$/);
      expect(readFileSync(settings, 'utf8')).toBe('{ oops');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseCliArgs', () => {
  it('reads both flag spellings, positionals and --help', () => {
    expect(parseCliArgs(['x', '--a', '1', '--b=2=3', '-h', 'y'], ['a', 'b'])).toEqual({ positionals: ['x', 'y'], flags: { a: '1', b: '2=3' }, switches: {}, help: true });
  });

  it('reads switches without values, and takes everything after -- as positional', () => {
    expect(parseCliArgs(['--json', 'run', '--', '--not-a-flag', '-h'], ['a'], ['json'])).toEqual({ positionals: ['run', '--not-a-flag', '-h'], flags: {}, switches: { json: true }, help: false });
    expect(() => parseCliArgs(['--json', '--json'], [], ['json'])).toThrowError(new UsageError('--json is given twice'));
    expect(() => parseCliArgs(['--json=1'], [], ['json'])).toThrowError(new UsageError('unknown option --json'));
  });

  it('rejects a repeated flag', () => {
    expect(() => parseCliArgs(['--a', '1', '--a', '2'], ['a'])).toThrowError(new UsageError('--a is given twice'));
  });
});
