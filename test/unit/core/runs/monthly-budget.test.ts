import { describe, expect, it } from 'vitest';
import { budgetStatus, monthStart } from '../../../../src-main/core/runs/monthly-budget';

const MID_MONTH = new Date(2026, 11, 15, 12).getTime();

describe('monthly budget', () => {
  it('counts from the first of the local month', () => {
    expect(new Date(monthStart(MID_MONTH))).toEqual(new Date(2026, 11, 1));
    let asked = 0;
    budgetStatus(10, (since) => {
      asked = since;
      return 0;
    }, MID_MONTH);
    expect(asked).toBe(new Date(2026, 11, 1).getTime());
  });

  it('is ok below 80 %, a warning from 80 %, exceeded from 100 %, and always ok without a budget', () => {
    expect(budgetStatus(10, () => 7.99, MID_MONTH)).toMatchObject({ level: 'ok', month: '2026-12', spentUsd: 7.99 });
    expect(budgetStatus(10, () => 8, MID_MONTH).level).toBe('warning');
    expect(budgetStatus(10, () => 10, MID_MONTH).level).toBe('exceeded');
    expect(budgetStatus(null, () => 1e6, MID_MONTH).level).toBe('ok');
  });
});
