import { describe, expect, it } from 'vitest';
import { MODEL_PALETTE, modelColour, UNKNOWN_MODEL_COLOUR } from '../../../../src-renderer/src/agents/model-colour';
import { stringHash } from '../../../../src-renderer/src/agents/string-hash';

describe('modelColour', () => {
  it('gives a model the same palette colour every time, in every run', () => {
    expect(modelColour('claude-sonnet-4')).toBe(modelColour('claude-sonnet-4'));
    expect(MODEL_PALETTE).toContain(modelColour('claude-sonnet-4'));
    // Pinned: a colour that moved between releases would teach people the wrong legend.
    expect(stringHash('claude-sonnet-4')).toBe(stringHash('claude-sonnet-4'));
    expect(stringHash('')).toBe(0x811c9dc5);
    expect(stringHash('a')).toBe(0xe40c292c);
  });

  it('spreads different models over the palette', () => {
    const models = ['claude-opus-4', 'claude-sonnet-4', 'claude-haiku-4', 'gpt-5', 'gpt-5-mini', 'o3', 'gemini-2.5-pro', 'codex'];
    expect(new Set(models.map(modelColour)).size).toBeGreaterThanOrEqual(5);
  });

  it('uses a neutral colour when the model is unknown', () => {
    expect(modelColour(undefined)).toBe(UNKNOWN_MODEL_COLOUR);
    expect(modelColour('')).toBe(UNKNOWN_MODEL_COLOUR);
  });
});
