import { describe, expect, it } from 'vitest';
import { ClaudeStreamAdapter } from '../../../../../src-main/core/runs/adapters/claude-stream-adapter';
import { CodexJsonAdapter } from '../../../../../src-main/core/runs/adapters/codex-json-adapter';
import { createAdapter } from '../../../../../src-main/core/runs/adapters/create-adapter';
import { PlainOutputAdapter } from '../../../../../src-main/core/runs/adapters/plain-output-adapter';
import { fixtureLines, replay, testContext } from './replay';

describe('PlainOutputAdapter (command profiles)', () => {
  it('shows stdout as it is, stderr marked, and makes no events', () => {
    const adapter = new PlainOutputAdapter();
    const run = replay(adapter, ['building…', '{"type":"result","total_cost_usd":3}', 'done'], { outcome: 'success' });
    expect(run.events).toEqual([]);
    expect(run.transcript).toBe('building…\r\n{"type":"result","total_cost_usd":3}\r\ndone\r\n');
    expect(adapter.stderrText('oops\n').transcript).toContain('stderr │');
    expect(adapter.facts).toEqual({ tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, costUsd: 0, costEstimated: false });
  });
});

describe('createAdapter', () => {
  it('picks the adapter by profile kind; the demo speaks Claude Code’s stream-json', () => {
    const ctx = testContext();
    expect(createAdapter('claude', ctx)).toBeInstanceOf(ClaudeStreamAdapter);
    expect(createAdapter('demo', ctx)).toBeInstanceOf(ClaudeStreamAdapter);
    expect(createAdapter('codex', ctx)).toBeInstanceOf(CodexJsonAdapter);
    expect(createAdapter('command', ctx)).toBeInstanceOf(PlainOutputAdapter);
  });

  it('passes the Codex options through', () => {
    const adapter = createAdapter('codex', testContext(), { model: 'gpt-5.5' });
    replay(adapter, fixtureLines('codex-command.jsonl'));
    expect(adapter.facts).toMatchObject({ model: 'gpt-5.5', costEstimated: true });
    expect(adapter.facts.costUsd).toBeGreaterThan(0);
  });
});
