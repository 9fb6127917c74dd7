import { useEffect } from 'react';
import { create } from 'zustand';
import type { WorkflowRunInfo } from '../../../src-shared/workflows/workflows-contract';
import { ApiError } from '../../../src-shared/api/api-error';
import type { ApiClient } from '../api/api-client';
import { useApi } from '../api/api-context';
import { refCounted } from '../state/ref-counted';

/** The recent runs the Workflows panel lists; older ones stay in the host's journal. */
export const RECENT_RUNS = 50;

interface WorkflowRunsView {
  runs: ReadonlyMap<string, WorkflowRunInfo>;
  error: string | undefined;
}

export const useWorkflowRunsStore = create<WorkflowRunsView>(() => ({ runs: new Map(), error: undefined }));

function keep(run: WorkflowRunInfo): void {
  useWorkflowRunsStore.setState((state) => ({ runs: new Map(state.runs).set(run.id, run) }));
}

/**
 * The page's one subscription to every workflow run's changes (the run items only; a progress
 * panel follows its own run's calls and log). The stream carries changes, so the list is read
 * again on every (re)connect; a run the stream changed meanwhile keeps the stream's copy.
 */
const acquireFeed = refCounted((api: ApiClient) => {
  let generation = 0;
  const stopChanges = api.subscribe('workflows.changes', {}, (change) => {
    if (change.kind === 'run') keep(change.run);
  });
  const stopStatus = api.onStatus((status) => {
    if (status !== 'connected') return void generation++;
    const current = ++generation;
    const before = useWorkflowRunsStore.getState().runs;
    api.call('workflows.runs', { limit: RECENT_RUNS }).then(
      (runs) => {
        if (current !== generation) return;
        useWorkflowRunsStore.setState((state) => {
          const next = new Map(runs.map((run) => [run.id, run]));
          for (const [id, run] of state.runs) if (run !== before.get(id)) next.set(id, run);
          return { runs: next, error: undefined };
        });
      },
      (error: unknown) => {
        if (current === generation && !(error instanceof ApiError && error.code === 'disconnected')) useWorkflowRunsStore.setState({ error: error instanceof Error ? error.message : String(error) });
      },
    );
  });
  return () => {
    generation++;
    stopStatus();
    stopChanges();
  };
});

/** Keeps the runs feed going while the calling component is mounted. */
export function useWorkflowRunsFeed(): void {
  const api = useApi();
  useEffect(() => acquireFeed(api), [api]);
}

/** A run the page started: shown at once, before its first change arrives. */
export function rememberWorkflowRun(run: WorkflowRunInfo): void {
  if (!useWorkflowRunsStore.getState().runs.has(run.id)) keep(run);
}

/** Newest first. */
export function recentRuns(runs: ReadonlyMap<string, WorkflowRunInfo>): WorkflowRunInfo[] {
  return [...runs.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, RECENT_RUNS);
}
