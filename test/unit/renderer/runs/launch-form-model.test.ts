import { describe, expect, it } from 'vitest';
import { LaunchRequest } from '../../../../src-shared/runs/runs-contract';
import { EMPTY_LAUNCH_FIELDS, launchRequestFrom } from '../../../../src-renderer/src/runs/launch-form-model';
import type { LaunchFields } from '../../../../src-renderer/src/runs/launch-form-model';

const form = (patch: Partial<LaunchFields>): LaunchFields => ({ ...EMPTY_LAUNCH_FIELDS, profileId: 'demo', prompt: 'Fix the flaky test', ...patch });

describe('launchRequestFrom', () => {
  it('leaves blank optional fields out, so the profile defaults apply, and trims what is given', () => {
    const check = launchRequestFrom(form({ prompt: '  Fix the flaky test\n', cwd: ' /srv/app ', model: '' }));
    expect(check).toEqual({ ok: true, value: { profileId: 'demo', prompt: 'Fix the flaky test', cwd: '/srv/app' } });
  });

  it('turns cost and turns into numbers the contract accepts', () => {
    const check = launchRequestFrom(form({ model: 'claude-haiku-4', maxCostUsd: '$2.50', maxTurns: '12' }));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.value).toEqual({ profileId: 'demo', prompt: 'Fix the flaky test', model: 'claude-haiku-4', maxCostUsd: 2.5, maxTurns: 12 });
    // The page's checks match the host's: whatever passes here passes the contract's schema.
    expect(LaunchRequest.safeParse(check.value).success).toBe(true);
  });

  it('names every field that is wrong, with a sentence for each', () => {
    const check = launchRequestFrom({ profileId: '', prompt: '   ', cwd: '', model: '', maxCostUsd: '0', maxTurns: '2.5' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(['maxCostUsd', 'maxTurns', 'profileId', 'prompt']);
    expect(check.errors.prompt).toMatch(/prompt/i);
    expect(check.errors.maxTurns).toMatch(/whole number/);
  });

  it('refuses numbers nobody means in a cost or a count', () => {
    for (const maxCostUsd of ['1e3', '0x10', 'Infinity', '-1', '100001', 'two']) {
      expect(launchRequestFrom(form({ maxCostUsd })).ok, maxCostUsd).toBe(false);
    }
    for (const maxTurns of ['0', '10001', '1e2', '-3']) {
      expect(launchRequestFrom(form({ maxTurns })).ok, maxTurns).toBe(false);
    }
    expect(launchRequestFrom(form({ maxCostUsd: '.5', maxTurns: '10000' })).ok).toBe(true);
  });

  it('refuses a prompt the host would refuse, saying how long it is', () => {
    const check = launchRequestFrom(form({ prompt: 'x'.repeat(200_001) }));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.prompt).toContain('200,001');
  });
});
