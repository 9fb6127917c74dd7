// The fixtures are stdout of the real Claude Code CLI (2.1.332) run against a scripted model: the
// CLI, its tools, its subagents and its stream-json are real; only the model's replies are
// scripted. Expected figures are worked out here from the recorded lines themselves.
import { describe, expect, it } from 'vitest';
import { ClaudeStreamAdapter } from '../../../../../src-main/core/runs/adapters/claude-stream-adapter';
import { agentsById, endOf, fixtureLines, fixtureMessages, hasOnlyCrlfLineEnds, replay, sumTokens, testContext, type Line } from './replay';

const ctx = testContext();
const MAIN = ctx.agentId;

function results(lines: Line[]): Line[] {
  return lines.filter((line) => line.type === 'result');
}

/** What the CLI said this process used: each result's usage since the result before it. */
function reportedUsage(lines: Line[]) {
  const sum = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0 };
  for (const result of results(lines)) {
    for (const usage of Object.values(result.model_usage_since_last_result as Record<string, Line>)) {
      sum.input += usage.inputTokens;
      sum.output += usage.outputTokens;
      sum.cacheRead += usage.cacheReadInputTokens;
      sum.cacheWrite += usage.cacheCreationInputTokens;
      sum.costUsd += usage.costUSD;
    }
  }
  return sum;
}

function toolUseBlocks(lines: Line[], parentToolUseId: string | null): Line[] {
  const seen = new Map<string, Line>();
  for (const line of lines) {
    if (line.type !== 'assistant' || (line.parent_tool_use_id ?? null) !== parentToolUseId) continue;
    for (const block of line.message.content) if (block.type === 'tool_use') seen.set(block.id, block);
  }
  return [...seen.values()];
}

/** Tokens of the distinct messages (by message.id) an agent's assistant lines carry. */
function messageTokens(lines: Line[], parentToolUseId: string | null) {
  const byId = new Map<string, Line>();
  for (const line of lines) {
    if (line.type === 'assistant' && (line.parent_tool_use_id ?? null) === parentToolUseId && line.message.model !== '<synthetic>') byId.set(line.message.id, line.message.usage);
  }
  const sum = { input: 0, cacheRead: 0, cacheWrite: 0, lines: 0 };
  for (const usage of byId.values()) {
    sum.input += usage.input_tokens;
    sum.cacheRead += usage.cache_read_input_tokens;
    sum.cacheWrite += usage.cache_creation_input_tokens;
  }
  sum.lines = lines.filter((line) => line.type === 'assistant' && (line.parent_tool_use_id ?? null) === parentToolUseId).length;
  return { ...sum, messages: byId.size };
}

