import type { BudgetStatus } from '../../../src-shared/runs/runs-contract';

const WARNING_SHARE = 0.8;

/** The start of the calendar month `now` falls in, local time: the budget turns with the person's month. */
export function monthStart(now: number): number {
  const date = new Date(now);
  return new Date(date.getFullYear(), date.getMonth(), 1).getTime();
}

export function budgetStatus(monthlyBudgetUsd: number | null, costSince: (since: number) => number, now: number): BudgetStatus {
  const since = monthStart(now);
  const spentUsd = costSince(since);
  const date = new Date(since);
  const month = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
  const level = monthlyBudgetUsd === null ? 'ok' : spentUsd >= monthlyBudgetUsd ? 'exceeded' : spentUsd >= WARNING_SHARE * monthlyBudgetUsd ? 'warning' : 'ok';
  return { monthlyBudgetUsd, spentUsd, month, level };
}
