// The fixtures are stdout of the real Codex CLI (0.171.0, `codex exec --json`) run against a
// scripted model: the CLI, its sandboxed commands and its JSON events are real; only the model's
// replies are scripted. Expected figures are worked out here from the recorded lines themselves.
import { describe, expect, it } from 'vitest';
import type { RunTokens } from '../../../../../src-main/core/runs/adapters/agent-output-adapter';
import { CodexJsonAdapter } from '../../../../../src-main/core/runs/adapters/codex-json-adapter';
import { unwrapShellCommand } from '../../../../../src-main/core/runs/adapters/tool-input-summary';
import { estimateCostUsd } from '../../../../../src-shared/pricing/model-prices';
import { agentsById, fixtureLines, fixtureMessages, hasOnlyCrlfLineEnds, replay, sumTokens, testContext, type Line } from './replay';

const ctx = testContext({ source: 'codex' });
const MAIN = ctx.agentId;
const MODEL = 'gpt-5.5';

/** A thread's cumulative usage, in Orrery's terms: uncached input apart from cached. */
function threadTotals(lines: Line[]): RunTokens {
  const usage = lines.filter((line) => line.type === 'turn.completed').at(-1)?.usage as Line;
  return { input: usage.input_tokens - usage.cached_input_tokens - usage.cache_write_input_tokens, output: usage.output_tokens, cacheRead: usage.cached_input_tokens, cacheWrite: usage.cache_write_input_tokens };
}

describe('CodexJsonAdapter on recorded codex exec --json', () => {
  it('codex-command: the command as a Bash call with its exit code, the answer, the thread id, estimated cost', () => {
    const lines = fixtureMessages('codex-command.jsonl');
    const adapter = new CodexJsonAdapter(ctx, { model: MODEL });
    const run = replay(adapter, fixtureLines('codex-command.jsonl'));
    const thread = lines.find((line) => line.type === 'thread.started') as Line;
    const command = lines.find((line) => line.type === 'item.completed' && line.item.type === 'command_execution')?.item as Line;
    const answer = lines.find((line) => line.type === 'item.completed' && line.item.type === 'agent_message')?.item as Line;

    const agents = agentsById(run.state);
    expect([...agents.keys()]).toEqual([MAIN]);
    expect(agents.get(MAIN)).toMatchObject({ sessionId: thread.thread_id, model: MODEL, toolCalls: 1, currentTool: undefined, runId: ctx.runId });
    expect(command.exit_code).toBe(0);
    expect(run.events.find((event) => event.type === 'tool_use')).toMatchObject({ tool: 'Bash', tool_use_id: `${ctx.runId}:${command.id}`, input_summary: unwrapShellCommand(command.command) });
    expect(unwrapShellCommand(command.command)).not.toBe(command.command);
    expect(run.events.find((event) => event.type === 'tool_result')).toMatchObject({ ok: true });

    const tokens = threadTotals(lines);
    const cost = estimateCostUsd(MODEL, tokens) as number;
    expect(cost).toBeGreaterThan(0);
    expect(sumTokens(agents.values())).toEqual({ input: tokens.input, output: tokens.output, cacheRead: tokens.cacheRead, cacheWrite: tokens.cacheWrite, costUsd: cost });
    expect(adapter.facts).toEqual({
      sessionId: thread.thread_id,
      model: MODEL,
      tokens,
      costUsd: cost,
      costEstimated: true,
      turns: 1,
      resultText: answer.text,
      reportedOutcome: { outcome: 'success', subtype: 'turn.completed' },
    });

    const plain = run.transcript.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toContain(`▸ Bash  ${unwrapShellCommand(command.command)}\r\n`);
    expect(plain).toContain(`✓ ${command.aggregated_output.trim()}\r\n`);
    expect(plain).toContain(`${answer.text}\r\n`);
    expect(plain).toMatch(/■ done · 1 turn · [\d.]+ m?s · \$0\.\d{4} est\.\r\n$/);
    expect(hasOnlyCrlfLineEnds(run.transcript)).toBe(true);
  });

  it('codex-failed: a failed turn is an error with its message', () => {
    const lines = fixtureMessages('codex-failed.jsonl');
    const adapter = new CodexJsonAdapter(ctx, { model: MODEL });
    const run = replay(adapter, fixtureLines('codex-failed.jsonl'), { outcome: 'error' });
    const failure = lines.find((line) => line.type === 'turn.failed') as Line;
    expect(adapter.facts.reportedOutcome).toEqual({ outcome: 'error', subtype: 'turn.failed', error: failure.error.message });
    expect(run.events.filter((event) => event.type === 'usage')).toHaveLength(0);
    expect(run.transcript).toContain(failure.error.message);
    // Codex said how it ended: finish writes no second closing line.
    expect(run.transcript.match(/■/g)).toHaveLength(1);
  });

  it('codex-resume: usage is cumulative for the thread, so a resumed process counts only what it added', () => {
    const lines = fixtureMessages('codex-resume.jsonl');
    const thread = threadTotals(lines);
    // Without the earlier totals, the first turn of a resumed thread brings the whole thread with it.
    const naive = replay(new CodexJsonAdapter(ctx, { model: MODEL }), fixtureLines('codex-resume.jsonl'));
    expect(sumTokens(agentsById(naive.state).values())).toMatchObject(thread);

    // The runs layer passes what the thread's earlier runs recorded (here: half of each figure,
    // standing in for the first process, whose output the recording does not keep).
    const previousTotals: RunTokens = { input: Math.floor(thread.input / 2), output: Math.floor(thread.output / 2), cacheRead: Math.floor(thread.cacheRead / 2), cacheWrite: 0 };
    const adapter = new CodexJsonAdapter(ctx, { model: MODEL, previousTotals });
    const run = replay(adapter, fixtureLines('codex-resume.jsonl'));
    const added = { input: thread.input - previousTotals.input, output: thread.output - previousTotals.output, cacheRead: thread.cacheRead - previousTotals.cacheRead, cacheWrite: 0 };
    expect(adapter.facts.tokens).toEqual(added);
    expect(sumTokens(agentsById(run.state).values())).toEqual({ ...added, costUsd: estimateCostUsd(MODEL, added) });
    expect(adapter.facts.sessionId).toBe(lines[0]?.thread_id);
    // The earlier runs and this one together count the thread once.
    expect(previousTotals.input + adapter.facts.tokens.input).toBe(thread.input);
  });

  it('a baseline above what the thread reports never makes a negative increment', () => {
    const thread = threadTotals(fixtureMessages('codex-resume.jsonl'));
    const previousTotals = { input: thread.input + 1, output: thread.output + 1, cacheRead: thread.cacheRead + 1, cacheWrite: 1 };
    const run = replay(new CodexJsonAdapter(ctx, { model: MODEL, previousTotals }), fixtureLines('codex-resume.jsonl'));
    expect(run.events.filter((event) => event.type === 'usage')).toHaveLength(0);
  });

  it('a model the price table does not know gets tokens but no cost, and the transcript says so', () => {
    const adapter = new CodexJsonAdapter(ctx, { model: 'my-local-model' });
    const run = replay(adapter, fixtureLines('codex-command.jsonl'));
    const usage = run.events.filter((event) => event.type === 'usage');
    expect(usage).toHaveLength(1);
    expect(usage[0]).not.toHaveProperty('cost_usd');
    expect(adapter.facts.costUsd).toBe(0);
    expect(run.transcript).toContain('unknown price');
  });

  it('a process stopped mid-command closes the command and says how it ended', () => {
    const lines = fixtureLines('codex-command.jsonl');
    const cut = lines.findIndex((line) => line.includes('"type":"item.started"'));
    const adapter = new CodexJsonAdapter(ctx, { model: MODEL });
    const run = replay(adapter, lines.slice(0, cut + 1), { outcome: 'cancelled', reason: 'cancelled from Orrery' });
    expect(run.events.at(-1)).toMatchObject({ type: 'tool_result', ok: false, error: 'cancelled from Orrery' });
    expect(agentsById(run.state).get(MAIN)?.currentTool).toBeUndefined();
    expect(adapter.facts.reportedOutcome).toBeUndefined();
    expect(run.transcript.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/■ cancelled · cancelled from Orrery · [\d.]+ m?s · \$0\.0000 est\.\r\n$/);
  });
});

