import { describe, expect, it } from 'vitest';
import { Profile } from '../../../../src-shared/runs/runs-contract';
import { fieldsFromProfile, newCommandProfileFields, profileFrom } from '../../../../src-renderer/src/runs/profile-form-model';

const none = new Set<string>();

describe('profileFrom', () => {
  it('builds a command profile from one argument per line, dropping blank lines', () => {
    const fields = { ...newCommandProfileFields(), id: 'lint-bot', argv: 'node\n  ./bot.mjs  \n\n--task\n{prompt}\n', env: [{ name: 'BOT_TOKEN', value: 's3cret' }, { name: '', value: '' }] };
    const check = profileFrom(fields, none);
    expect(check).toEqual({ ok: true, value: { id: 'lint-bot', name: 'lint-bot', kind: 'command', builtIn: false, env: { BOT_TOKEN: 's3cret' }, argv: ['node', './bot.mjs', '--task', '{prompt}'] } });
    if (check.ok) expect(Profile.safeParse(check.value).success).toBe(true);
  });

  it('asks for {prompt} in a command, and for a command at all', () => {
    const without = profileFrom({ ...newCommandProfileFields(), id: 'x', argv: 'node\nbot.mjs' }, none);
    expect(without.ok === false && without.errors.argv).toMatch(/\{prompt\}/);
    const empty = profileFrom({ ...newCommandProfileFields(), id: 'x', argv: '\n \n' }, none);
    expect(empty.ok === false && empty.errors.argv).toMatch(/one argument per line/);
  });

  it('refuses an id the contract refuses or another profile has', () => {
    for (const id of ['', 'My Agent', '-lead', 'a'.repeat(65)]) {
      const check = profileFrom({ ...newCommandProfileFields(), id }, none);
      expect(check.ok === false && check.errors.id, id).toMatch(/lowercase/);
    }
    const taken = profileFrom({ ...newCommandProfileFields(), id: 'claude' }, new Set(['claude']));
    expect(taken.ok === false && taken.errors.id).toMatch(/exists already/);
  });

  it('refuses bad and repeated environment names', () => {
    const bad = profileFrom({ ...newCommandProfileFields(), id: 'x', env: [{ name: '1ST', value: 'v' }] }, none);
    expect(bad.ok === false && bad.errors.env).toMatch(/not an environment variable name/);
    const twice = profileFrom({ ...newCommandProfileFields(), id: 'x', env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, none);
    expect(twice.ok === false && twice.errors.env).toBe('A is set twice.');
  });

  it('round-trips a built-in: its kind stays, it gets no argv, and a blank binary means PATH', () => {
    const claude: Profile = { id: 'claude', name: 'Claude Code', kind: 'claude', builtIn: true, env: { ANTHROPIC_API_KEY: '[REDACTED]' }, model: 'claude-sonnet-4' };
    const fields = fieldsFromProfile(claude);
    expect(fields.argv).toBe('');
    expect(profileFrom(fields, none)).toEqual({ ok: true, value: claude });
    const withBinary = profileFrom({ ...fields, binaryPath: ' /opt/claude/bin/claude ', model: '' }, none);
    expect(withBinary).toEqual({ ok: true, value: { id: 'claude', name: 'Claude Code', kind: 'claude', builtIn: true, env: { ANTHROPIC_API_KEY: '[REDACTED]' }, binaryPath: '/opt/claude/bin/claude' } });
  });
});
