import type { BudgetStatus } from '../../../src-shared/runs/runs-contract';
import { formatCost } from '../agents/format';
import { useRunsFeed } from '../state/runs-feed';
import { useRunsStore } from '../state/runs-store';

/** Across the window from 80 % of the monthly budget; from 100 % it says what happens to new runs. */
export function BudgetBanner() {
  useRunsFeed();
  const budget = useRunsStore((s) => s.budget);
  if (budget === undefined || budget.level === 'ok' || budget.monthlyBudgetUsd === null) return null;
  const exceeded = budget.level === 'exceeded';
  return (
    <div className={`budget-banner budget-banner-${budget.level}`} role={exceeded ? 'alert' : 'status'} data-testid="budget-banner" data-level={budget.level}>
      {budgetMessage(budget, budget.monthlyBudgetUsd)}
    </div>
  );
}

function budgetMessage(budget: BudgetStatus, limit: number): string {
  const spent = `${formatCost(budget.spentUsd)} of the ${formatCost(limit)} monthly budget (${Math.floor((budget.spentUsd / limit) * 100)} %)`;
  if (budget.level === 'exceeded') {
    return `Budget used up: Orrery's runs spent ${spent} in ${budget.month}. New runs are held as paused until the budget is raised (Controls → Run settings) or the month turns.`;
  }
  return `Orrery's runs have spent ${spent} in ${budget.month}.`;
}
