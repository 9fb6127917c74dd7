import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costUsd, resolveModel } from '../../../../resources/agents/claude-models.mjs';

const FIXTURES = join(__dirname, '../../../fixtures/agent-clis');

interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  costUSD: number;
}

/** Every per-model cost the real CLI reported in the recorded runs. */
function recordedCosts(): Array<[string, ModelUsage]> {
  return readdirSync(FIXTURES)
    .filter((name) => name.startsWith('claude-') && !name.includes('hooks'))
    .flatMap((name) => readFileSync(join(FIXTURES, name), 'utf8').trim().split('\n'))
    .map((text) => JSON.parse(text) as { type: string; modelUsage?: Record<string, ModelUsage> })
    .filter((line) => line.type === 'result')
    .flatMap((line) => Object.entries(line.modelUsage ?? {}));
}

describe('the demo agent’s models', () => {
  it('resolves the aliases claude resolves, and keeps an unknown id', () => {
    expect(resolveModel(undefined).id).toBe('claude-opus-5-5');
    expect(resolveModel('sonnet').id).toBe('claude-sonnet-5-5');
    expect(resolveModel('haiku').id).toBe('claude-haiku-5-5');
    expect(resolveModel('claude-sonnet-4-5').contextWindow).toBe(200_000);
    expect(resolveModel('claude-future-9')).toMatchObject({ id: 'claude-future-9', price: resolveModel('opus').price });
  });

  it('prices tokens exactly as the real CLI did in its recorded runs', () => {
    const costs = recordedCosts();
    expect(costs.length).toBeGreaterThan(0);
    for (const [model, usage] of costs) {
      const tokens = { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, cache_read_input_tokens: usage.cacheReadInputTokens, cache_creation_input_tokens: usage.cacheCreationInputTokens };
      expect(costUsd(resolveModel(model), tokens)).toBeCloseTo(usage.costUSD, 9);
    }
  });

  it('prices the other models as the real CLI does (seen with --model sonnet / haiku / claude-sonnet-4-5)', () => {
    // 120 input, 42 output, 50 cache-read and 30 cache-write tokens: the costUSD each run reported.
    const tokens = { input_tokens: 120, output_tokens: 42, cache_read_input_tokens: 50, cache_creation_input_tokens: 30 };
    expect(costUsd(resolveModel('opus'), tokens)).toBeCloseTo(0.00148, 9);
    expect(costUsd(resolveModel('sonnet'), tokens)).toBeCloseTo(0.00074, 9);
    expect(costUsd(resolveModel('haiku'), tokens)).toBeCloseTo(0.00003725, 9);
    expect(costUsd(resolveModel('claude-sonnet-4-5'), tokens)).toBeCloseTo(0.0011175, 9);
  });
});
