import { describe, expect, it } from 'vitest';
import { estimateCostUsd, modelPrice, normaliseModelName } from '../../../../../src-shared/pricing/model-prices';

const MILLION = { input: 1_000_000, output: 0, cacheRead: 0, cacheWrite: 0 };

describe('model prices', () => {
  it.each([
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['anthropic/claude-opus-4-1', 'claude-opus-4-1'],
    ['us.anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-1'],
    ['claude-sonnet-4-5[1m]', 'claude-sonnet-4-5'],
    ['  GPT-5.1-Codex ', 'gpt-5.1-codex'],
  ])('normalises %s to %s', (raw, plain) => {
    expect(normaliseModelName(raw)).toBe(plain);
  });

  it.each([
    ['claude-opus-4-5-20251101', 5, 25],
    ['claude-opus-4-1', 15, 75],
    ['claude-opus-4-20250514', 15, 75],
    ['claude-sonnet-4-5', 3, 15],
    ['claude-sonnet-4-20250514', 3, 15],
    ['claude-3-7-sonnet-latest', 3, 15],
    ['claude-haiku-4-5', 1, 5],
    ['claude-3-5-haiku-20241022', 0.8, 4],
    ['opus', 5, 25],
    ['sonnet', 3, 15],
    ['gpt-5', 1.25, 10],
    ['gpt-5-codex', 1.25, 10],
    ['gpt-5.1-codex-mini', 0.25, 2],
    ['gpt-5.2', 1.75, 14],
    ['gpt-5.5', 1.75, 14],
    ['gpt-5-nano', 0.05, 0.4],
    ['o4-mini', 1.1, 4.4],
  ])('prices %s at $%d in / $%d out per million', (model, input, output) => {
    expect(modelPrice(model)).toMatchObject({ input, output });
  });

  it('prices Anthropic cache reads at a tenth and writes at 1.25× input; OpenAI cache writes as input', () => {
    expect(modelPrice('claude-sonnet-4-5')).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(modelPrice('gpt-5')).toEqual({ input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 1.25 });
  });

  it('adds every kind of token at its own price', () => {
    const cost = estimateCostUsd('claude-sonnet-4-5', { input: 1000, output: 500, cacheRead: 10_000, cacheWrite: 2000 });
    expect(cost).toBeCloseTo((1000 * 3 + 500 * 15 + 10_000 * 0.3 + 2000 * 3.75) / 1e6, 12);
    expect(estimateCostUsd('gpt-5-mini', MILLION)).toBeCloseTo(0.25, 12);
  });

  it('knows no price for a model it does not know, or for no model', () => {
    expect(estimateCostUsd('llama-3-70b', MILLION)).toBeUndefined();
    expect(estimateCostUsd('scripted-model', MILLION)).toBeUndefined();
    expect(estimateCostUsd(undefined, MILLION)).toBeUndefined();
  });
});
