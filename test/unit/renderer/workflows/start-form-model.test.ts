import { describe, expect, it } from 'vitest';
import { startRequestFrom } from '../../../../src-renderer/src/workflows/start-form-model';
import type { StartFields } from '../../../../src-renderer/src/workflows/start-form-model';

const fields = (patch: Partial<StartFields> = {}): StartFields => ({ workflow: 'review-changes', args: '', profileId: 'demo', budgetTokens: '', cwd: '', ...patch });

describe('startRequestFrom', () => {
  it('sends only what was given: no args, budget or cwd when they are blank', () => {
    expect(startRequestFrom(fields())).toEqual({ ok: true, value: { nameOrPath: 'review-changes', profileId: 'demo' } });
    expect(startRequestFrom(fields({ args: '{"dimensions":["bugs"]}', budgetTokens: '20,000', cwd: ' /tmp/repo ' }))).toEqual({
      ok: true,
      value: { nameOrPath: 'review-changes', profileId: 'demo', args: { dimensions: ['bugs'] }, budgetTokens: 20_000, cwd: '/tmp/repo' },
    });
  });

  it('sends nothing while the args are not JSON, and says where they break', () => {
    const check = startRequestFrom(fields({ args: '{"range": main}' }));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.argsProblem).toMatchObject({ line: 1, column: 11, offset: 10 });
    expect(check.errors.args).toBe("args is not valid JSON: line 1, column 11: expected a value after the colon, found 'm'");
  });

  it('names every wrong field at once', () => {
    const check = startRequestFrom(fields({ workflow: '', profileId: '', budgetTokens: '1.5' }));
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(['budgetTokens', 'profileId', 'workflow']);
    expect(check.errors.budgetTokens).toContain('whole number of output tokens');
    const zero = startRequestFrom(fields({ budgetTokens: '0' }));
    expect(zero.ok).toBe(false);
  });
});
