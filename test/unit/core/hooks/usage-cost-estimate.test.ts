import { describe, expect, it } from 'vitest';
import { withEstimatedCosts } from '../../../../src-main/core/hooks/usage-cost-estimate';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { estimateCostUsd } from '../../../../src-shared/pricing/model-prices';

const base = { v: 1 as const, ts: 1_796_000_000_000, agent_id: 's', source: 'claude-code' };
const usage = (fields: Partial<Extract<OrreryEvent, { type: 'usage' }>>): OrreryEvent => ({ ...base, type: 'usage', tokens_in: 1000, tokens_out: 200, cache_read: 5000, cache_write: 300, ...fields });

describe('withEstimatedCosts', () => {
  it("prices a usage event that names its model but no cost with the app's price table, and says it is an estimate", () => {
    const [priced] = withEstimatedCosts([usage({ model: 'claude-sonnet-4-5' })]);
    const expected = estimateCostUsd('claude-sonnet-4-5', { input: 1000, output: 200, cacheRead: 5000, cacheWrite: 300 });
    expect(expected).toBeGreaterThan(0);
    expect(priced).toMatchObject({ cost_usd: expected, cost_estimated: true });
  });

  it('leaves a reported cost, an unknown model, a usage without a model and other events alone, and the array too when nothing changed', () => {
    const events = [usage({ model: 'claude-sonnet-4-5', cost_usd: 0.5 }), usage({ model: 'some-local-model' }), usage({}), { ...base, type: 'status', status: 'idle', model: 'claude-sonnet-4-5' } as OrreryEvent];
    expect(withEstimatedCosts(events)).toBe(events);
  });

  it('copies rather than changes what it was given', () => {
    const events = [usage({ model: 'claude-haiku-4-5' })];
    const priced = withEstimatedCosts(events);
    expect(priced).not.toBe(events);
    expect(events[0]).not.toHaveProperty('cost_usd');
  });
});
