import { create } from 'zustand';
import type { BudgetStatus, RunChange, RunInfo } from '../../../src-shared/runs/runs-contract';

/** Orrery's own runs and the budget, as `runs.list` / `runs.budget` gave them and `runs.changes` keeps them. */
export interface RunsView {
  /** False until the first list arrived. */
  ready: boolean;
  runs: ReadonlyMap<string, RunInfo>;
  budget: BudgetStatus | undefined;
  /** The last failed load, for the person to read. */
  error: string | undefined;
}

export const useRunsStore = create<RunsView>(() => ({ ready: false, runs: new Map(), budget: undefined, error: undefined }));

/** Runs changed by the stream while a list was on its way: the list's copy of them is older. */
let changedDuringLoad: Set<string> | undefined;
let budgetChangedDuringLoad = false;

export function applyRunChange(change: RunChange): void {
  if (change.kind === 'budget') {
    budgetChangedDuringLoad = true;
    useRunsStore.setState({ budget: change.budget });
    return;
  }
  changedDuringLoad?.add(change.run.id);
  useRunsStore.setState((state) => ({ runs: new Map(state.runs).set(change.run.id, change.run) }));
}

/** Call before asking for the list, so changes that overtake it are kept. */
export function beginRunsLoad(): void {
  changedDuringLoad = new Set();
  budgetChangedDuringLoad = false;
}

export function finishRunsLoad(runs: readonly RunInfo[], budget: BudgetStatus): void {
  const overtaken = changedDuringLoad ?? new Set<string>();
  const keepBudget = budgetChangedDuringLoad;
  changedDuringLoad = undefined;
  useRunsStore.setState((state) => {
    const next = new Map(runs.map((run) => [run.id, run]));
    for (const id of overtaken) {
      const newer = state.runs.get(id);
      if (newer !== undefined) next.set(id, newer);
    }
    return { ready: true, runs: next, budget: keepBudget ? state.budget : budget, error: undefined };
  });
}

export function failRunsLoad(message: string): void {
  changedDuringLoad = undefined;
  useRunsStore.setState({ error: message });
}