describe('ClaudeStreamAdapter on recorded stream-json', () => {
  it('claude-tool-call: one Bash call, its result, the tokens and cost the CLI reported, the session', () => {
    const lines = fixtureMessages('claude-tool-call.jsonl');
    const adapter = new ClaudeStreamAdapter(ctx);
    const run = replay(adapter, fixtureLines('claude-tool-call.jsonl'));
    const init = lines.find((line) => line.subtype === 'init') as Line;
    const result = results(lines)[0] as Line;

    const agents = agentsById(run.state);
    expect([...agents.keys()]).toEqual([MAIN]);
    const main = agents.get(MAIN);
    const bash = toolUseBlocks(lines, null);
    expect(bash.map((block) => block.name)).toEqual(['Bash']);
    expect(main?.toolCalls).toBe(1);
    expect(main).toMatchObject({ sessionId: init.session_id, model: init.model, runId: ctx.runId, terminalId: ctx.terminalId, currentTool: undefined });

    const use = run.events.find((event) => event.type === 'tool_use');
    expect(use).toMatchObject({ tool: 'Bash', tool_use_id: bash[0]?.id, input_summary: bash[0]?.input.command });
    const toolResult = run.events.find((event) => event.type === 'tool_result');
    expect(toolResult).toMatchObject({ tool_use_id: bash[0]?.id, ok: true });
    expect(toolResult?.type === 'tool_result' && toolResult.duration_ms).toBeGreaterThan(0);

    const reported = reportedUsage(lines);
    expect(reported.costUsd).toBeCloseTo(result.total_cost_usd, 10);
    expect(sumTokens(agents.values())).toMatchObject({ input: reported.input, output: reported.output, cacheRead: reported.cacheRead, cacheWrite: reported.cacheWrite });
    expect(main?.costUsd).toBeCloseTo(result.total_cost_usd, 10);

    expect(adapter.facts).toMatchObject({
      sessionId: init.session_id,
      model: init.model,
      tokens: { input: reported.input, output: reported.output, cacheRead: reported.cacheRead, cacheWrite: reported.cacheWrite },
      costEstimated: false,
      turns: result.num_turns,
      resultText: result.result,
      reportedOutcome: { outcome: 'success', subtype: 'success' },
    });
    expect(adapter.facts.costUsd).toBeCloseTo(result.total_cost_usd, 10);
    expect(run.events.every((event) => event.run_id === ctx.runId && event.terminal_id === ctx.terminalId && event.source === ctx.source)).toBe(true);
    expect(run.events.some((event) => event.type === 'agent_spawn' || event.type === 'agent_done')).toBe(false);
  });

  it('claude-tool-call: counts a message split over several lines once', () => {
    const lines = fixtureMessages('claude-tool-call.jsonl');
    const main = messageTokens(lines, null);
    expect(main.lines).toBeGreaterThan(main.messages); // the recording does split a message
    const run = replay(new ClaudeStreamAdapter(ctx), fixtureLines('claude-tool-call.jsonl').filter((line) => !line.includes('"type":"result"')));
    expect(agentsById(run.state).get(MAIN)).toMatchObject({ tokensIn: main.input, cacheRead: main.cacheRead, cacheWrite: main.cacheWrite });
  });

  it('claude-tool-call: renders a readable transcript with CRLF line ends', () => {
    const lines = fixtureMessages('claude-tool-call.jsonl');
    const { transcript } = replay(new ClaudeStreamAdapter(ctx), fixtureLines('claude-tool-call.jsonl'));
    const plain = transcript.replace(/\u001b\[[0-9;]*m/g, '');
    const command = toolUseBlocks(lines, null)[0]?.input.command as string;
    const toolOutput = lines.find((line) => line.type === 'user')?.message.content[0].content as string;
    expect(plain).toContain(`▸ Bash  ${command}\r\n`);
    expect(plain).toContain(`✓ ${toolOutput}\r\n`);
    expect(plain).toContain(`${results(lines)[0]?.result}\r\n`);
    expect(plain).toMatch(/■ done · 2 turns · [\d.]+ m?s · \$0\.\d{4}\r\n$/);
    expect(hasOnlyCrlfLineEnds(transcript)).toBe(true);
  });

  it('claude-subagent: the background subagent is a child with its own tool call and tokens, ended by its notification', () => {
    const lines = fixtureMessages('claude-subagent.jsonl');
    const adapter = new ClaudeStreamAdapter(ctx);
    const run = replay(adapter, fixtureLines('claude-subagent.jsonl'));
    const started = lines.find((line) => line.subtype === 'task_started') as Line;
    const notification = lines.find((line) => line.subtype === 'task_notification') as Line;
    const agents = agentsById(run.state);
    const subagentId = `${MAIN}/${started.task_id}`;
    expect([...agents.keys()].sort()).toEqual([MAIN, subagentId].sort());

    const task = toolUseBlocks(lines, null);
    expect(task.map((block) => block.name)).toEqual([expect.stringMatching(/^(Task|Agent)$/)]);
    expect(started.tool_use_id).toBe(task[0]?.id);
    const subagent = agents.get(subagentId);
    expect(subagent).toMatchObject({ parentId: MAIN, name: task[0]?.input.description, runId: ctx.runId, details: { subagent_type: started.subagent_type } });
    expect(agents.get(MAIN)?.toolCalls).toBe(1);
    expect(subagent?.toolCalls).toBe(toolUseBlocks(lines, started.tool_use_id).length);
    expect(subagent?.toolCalls).toBe(1);
    expect(notification.status).toBe('completed');
    expect(endOf(subagent)?.outcome).toBe('success');
    expect(run.state.counters()).toMatchObject({ spawned: 2, done: 1, toolCalls: 2, toolErrors: 0 });

    // The subagent's tool call is its own: the Bash tool_use names the subagent, not the main agent.
    const bash = run.events.find((event) => event.type === 'tool_use' && event.tool === 'Bash');
    expect(bash?.agent_id).toBe(subagentId);

    // Its tokens are its messages' (one split over two lines, counted once).
    const own = messageTokens(lines, started.tool_use_id);
    expect(own.lines).toBeGreaterThan(own.messages);
    expect(subagent).toMatchObject({ tokensIn: own.input, cacheRead: own.cacheRead, cacheWrite: own.cacheWrite });

    // Two results (the second after the notification woke the main agent): the sums still equal what the CLI reported.
    expect(results(lines)).toHaveLength(2);
    const reported = reportedUsage(lines);
    const last = results(lines).at(-1) as Line;
    expect(reported.costUsd).toBeCloseTo(last.total_cost_usd, 10);
    expect(sumTokens(agents.values())).toMatchObject({ input: reported.input, output: reported.output, cacheRead: reported.cacheRead, cacheWrite: reported.cacheWrite });
    expect(agents.get(MAIN)?.costUsd).toBeCloseTo(last.total_cost_usd, 10);
    expect(adapter.facts.turns).toBe(results(lines).reduce((sum, result) => sum + result.num_turns, 0));
    expect(adapter.facts.resultText).toBe(last.result);

    const plain = run.transcript.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toContain(`  ◆ ${task[0]?.input.description} started`);
    expect(plain).toContain(`  ▸ Bash  ${toolUseBlocks(lines, started.tool_use_id)[0]?.input.command}\r\n`);
    expect(plain).toContain(`  ◆ ${task[0]?.input.description} done`);
  });

  it('claude-subagent: a replay names the subagent the same (its id comes from the run and the task)', () => {
    const first = replay(new ClaudeStreamAdapter(ctx), fixtureLines('claude-subagent.jsonl'));
    const again = replay(new ClaudeStreamAdapter(testContext()), fixtureLines('claude-subagent.jsonl'));
    const spawned = (events: typeof first.events) => events.filter((event) => event.type === 'agent_spawn').map((event) => event.agent_id);
    expect(spawned(again.events)).toEqual(spawned(first.events));
    const other = replay(new ClaudeStreamAdapter(testContext({ runId: 'run-2', agentId: 'run-2-main' })), fixtureLines('claude-subagent.jsonl'));
    expect(spawned(other.events)[0]?.startsWith('run-2-main/')).toBe(true);
  });

  it('claude-subagent: a run that ends while its subagent works ends the subagent and its open tool', () => {
    const lines = fixtureLines('claude-subagent.jsonl');
    const cut = lines.findIndex((line) => line.includes('"subtype":"task_progress"'));
    const adapter = new ClaudeStreamAdapter(ctx);
    const run = replay(adapter, lines.slice(0, cut), { outcome: 'cancelled', reason: 'cancelled from Orrery' });
    const agents = agentsById(run.state);
    const subagent = [...agents.values()].find((agent) => agent.parentId === MAIN);
    expect(endOf(subagent)).toEqual({ outcome: 'cancelled', error: 'cancelled from Orrery' });
    expect(subagent?.currentTool).toBeUndefined();
    const closed = run.events.filter((event) => event.type === 'tool_result' && !event.ok);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ agent_id: subagent?.id, error: 'cancelled from Orrery' });
    // The main agent is the runs layer's to end.
    expect(endOf(agents.get(MAIN))).toBeUndefined();
    expect(adapter.facts.reportedOutcome).toBeUndefined();
    expect(adapter.facts.costEstimated).toBe(true);
  });

  it('claude-sigint-while-streaming: the interrupted result is an error with a readable reason, the cost as reported', () => {
    const lines = fixtureMessages('claude-sigint-while-streaming.jsonl');
    const adapter = new ClaudeStreamAdapter(ctx);
    const run = replay(adapter, fixtureLines('claude-sigint-while-streaming.jsonl'), { outcome: 'cancelled' });
    const result = results(lines)[0] as Line;
    expect(result.subtype).toBe('error_during_execution');
    expect(adapter.facts.reportedOutcome).toEqual({ outcome: 'error', subtype: 'error_during_execution', error: 'interrupted while the model was answering' });
    expect(adapter.facts.costUsd).toBeCloseTo(result.total_cost_usd, 10);
    expect(agentsById(run.state).get(MAIN)?.costUsd).toBeCloseTo(result.total_cost_usd, 10);
    // The CLI already said how it ended; finish adds no second closing line.
    expect(run.transcript.match(/■/g)).toHaveLength(1);
    expect(run.transcript).toContain('[Request interrupted by user]');
  });

  it('claude-sigint-while-streaming: killed before its result line, the cost is estimated from the price table', () => {
    const lines = fixtureLines('claude-sigint-while-streaming.jsonl').filter((line) => !line.includes('"type":"result"'));
    const adapter = new ClaudeStreamAdapter(ctx);
    const run = replay(adapter, lines, { outcome: 'cancelled', reason: 'SIGTERM' });
    const main = agentsById(run.state).get(MAIN);
    expect(adapter.facts.reportedOutcome).toBeUndefined();
    expect(adapter.facts.costEstimated).toBe(true);
    expect(adapter.facts.costUsd).toBeGreaterThan(0);
    expect(main?.costUsd).toBeCloseTo(adapter.facts.costUsd, 12);
    expect(run.transcript.replace(/\u001b\[[0-9;]*m/g, '')).toMatch(/■ cancelled · SIGTERM · \$0\.\d{4} est\.\r\n$/);
  });

  it('claude-error: an API error is reported as an error with its message, and costs nothing', () => {
    const lines = fixtureMessages('claude-error.jsonl');
    const adapter = new ClaudeStreamAdapter(ctx);
    const run = replay(adapter, fixtureLines('claude-error.jsonl'));
    const result = results(lines)[0] as Line;
    expect(result.is_error).toBe(true);
    expect(adapter.facts.reportedOutcome).toEqual({ outcome: 'error', subtype: result.subtype, error: result.result });
    expect(adapter.facts.costUsd).toBe(0);
    // The made-up assistant message carries no usage worth an event.
    expect(run.events.filter((event) => event.type === 'usage')).toHaveLength(0);
    expect(run.transcript).toContain('\u001b[31m✗ API Error: 529');
  });

  it('claude-structured-output: the structured output and the StructuredOutput call', () => {
    const lines = fixtureMessages('claude-structured-output.jsonl');
    const adapter = new ClaudeStreamAdapter(ctx);
    const run = replay(adapter, fixtureLines('claude-structured-output.jsonl'));
    const result = results(lines)[0] as Line;
    expect(result.structured_output).toBeTypeOf('object');
    expect(adapter.facts.structuredOutput).toEqual(result.structured_output);
    expect(adapter.facts.reportedOutcome?.outcome).toBe('success');
    expect(run.events.filter((event) => event.type === 'tool_use').map((event) => event.type === 'tool_use' && event.tool)).toEqual(['StructuredOutput']);
  });

  it('claude-resume: a resumed process counts its own usage, not the session total the CLI repeats', () => {
    const lines = fixtureMessages('claude-resume.jsonl');
    const adapter = new ClaudeStreamAdapter(ctx);
    const run = replay(adapter, fixtureLines('claude-resume.jsonl'));
    const result = results(lines)[0] as Line;
    const init = lines.find((line) => line.subtype === 'init') as Line;
    const own = reportedUsage(lines);
    // total_cost_usd and modelUsage include the first process of the session.
    expect(own.costUsd).toBeLessThan(result.total_cost_usd);
    expect(adapter.facts.costUsd).toBeCloseTo(own.costUsd, 10);
    expect(agentsById(run.state).get(MAIN)?.costUsd).toBeCloseTo(own.costUsd, 10);
    expect(adapter.facts.tokens).toEqual({ input: own.input, output: own.output, cacheRead: own.cacheRead, cacheWrite: own.cacheWrite });
    expect(adapter.facts.sessionId).toBe(init.session_id);
    expect(adapter.facts.resultText).toBe(result.result);
  });
});

