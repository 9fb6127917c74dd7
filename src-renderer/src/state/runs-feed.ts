import { useEffect } from 'react';
import { ApiError } from '../../../src-shared/api/api-error';
import type { ApiClient } from '../api/api-client';
import { useApi } from '../api/api-context';
import { refCounted } from './ref-counted';
import { applyRunChange, beginRunsLoad, failRunsLoad, finishRunsLoad } from './runs-store';

/** Enough for every tab and card of a session; older runs are read one by one (`runs.get`). */
const LIST_LIMIT = 500;
/** Runs end in bursts (a cancel stops a run and its subagents): one budget read per burst. */
const BUDGET_REREAD_MS = 250;

/**
 * The page's one `runs.changes` subscription. The stream only carries changes, so after every
 * (re)connect the runs and the budget are read again; changes that arrive meanwhile win. The host
 * pushes the budget only when its level moves, so the spend is read again whenever a run ends.
 */
class RunsFeed {
  private generation = 0;
  private budgetTimer: ReturnType<typeof setTimeout> | undefined;

  readonly acquire: (api: ApiClient) => () => void = refCounted((api) => this.start(api));

  private start(api: ApiClient): () => void {
    const stopChanges = api.subscribe(
      'runs.changes',
      {},
      (change) => {
        applyRunChange(change);
        if (change.kind === 'run' && change.run.state === 'done') this.rereadBudgetSoon(api);
      },
      (error) => {
        if (error) console.error('[orrery] runs.changes ended', error);
      },
    );
    const stopStatus = api.onStatus((status) => {
      if (status === 'connected') void this.load(api);
      else this.generation++;
    });
    return () => {
      stopStatus();
      stopChanges();
      clearTimeout(this.budgetTimer);
      this.generation++;
    };
  }

  private rereadBudgetSoon(api: ApiClient): void {
    clearTimeout(this.budgetTimer);
    this.budgetTimer = setTimeout(() => void rereadBudget(api), BUDGET_REREAD_MS);
  }

  private async load(api: ApiClient): Promise<void> {
    const generation = ++this.generation;
    beginRunsLoad();
    try {
      const [runs, budget] = await Promise.all([api.call('runs.list', { limit: LIST_LIMIT }), api.call('runs.budget', {})]);
      if (generation === this.generation) finishRunsLoad(runs, budget);
    } catch (error) {
      if (generation === this.generation && !(error instanceof ApiError && error.code === 'disconnected')) failRunsLoad(messageOf(error));
    }
  }
}

const runsFeed = new RunsFeed();

/** After anything that moves the budget without a push (new settings, a run's final cost). */
export async function rereadBudget(api: ApiClient): Promise<void> {
  try {
    applyRunChange({ kind: 'budget', budget: await api.call('runs.budget', {}) });
  } catch (error) {
    console.warn('[orrery] could not read the budget', error);
  }
}

/** Keeps the runs subscription running while the calling component is mounted. */
export function useRunsFeed(): void {
  const api = useApi();
  useEffect(() => runsFeed.acquire(api), [api]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
