import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { WorkflowChange, WorkflowRunDetail } from '../../../src-shared/workflows/workflows-contract';
import { useApi } from '../api/api-context';
import { applyWorkflowChange, mergeDetail } from './workflow-progress-model';

/** The run whose progress panel is open; one at a time, like the agent card. */
export const useWorkflowProgressStore = create<{ runId: string | undefined }>(() => ({ runId: undefined }));

export function openWorkflowProgress(runId: string): void {
  useWorkflowProgressStore.setState({ runId });
}

export function closeWorkflowProgress(): void {
  useWorkflowProgressStore.setState({ runId: undefined });
}

export interface DetailView {
  detail: WorkflowRunDetail | undefined;
  error: string | undefined;
}

/**
 * One run, live: `workflows.get` on every (re)connect and when a resume starts a new attempt
 * (its phases may have been edited), `workflows.changes` for that run in between. Changes that
 * arrive before the first answer are folded in once it is there.
 */
export function useWorkflowDetail(runId: string): DetailView {
  const api = useApi();
  const [view, setView] = useState<DetailView>({ detail: undefined, error: undefined });
  useEffect(() => {
    let current = true;
    /** Changes before the first answer; undefined once it came. */
    let pending: WorkflowChange[] | undefined = [];
    let attempts = 0;
    const update = (next: (detail: WorkflowRunDetail | undefined) => WorkflowRunDetail | undefined): void =>
      setView((before) => ({ detail: next(before.detail), error: undefined }));
    const load = (): void => {
      api.call('workflows.get', { runId }).then(
        (fetched) => {
          if (!current) return;
          const early = pending ?? [];
          pending = undefined;
          attempts = Math.max(attempts, fetched.attempts);
          update((detail) => early.reduce(applyWorkflowChange, mergeDetail(detail, fetched)));
        },
        (error: unknown) => current && setView((before) => ({ detail: before.detail, error: error instanceof Error ? error.message : String(error) })),
      );
    };
    const stopChanges = api.subscribe('workflows.changes', { runId }, (change) => {
      if (!current) return;
      if (pending !== undefined) return void pending.push(change);
      if (change.kind === 'run' && change.run.attempts > attempts) {
        attempts = change.run.attempts;
        load();
      }
      update((detail) => detail && applyWorkflowChange(detail, change));
    });
    const stopStatus = api.onStatus((status) => {
      if (status === 'connected') load();
    });
    return () => {
      current = false;
      stopStatus();
      stopChanges();
    };
  }, [api, runId]);
  return view;
}