describe('ClaudeStreamAdapter on lines no recording has (synthetic, written for these edge cases)', () => {
  it('shows a line that is not JSON as it is, and a JSON value that is not an object too', () => {
    const adapter = new ClaudeStreamAdapter(ctx);
    expect(adapter.stdoutLine('Warning: something odd')).toEqual({ events: [], transcript: 'Warning: something odd\r\n' });
    expect(adapter.stdoutLine('[1,2]')).toEqual({ events: [], transcript: '[1,2]\r\n' });
    expect(adapter.stdoutLine('{"type":"assistant","message":')).toEqual({ events: [], transcript: '{"type":"assistant","message":\r\n' });
    expect(adapter.stdoutLine('   ')).toEqual({ events: [], transcript: '' });
  });

  it('keeps an unknown type or subtype as a dim line, without events', () => {
    const adapter = new ClaudeStreamAdapter(ctx);
    const unknownType = adapter.stdoutLine('{"type":"telepathy","mood":"calm"}');
    expect(unknownType.events).toEqual([]);
    expect(unknownType.transcript).toMatch(/^\u001b\[2mtelepathy .*calm.*\u001b\[0m\r\n$/);
    const unknownSubtype = adapter.stdoutLine('{"type":"system","subtype":"weather_report"}');
    expect(unknownSubtype).toEqual({ events: [], transcript: '\u001b[2msystem/weather_report\u001b[0m\r\n' });
    // Fields of the wrong type read as absent instead of throwing.
    expect(() => adapter.stdoutLine('{"type":"assistant","message":{"content":"not a list","usage":7}}')).not.toThrow();
    expect(() => adapter.stdoutLine('{"type":"user","message":{"content":[null,3,{"type":"tool_result"}]}}')).not.toThrow();
    expect(() => adapter.stdoutLine('{"type":"result","subtype":7,"total_cost_usd":"lots"}')).not.toThrow();
  });

  const taskCall = (id: string) => JSON.stringify({ type: 'assistant', parent_tool_use_id: null, message: { id: `m-${id}`, content: [{ type: 'tool_use', id, name: 'Task', input: { description: `Job ${id}`, prompt: '…', subagent_type: 'Explore' } }] } });
  const taskStarted = (id: string, background: boolean) => JSON.stringify({ type: 'system', subtype: 'task_started', task_id: `task-${id}`, tool_use_id: id, subagent_type: 'Explore', is_backgrounded: background });

  it('a foreground subagent ends when its Task call returns', () => {
    const lines = [
      taskCall('t1'),
      taskStarted('t1', false),
      JSON.stringify({ type: 'assistant', parent_tool_use_id: 't1', agent_id: 'task-t1', message: { id: 'm2', content: [{ type: 'tool_use', id: 't2', name: 'Grep', input: { pattern: 'TODO' } }] } }),
      JSON.stringify({ type: 'user', parent_tool_use_id: 't1', message: { content: [{ type: 'tool_result', tool_use_id: 't2', content: 'a.ts:1: TODO' }] } }),
      JSON.stringify({ type: 'user', parent_tool_use_id: null, message: { content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'Found one TODO.' }] }] } }),
    ];
    const run = replay(new ClaudeStreamAdapter(ctx), lines);
    const subagent = agentsById(run.state).get(`${MAIN}/task-t1`);
    expect(subagent).toMatchObject({ parentId: MAIN, name: 'Job t1', toolCalls: 1 });
    expect(endOf(subagent)).toEqual({ outcome: 'success', error: undefined });
  });

  it.each([
    ['completed', 'success'],
    ['failed', 'error'],
    ['stopped', 'cancelled'],
  ])('a background subagent notified %s ends %s', (status, outcome) => {
    const lines = [
      taskCall('t1'),
      taskStarted('t1', true),
      JSON.stringify({ type: 'user', parent_tool_use_id: null, message: { content: [{ type: 'tool_result', tool_use_id: 't1', content: 'Async agent launched successfully.' }] } }),
    ];
    const adapter = new ClaudeStreamAdapter(ctx);
    const before = replay(adapter, lines);
    expect(endOf(agentsById(before.state).get(`${MAIN}/task-t1`))).toBeUndefined();
    const notified = adapter.stdoutLine(JSON.stringify({ type: 'system', subtype: 'task_notification', task_id: 'task-t1', tool_use_id: 't1', status, summary: 'It went as it went.' }));
    expect(notified.events).toEqual([expect.objectContaining({ type: 'agent_done', agent_id: `${MAIN}/task-t1`, outcome })]);
  });

  it('redacts secrets from tool input summaries, tool errors and the transcript', () => {
    const adapter = new ClaudeStreamAdapter(ctx);
    const call = adapter.stdoutLine(
      JSON.stringify({ type: 'assistant', parent_tool_use_id: null, message: { id: 'm1', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'curl -H "Authorization: Bearer abcdef123456789" https://x.io' } }] } }),
    );
    const failed = adapter.stdoutLine(JSON.stringify({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't1', is_error: true, content: 'login failed with password=hunter22' }] } }));
    const all = JSON.stringify([call, failed]);
    expect(all).not.toContain('abcdef123456789');
    expect(all).not.toContain('hunter22');
    expect(call.events[0]).toMatchObject({ type: 'tool_use', input_summary: 'curl -H "Authorization: Bearer [REDACTED]" https://x.io' });
    expect(failed.events[0]).toMatchObject({ type: 'tool_result', ok: false, error: 'login failed with password=[REDACTED]' });
  });

  it('caps a huge tool output at a few short lines and strips its escape sequences', () => {
    const adapter = new ClaudeStreamAdapter(ctx);
    adapter.stdoutLine(JSON.stringify({ type: 'assistant', message: { id: 'm1', content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'cat big.log' } }] } }));
    const output = Array.from({ length: 5000 }, (_, index) => `\u001b[31mline ${index} ${'x'.repeat(300)}`).join('\n');
    const step = adapter.stdoutLine(JSON.stringify({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't1', content: output }] } }));
    const rows = step.transcript.split('\r\n');
    expect(rows.length).toBeLessThanOrEqual(9);
    expect(Math.max(...rows.map((row) => row.length))).toBeLessThan(260);
    expect(step.transcript).not.toContain('\u001b[31mline');
    expect(step.transcript).toContain('more line');
  });
});
