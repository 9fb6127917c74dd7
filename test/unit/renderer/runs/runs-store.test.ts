import { beforeEach, describe, expect, it } from 'vitest';
import type { BudgetStatus } from '../../../../src-shared/runs/runs-contract';
import { applyRunChange, beginRunsLoad, failRunsLoad, finishRunsLoad, useRunsStore } from '../../../../src-renderer/src/state/runs-store';
import { runInfo } from './run-fixture';

const budget = (spentUsd: number, level: BudgetStatus['level']): BudgetStatus => ({ monthlyBudgetUsd: 10, spentUsd, month: '2026-12', level });

beforeEach(() => useRunsStore.setState({ ready: false, runs: new Map(), budget: undefined, error: undefined }));

describe('runs store', () => {
  it('loads the list and the budget, then follows changes', () => {
    beginRunsLoad();
    finishRunsLoad([runInfo({ id: 'a' }), runInfo({ id: 'b', state: 'queued' })], budget(1, 'ok'));
    expect(useRunsStore.getState().ready).toBe(true);
    applyRunChange({ kind: 'run', run: runInfo({ id: 'b', state: 'running' }) });
    applyRunChange({ kind: 'budget', budget: budget(9, 'warning') });
    const state = useRunsStore.getState();
    expect([...state.runs.keys()]).toEqual(['a', 'b']);
    expect(state.runs.get('b')?.state).toBe('running');
    expect(state.budget?.level).toBe('warning');
  });

  it('keeps changes that overtook the list: the list is older than they are', () => {
    beginRunsLoad();
    applyRunChange({ kind: 'run', run: runInfo({ id: 'a', state: 'done', outcome: 'cancelled' }) });
    applyRunChange({ kind: 'run', run: runInfo({ id: 'new', state: 'queued' }) });
    applyRunChange({ kind: 'budget', budget: budget(10, 'exceeded') });
    finishRunsLoad([runInfo({ id: 'a', state: 'running' }), runInfo({ id: 'b' })], budget(5, 'ok'));
    const state = useRunsStore.getState();
    expect(state.runs.get('a')?.outcome).toBe('cancelled');
    expect(state.runs.get('new')?.state).toBe('queued');
    expect(state.runs.get('b')).toBeDefined();
    expect(state.budget?.level).toBe('exceeded');
  });

  it('a later reload takes the list as it is', () => {
    beginRunsLoad();
    applyRunChange({ kind: 'run', run: runInfo({ id: 'a', state: 'done', outcome: 'success' }) });
    finishRunsLoad([], budget(0, 'ok'));
    beginRunsLoad();
    finishRunsLoad([runInfo({ id: 'c' })], budget(0, 'ok'));
    expect([...useRunsStore.getState().runs.keys()]).toEqual(['c']);
  });

  it('keeps the runs it has when a reload fails, and says why', () => {
    beginRunsLoad();
    finishRunsLoad([runInfo({ id: 'a' })], budget(0, 'ok'));
    beginRunsLoad();
    failRunsLoad('Not connected');
    expect(useRunsStore.getState()).toMatchObject({ error: 'Not connected', ready: true });
    expect(useRunsStore.getState().runs.has('a')).toBe(true);
  });
});
