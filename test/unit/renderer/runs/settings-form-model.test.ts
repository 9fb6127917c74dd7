import { describe, expect, it } from 'vitest';
import { RunSettings } from '../../../../src-shared/runs/runs-contract';
import { fieldsFromSettings, settingsFrom } from '../../../../src-renderer/src/runs/settings-form-model';

describe('settingsFrom', () => {
  it('round-trips settings, the grace shown in seconds and sent in milliseconds', () => {
    const settings = { maxConcurrent: 4, monthlyBudgetUsd: 50, cancelGraceMs: 2500 };
    const fields = fieldsFromSettings(settings);
    expect(fields).toEqual({ maxConcurrent: '4', monthlyBudgetUsd: '50', cancelGraceSeconds: '2.5' });
    expect(settingsFrom(fields)).toEqual({ ok: true, value: settings });
  });

  it('reads a blank budget as no budget', () => {
    const check = settingsFrom({ maxConcurrent: '2', monthlyBudgetUsd: ' ', cancelGraceSeconds: '3' });
    expect(check).toEqual({ ok: true, value: { maxConcurrent: 2, monthlyBudgetUsd: null, cancelGraceMs: 3000 } });
    if (check.ok) expect(RunSettings.safeParse(check.value).success).toBe(true);
  });

  it('names each field out of range', () => {
    const check = settingsFrom({ maxConcurrent: '65', monthlyBudgetUsd: '0', cancelGraceSeconds: '0.05' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(['cancelGraceSeconds', 'maxConcurrent', 'monthlyBudgetUsd']);
    expect(check.errors.cancelGraceSeconds).toContain('0.1 to 60 seconds');
  });
});
