import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasRunningBackgroundTasks, HOOK_EVENTS, mapHookPayload, summariseToolInput, usageEvents } from '../../../../resources/hooks/claude-hook-events.mjs';
import { validateEvent } from '../../../../src-shared/events/event-schema';

const FIXTURES = join(__dirname, '../../../fixtures/claude-code');
const NOW = 1_748_779_200_000;
const SESSION = '8f14e45f-ceea-467a-9b36-2c5d1b3a7e01';
const SUBAGENT = 'a3f9c2e1b7d04e58';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

type Facts = NonNullable<Parameters<typeof mapHookPayload>[2]>;

function mapped(name: string, overrides: Record<string, unknown> = {}, facts: Facts = {}): Record<string, unknown>[] {
  const events = mapHookPayload({ ...fixture(name), ...overrides }, NOW, facts);
  for (const event of events) expect(validateEvent(event), JSON.stringify(event)).toMatchObject({ ok: true });
  return events;
}

const session = { v: 1 as const, ts: NOW, agent_id: SESSION, session_id: SESSION, source: 'claude-code' };
const subagent = { ...session, agent_id: SUBAGENT, parent_id: SESSION, name: 'Explore' };

describe('mapHookPayload', () => {
  it('SessionStart spawns the session agent, named after its directory, with its model', () => {
    expect(mapped('session-start')).toEqual([{ ...session, type: 'agent_spawn', name: 'shop-api', model: 'claude-sonnet-4-5-20250929' }]);
  });

  it("SessionStart without a model takes the transcript's, and reports the Claude Code process", () => {
    const process = { pid: 4242, pid_start: '918273', host: 'dev-box' };
    expect(mapped('session-start', { model: undefined }, { model: 'claude-opus-4-1', process })).toEqual([
      { ...session, type: 'agent_spawn', name: 'shop-api', model: 'claude-opus-4-1', ...process },
    ]);
    expect(mapped('session-start', {}, { model: 'claude-opus-4-1' })[0]?.model).toBe('claude-sonnet-4-5-20250929');
    expect(mapped('session-start', { model: undefined })[0]).not.toHaveProperty('model');
  });

  it('UserPromptSubmit marks the agent running and keeps the prompt out of the journal', () => {
    const events = mapped('user-prompt-submit');
    expect(events).toEqual([{ ...session, type: 'status', status: 'running' }]);
    expect(JSON.stringify(events)).not.toContain('hunter2');
  });

  it('PreToolUse becomes tool_use with a short, redacted input summary', () => {
    const [event] = mapped('pre-tool-use');
    expect(event).toMatchObject({ ...session, type: 'tool_use', tool: 'Bash', tool_use_id: 'toolu_01ABCDefGhijKLmnOPqrsTUV' });
    expect(event?.input_summary).toBe("curl -s -H 'Authorization: Bearer [REDACTED]' https://staging.shop.example/api/users?page=2");
  });

  it('PostToolUse becomes a successful tool_result with its duration, leaving the tool response out', () => {
    expect(mapped('post-tool-use')).toEqual([{ ...session, type: 'tool_result', tool_use_id: 'toolu_01Read000000000000000001', ok: true }]);
    expect(mapped('post-tool-use', { duration_ms: 24 })).toEqual([{ ...session, type: 'tool_result', tool_use_id: 'toolu_01Read000000000000000001', ok: true, duration_ms: 24 }]);
    expect(mapped('post-tool-use', { duration_ms: -1 })[0]).not.toHaveProperty('duration_ms');
    expect(mapped('post-tool-use', { duration_ms: '24' })[0]).not.toHaveProperty('duration_ms');
  });

  it('PostToolUseFailure becomes a failed tool_result carrying the error on one line', () => {
    expect(mapped('post-tool-use-failure')).toEqual([
      {
        ...session,
        type: 'tool_result',
        tool_use_id: 'toolu_01Bash000000000000000002',
        ok: false,
        error: 'Exit code 1 FAIL test/api/users.test.ts ✕ paginates (12 ms) Tests: 1 failed, 7 passed',
      },
    ]);
    expect(mapped('post-tool-use-failure', { is_interrupt: true, error: 'Interrupted by user' })[0]?.error).toBe('interrupted: Interrupted by user');
    expect(mapped('post-tool-use-failure', { duration_ms: 26 })[0]?.duration_ms).toBe(26);
  });

  it('SubagentStart spawns the subagent under the session, named by its type', () => {
    expect(mapped('subagent-start')).toEqual([{ ...subagent, type: 'agent_spawn' }]);
  });

  it('attributes tool calls made inside a subagent to the subagent', () => {
    expect(mapped('subagent-pre-tool-use')).toEqual([
      { ...subagent, type: 'tool_use', tool: 'Grep', tool_use_id: 'toolu_01Grep000000000000000003', input_summary: 'findMany\\( in src' },
    ]);
    expect(mapped('subagent-post-tool-use')).toEqual([{ ...subagent, type: 'tool_result', tool_use_id: 'toolu_01Grep000000000000000003', ok: true }]);
  });

  it('SubagentStop ends the subagent successfully', () => {
    expect(mapped('subagent-stop')).toEqual([{ ...subagent, type: 'agent_done', outcome: 'success' }]);
  });

  it('ignores subagent events without an agent id (older Claude Code), since they name no agent', () => {
    expect(mapped('subagent-start', { agent_id: undefined })).toEqual([]);
    expect(mapped('subagent-stop', { agent_id: undefined })).toEqual([]);
  });

  it('Stop makes the session idle, not done', () => {
    expect(mapped('stop')).toEqual([{ ...session, type: 'status', status: 'idle' }]);
    expect(mapped('stop', { background_tasks: [] })).toEqual([{ ...session, type: 'status', status: 'idle' }]);
  });

  it('Stop while background subagents run leaves the session running', () => {
    const running = [{ id: 'a1', type: 'subagent', status: 'running', description: 'Run one scripted command' }];
    expect(mapped('stop', { background_tasks: running })).toEqual([]);
    expect(mapped('stop', { background_tasks: [{ ...running[0], status: 'completed' }] })).toEqual([{ ...session, type: 'status', status: 'idle' }]);
  });

  it('hasRunningBackgroundTasks: any entry not marked finished counts', () => {
    expect(hasRunningBackgroundTasks(undefined)).toBe(false);
    expect(hasRunningBackgroundTasks([])).toBe(false);
    expect(hasRunningBackgroundTasks([{ status: 'running' }])).toBe(true);
    expect(hasRunningBackgroundTasks([{}])).toBe(true);
    expect(hasRunningBackgroundTasks([{ status: 'failed' }, { status: 'stopped' }])).toBe(false);
  });

  it('Notification marks the agent waiting with the message and logs it', () => {
    expect(mapped('notification')).toEqual([
      { ...session, type: 'status', status: 'waiting', details: { waiting_for: 'Claude needs your permission to use Bash' } },
      { ...session, type: 'log', level: 'info', message: 'Claude needs your permission to use Bash' },
    ]);
    expect(mapped('notification', { message: undefined, notification_type: 'idle_prompt' })).toEqual([{ ...session, type: 'status', status: 'waiting', details: { waiting_for: 'idle_prompt' } }]);
    expect(mapped('notification', { notification_type: 'auth_success', message: 'Signed in' })).toEqual([
      { ...session, type: 'log', level: 'info', message: 'Signed in' },
    ]);
  });

  it('the next prompt or tool call of an agent that waited sets it running and clears the reason', () => {
    const clear = { details: { waiting_for: null } };
    expect(mapped('user-prompt-submit', {}, { wasWaiting: true })).toEqual([{ ...session, type: 'status', status: 'running', ...clear }]);
    expect(mapped('pre-tool-use', {}, { wasWaiting: true })[0]).toMatchObject({ type: 'tool_use', ...clear });
    expect(mapped('post-tool-use', {}, { wasWaiting: true })).toEqual([
      { ...session, type: 'status', status: 'running', ...clear },
      { ...session, type: 'tool_result', tool_use_id: 'toolu_01Read000000000000000001', ok: true },
    ]);
    expect(mapped('post-tool-use-failure', {}, { wasWaiting: true }).map((event) => event.type)).toEqual(['status', 'tool_result']);
    expect(mapped('post-tool-use').map((event) => event.type)).toEqual(['tool_result']);
  });

  it.each(['other', 'prompt_input_exit', 'clear', 'logout', 'resume'])('SessionEnd with reason %s after a finished turn is a normal end', (reason) => {
    expect(mapped('session-end', { reason })).toEqual([{ ...session, type: 'agent_done', outcome: 'success', details: { end_reason: reason } }]);
    expect(mapped('session-end', { reason }, { endedDuringTurn: false })[0]?.outcome).toBe('success');
  });

  it('SessionEnd during a turn is an interruption: cancelled, saying so', () => {
    expect(mapped('session-end', { reason: 'other' }, { endedDuringTurn: true })).toEqual([
      { ...session, type: 'agent_done', outcome: 'cancelled', error: 'interrupted: the session ended (other) during a turn', details: { end_reason: 'other' } },
    ]);
  });

  it('usageEvents: one usage event per model, tokens as increments, no cost (the host prices them)', () => {
    const events = usageEvents(subagent, [
      { model: 'claude-haiku-4-5', tokensIn: 10, tokensOut: 5, cacheRead: 100, cacheWrite: 7 },
      { model: undefined, tokensIn: 1, tokensOut: 2, cacheRead: 0, cacheWrite: 0 },
    ]);
    expect(events).toEqual([
      { ...subagent, type: 'usage', model: 'claude-haiku-4-5', tokens_in: 10, tokens_out: 5, cache_read: 100, cache_write: 7 },
      { ...subagent, type: 'usage', tokens_in: 1, tokens_out: 2, cache_read: 0, cache_write: 0 },
    ]);
    for (const event of events) expect(validateEvent(event)).toMatchObject({ ok: true });
  });

  it('yields nothing for payloads it cannot attribute or does not know', () => {
    expect(mapHookPayload({}, NOW)).toEqual([]);
    expect(mapHookPayload({ hook_event_name: 'Stop' }, NOW)).toEqual([]);
    expect(mapHookPayload({ session_id: 42, hook_event_name: 'Stop' }, NOW)).toEqual([]);
    expect(mapHookPayload({ ...fixture('stop'), hook_event_name: 'PreCompact' }, NOW)).toEqual([]);
    expect(mapHookPayload({ ...fixture('pre-tool-use'), tool_use_id: undefined }, NOW)).toEqual([]);
  });

  it('has a fixture for every hook event it maps', () => {
    const covered = new Set(
      ['session-start', 'user-prompt-submit', 'pre-tool-use', 'post-tool-use', 'post-tool-use-failure', 'subagent-start', 'subagent-stop', 'stop', 'notification', 'session-end'].map(
        (name) => fixture(name).hook_event_name,
      ),
    );
    expect([...covered].sort()).toEqual([...HOOK_EVENTS].sort());
  });
});

