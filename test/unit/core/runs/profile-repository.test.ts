import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../../src-main/core/store/migrations';
import { ProfileRepository } from '../../../../src-main/core/runs/profile-repository';

function repository(): ProfileRepository {
  const db = new Database(':memory:');
  applyMigrations(db);
  return new ProfileRepository(db);
}

describe('profiles', () => {
  it('has the three built-ins, which can be edited but not deleted or given another kind', () => {
    const profiles = repository();
    expect(profiles.list().map((profile) => profile.id)).toEqual(['claude', 'codex', 'demo']);
    profiles.save({ id: 'claude', name: 'Claude Code', kind: 'claude', builtIn: true, env: {}, binaryPath: '/opt/claude' });
    expect(profiles.get('claude').binaryPath).toBe('/opt/claude');
    expect(() => profiles.delete('claude')).toThrow(/built-in profile and cannot be deleted/);
    expect(() => profiles.save({ id: 'codex', name: 'x', kind: 'command', builtIn: false, env: {}, argv: ['x', '{prompt}'] })).toThrow(/kind cannot change/);
  });

  it('command profiles need an argv template with {prompt}', () => {
    const profiles = repository();
    expect(() => profiles.save({ id: 'mine', name: 'Mine', kind: 'command', builtIn: false, env: {}, argv: ['my-agent'] })).toThrow(/must contain \{prompt\}/);
    profiles.save({ id: 'mine', name: 'Mine', kind: 'command', builtIn: false, env: {}, argv: ['my-agent', '--task', '{prompt}'] });
    expect(profiles.list().map((profile) => profile.id)).toEqual(['claude', 'codex', 'demo', 'mine']);
    expect(profiles.delete('mine')).toBe(true);
    expect(profiles.delete('mine')).toBe(false);
  });

  it('never shows a secret-looking env value back, and keeps it when the placeholder returns unchanged', () => {
    const profiles = repository();
    const shown = profiles.save({ id: 'claude', name: 'Claude Code', kind: 'claude', builtIn: true, env: { ANTHROPIC_API_KEY: 'sk-ant-real-secret', HTTPS_PROXY: 'http://proxy:3128' } });
    expect(shown.env).toEqual({ ANTHROPIC_API_KEY: '[REDACTED]', HTTPS_PROXY: 'http://proxy:3128' });
    expect(profiles.listForClients()[0]?.env.ANTHROPIC_API_KEY).toBe('[REDACTED]');
    profiles.save({ ...shown, model: 'claude-sonnet-4-6' });
    expect(profiles.get('claude').env.ANTHROPIC_API_KEY).toBe('sk-ant-real-secret');
    expect(profiles.get('claude').model).toBe('claude-sonnet-4-6');
  });

  it('names the profiles there are when asked for one that is not', () => {
    expect(() => repository().get('nope')).toThrow('There is no profile "nope". Profiles: claude, codex, demo');
  });
});
