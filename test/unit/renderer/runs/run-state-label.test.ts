import { describe, expect, it } from 'vitest';
import { OUTCOME_COLOUR, STATUS_COLOUR } from '../../../../src-renderer/src/state/status-colours';
import { runStateLabel } from '../../../../src-renderer/src/state/run-state-label';

describe('runStateLabel', () => {
  it('reads an ended run as its outcome, in the graph’s outcome colour', () => {
    expect(runStateLabel({ state: 'done', outcome: 'cancelled' })).toEqual({ text: 'cancelled', colour: OUTCOME_COLOUR.cancelled, dimmed: false });
    expect(runStateLabel({ state: 'done', outcome: 'error' }).colour).toBe(OUTCOME_COLOUR.error);
  });

  it('dims runs that wait for a slot or for the budget', () => {
    expect(runStateLabel({ state: 'queued', outcome: undefined })).toEqual({ text: 'queued', colour: STATUS_COLOUR.queued, dimmed: true });
    expect(runStateLabel({ state: 'paused', outcome: undefined }).dimmed).toBe(true);
    expect(runStateLabel({ state: 'running', outcome: undefined })).toEqual({ text: 'running', colour: STATUS_COLOUR.running, dimmed: false });
    expect(runStateLabel({ state: 'waiting', outcome: undefined }).colour).toBe(STATUS_COLOUR.waiting);
  });
});