describe('CodexJsonAdapter on lines no recording has (synthetic, written for these edge cases)', () => {
  it('maps a file change reported only as completed, and a failed command with its exit code', () => {
    const adapter = new CodexJsonAdapter(ctx, { model: MODEL });
    const change = adapter.stdoutLine(JSON.stringify({ type: 'item.completed', item: { id: 'item_3', type: 'file_change', changes: [{ path: 'src/a.ts', kind: 'update' }, { path: 'src/b.ts', kind: 'add' }], status: 'completed' } }));
    expect(change.events.map((event) => event.type)).toEqual(['tool_use', 'tool_result']);
    expect(change.events[0]).toMatchObject({ tool: 'Edit', input_summary: 'update src/a.ts, add src/b.ts' });
    adapter.stdoutLine(JSON.stringify({ type: 'item.started', item: { id: 'item_4', type: 'command_execution', command: "/bin/bash -lc 'npm test'", status: 'in_progress' } }));
    const failed = adapter.stdoutLine(JSON.stringify({ type: 'item.completed', item: { id: 'item_4', type: 'command_execution', command: "/bin/bash -lc 'npm test'", aggregated_output: '1 failing\n', exit_code: 1, status: 'failed' } }));
    expect(failed.events).toEqual([expect.objectContaining({ type: 'tool_result', ok: false, error: 'exit code 1: 1 failing' })]);
  });

  it('shows a line that is not JSON as it is and an unknown type as a dim line', () => {
    const adapter = new CodexJsonAdapter(ctx);
    expect(adapter.stdoutLine('Reading prompt from stdin...')).toEqual({ events: [], transcript: 'Reading prompt from stdin...\r\n' });
    const unknown = adapter.stdoutLine('{"type":"thread.archived"}');
    expect(unknown.events).toEqual([]);
    expect(unknown.transcript).toContain('\u001b[2mthread.archived');
    expect(() => adapter.stdoutLine('{"type":"item.completed","item":{"type":"command_execution"}}')).not.toThrow();
    expect(() => adapter.stdoutLine('{"type":"turn.completed","usage":"many"}')).not.toThrow();
  });

  it('a top-level error is an error until a turn completes after it (Codex reports retries that way)', () => {
    const adapter = new CodexJsonAdapter(ctx, { model: MODEL });
    adapter.stdoutLine('{"type":"error","message":"Reconnecting... 1/5"}');
    expect(adapter.facts.reportedOutcome).toMatchObject({ outcome: 'error', error: 'Reconnecting... 1/5' });
    adapter.stdoutLine('{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":2}}');
    expect(adapter.facts.reportedOutcome).toMatchObject({ outcome: 'success' });
  });
});