describe('summariseToolInput', () => {
  const cwd = '/home/dev/shop-api';

  it.each([
    [{ file_path: '/home/dev/shop-api/src/a.ts', old_string: 'x', new_string: 'y' }, 'src/a.ts'],
    [{ file_path: '/etc/hosts' }, '/etc/hosts'],
    [{ notebook_path: '/home/dev/shop-api/nb.ipynb', new_source: 'print(1)' }, 'nb.ipynb'],
    [{ command: 'npm   test\n  -- --watch=false' }, 'npm test -- --watch=false'],
    [{ pattern: '**/*.ts' }, '**/*.ts'],
    [{ url: 'https://docs.example.com/a', prompt: 'summarise' }, 'https://docs.example.com/a'],
    [{ query: 'zod discriminated union' }, 'zod discriminated union'],
    [{ description: 'map the routes', prompt: 'long prompt…', subagent_type: 'Explore' }, 'Explore: map the routes'],
    [{ todos: [{}, {}, {}] }, '3 todos'],
    [{ server: 'db', sql: 'select 1', password: 'pw123456' }, '{"server":"db","sql":"select 1","password":"[REDACTED]"}'],
  ])('summarises %j as %j', (input, summary) => {
    expect(summariseToolInput(input, cwd)).toBe(summary);
  });

  it('keeps summaries short', () => {
    const summary = summariseToolInput({ command: `echo ${'x'.repeat(1000)}` }, cwd) ?? '';
    expect(summary.length).toBe(160);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('has nothing to say about a missing or empty input', () => {
    expect(summariseToolInput(undefined, cwd)).toBeUndefined();
    expect(summariseToolInput({}, cwd)).toBeUndefined();
  });
});
