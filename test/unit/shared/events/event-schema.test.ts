import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEvent, validateEvent, type OrreryEvent } from '../../../../src-shared/events/event-schema';
import { BASE_TS, eventInput } from '../../../support/event-builders';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

function accept(value: unknown): OrreryEvent {
  const result = validateEvent(value);
  if (!result.ok) throw new Error(`rejected: ${result.detail}`);
  return result.event;
}

function rejectDetail(value: unknown): string {
  const result = validateEvent(value);
  if (result.ok) throw new Error('accepted');
  expect(result.reason).toBe('schema_violation');
  return result.detail;
}

describe('event schema', () => {
  const invalidByType = [
    ['agent_spawn', { agent_id: '' }, 'agent_id'],
    ['agent_done', { outcome: 'crashed' }, 'outcome'],
    ['tool_use', { tool_use_id: undefined }, 'tool_use_id'],
    ['tool_result', { ok: 'yes' }, 'ok'],
    ['tool_result', { duration_ms: -1 }, 'duration_ms'],
    ['usage', { tokens_out: -5 }, 'tokens_out'],
    ['usage', { cost_usd: 'free' }, 'cost_usd'],
    ['status', { status: 'sleeping' }, 'status'],
    ['log', { level: 'loud' }, 'level'],
    ['log', { message: 42 }, 'message'],
  ] as const;

  it.each(['agent_spawn', 'agent_done', 'tool_use', 'tool_result', 'usage', 'status', 'log'] as const)(
    'accepts a minimal %s',
    (type) => {
      expect(accept(eventInput(type)).type).toBe(type);
    },
  );

  it.each(invalidByType)('rejects a %s with bad %o and names the path', (type, fields, path) => {
    expect(rejectDetail(eventInput(type, fields))).toContain(`${path}:`);
  });

  it('rejects unknown types, other versions and missing common fields', () => {
    expect(rejectDetail(eventInput('log', { type: 'dance' }))).toContain('type:');
    expect(rejectDetail(eventInput('log', { v: 2 }))).toContain('v:');
    expect(rejectDetail(eventInput('log', { source: undefined }))).toContain('source:');
    expect(rejectDetail(eventInput('log', { ts: undefined }))).toContain('ts:');
    expect(rejectDetail([1, 2])).toContain('(root):');
  });

  it('keeps unknown fields, nested ones included', () => {
    const event = accept(eventInput('tool_use', { cwd: '/repo', extra: { nested: [1, 2] } }));
    expect(event).toMatchObject({ cwd: '/repo', extra: { nested: [1, 2] } });
  });

  it('normalises ts to integer epoch milliseconds from either form', () => {
    expect(accept(eventInput('log', { ts: '2025-06-01T12:00:00Z' })).ts).toBe(BASE_TS);
    expect(accept(eventInput('log', { ts: '2025-06-01T14:00:00.250+02:00' })).ts).toBe(BASE_TS + 250);
    expect(accept(eventInput('log', { ts: BASE_TS + 0.6 })).ts).toBe(BASE_TS + 1);
  });

  it('rejects ambiguous or implausible timestamps', () => {
    expect(rejectDetail(eventInput('log', { ts: '2025-06-01T12:00:00' }))).toContain('ts:');
    expect(rejectDetail(eventInput('log', { ts: 'yesterday' }))).toContain('ts:');
    expect(rejectDetail(eventInput('log', { ts: 1_748_779_200 }))).toContain('seconds');
  });

  it('summarises many issues in one bounded line', () => {
    const detail = rejectDetail({ v: 1, type: 'usage' });
    expect(detail).toMatch(/and \d+ more$/);
    expect(detail.split('; ')).toHaveLength(4);
  });

  it('tells malformed JSON from schema violations', () => {
    expect(parseEvent('{"v":1,')).toMatchObject({ ok: false, reason: 'malformed_json' });
    expect(parseEvent('{"v":1}')).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect(parseEvent(JSON.stringify(eventInput('status')))).toMatchObject({ ok: true });
  });

  it('accepts the fixture journal and every example in docs/events.md', () => {
    const fixture = readFileSync(join(repoRoot, 'test/fixtures/events/one-of-each.jsonl'), 'utf8').trim().split('\n');
    const docs = readFileSync(join(repoRoot, 'docs/events.md'), 'utf8');
    const examples = [...docs.matchAll(/```jsonl\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').trim().split('\n'));
    expect(examples.length).toBeGreaterThanOrEqual(7);
    for (const line of [...fixture, ...examples]) {
      const result = parseEvent(line);
      expect(result, line).toMatchObject({ ok: true });
    }
    const types = new Set(examples.map((line) => (JSON.parse(line) as { type: string }).type));
    expect(types.size).toBe(7);
  });
});
