import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/core/config/command-line';
import { parseEvent } from '../../../src-shared/events/event-schema';
import { buildEmittedEvent, EVENT_TYPES } from '../../../src-main/cli/emit-command';
import { runCli } from '../../../src-main/cli/run-cli';
import { NOW, testContext } from './cli-test-context';

describe('buildEmittedEvent', () => {
  it('knows every event type of the schema', () => {
    expect(EVENT_TYPES).toEqual(['agent_spawn', 'agent_done', 'tool_use', 'tool_result', 'usage', 'status', 'log']);
  });

  it('builds an event from flags and --json, with ts now and source cli by default', () => {
    const event = buildEmittedEvent('tool_use', { agent: 'a1', parent: 'lead', session: 's1', json: '{"tool":"Bash","tool_use_id":"t1","input_summary":"npm test"}' }, NOW);
    expect(event).toEqual({ v: 1, ts: NOW, source: 'cli', agent_id: 'a1', parent_id: 'lead', session_id: 's1', type: 'tool_use', tool: 'Bash', tool_use_id: 't1', input_summary: 'npm test' });
  });

  it('lets flags win over --json, and takes ts and extra fields from --json', () => {
    const event = buildEmittedEvent('agent_spawn', { agent: 'a1', name: 'scout', model: 'm', source: 'script', json: '{"agent_id":"other","ts":"2025-06-01T12:00:00Z","team":"red"}' }, NOW);
    expect(event).toMatchObject({ agent_id: 'a1', name: 'scout', model: 'm', source: 'script', ts: Date.parse('2025-06-01T12:00:00Z'), team: 'red' });
  });

  it('redacts secrets in every field before writing', () => {
    const event = buildEmittedEvent('log', { agent: 'a1', json: '{"level":"info","message":"deploy with TOKEN=abc123","password":"hunter2"}' }, NOW);
    expect(event).toMatchObject({ message: 'deploy with TOKEN=[REDACTED]', password: '[REDACTED]' });
  });

  it.each([
    ['an unknown type', 'nope', { agent: 'a1' }, /unknown event type "nope"; use one of: agent_spawn, /],
    ['no agent', 'agent_spawn', {}, /--agent <id> is required/],
    ['JSON that does not parse', 'log', { agent: 'a1', json: '{level:' }, /--json is not valid JSON/],
    ['JSON that is not an object', 'log', { agent: 'a1', json: '[1]' }, /--json must be a JSON object/],
    ['a missing type field', 'tool_use', { agent: 'a1', json: '{"tool":"Bash"}' }, /invalid tool_use event: tool_use_id: /],
    ['a bad enum value', 'agent_done', { agent: 'a1', json: '{"outcome":"meh"}' }, /invalid agent_done event: outcome: /],
    ['an empty agent id', 'agent_spawn', { agent: '' }, /invalid agent_spawn event: agent_id/],
  ])('rejects %s with a usage error', (_case, type, flags, message) => {
    expect(() => buildEmittedEvent(type, flags, NOW)).toThrowError(UsageError);
    expect(() => buildEmittedEvent(type, flags, NOW)).toThrowError(message);
  });
});

describe('orrery emit', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'orrery-emit-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('appends one valid line to $ORRERY_HOME/events.jsonl and prints nothing', async () => {
    const context = testContext({ ORRERY_HOME: home });
    expect(await runCli(['emit', 'status', '--agent', 'a1', '--json={"status":"waiting"}'], context)).toBe(0);
    expect(await runCli(['emit', 'log', '--agent=a1', '--json', '{"level":"warn","message":"slow"}'], context)).toBe(0);
    const lines = readFileSync(join(home, 'events.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => parseEvent(line))).toMatchObject([
      { ok: true, event: { type: 'status', agent_id: 'a1', status: 'waiting' } },
      { ok: true, event: { type: 'log', level: 'warn' } },
    ]);
    expect(context.out + context.err).toBe('');
  });

  it('writes to --journal when given', async () => {
    const journal = join(home, 'elsewhere', 'run.jsonl');
    expect(await runCli(['emit', 'agent_spawn', '--agent', 'a1', '--journal', journal], testContext({ ORRERY_HOME: home }))).toBe(0);
    expect(readFileSync(journal, 'utf8')).toContain('"agent_id":"a1"');
  });

  it('exits 2 with the reason and the usage, writing nothing, on invalid input', async () => {
    const context = testContext({ ORRERY_HOME: home });
    expect(await runCli(['emit', 'usage', '--agent', 'a1', '--json', '{"tokens_in":-1,"tokens_out":2}'], context)).toBe(2);
    expect(context.err).toMatch(/^orrery: invalid usage event: tokens_in: .*\n\nUsage: orrery emit/);
    expect(() => readFileSync(join(home, 'events.jsonl'))).toThrow();
  });
});
