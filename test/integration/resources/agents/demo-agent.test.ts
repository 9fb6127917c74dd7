// The demo agent as a real process, launched as the runs layer launches `claude`. Nothing is
// simulated here: the demo itself is the stand-in for the model and the CLI, and its slow tool is
// a real `sleep` in a real process group. Its output is compared, shape for shape, with the real
// Claude Code 2.1.332's, recorded against a scripted model in test/fixtures/agent-clis/.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '../../../../resources/agents/json-schema-sample.mjs';
import { childPids, firstBlock, isAlive, isMain, processTree, runDemoAgent, toolUse, type DemoRun, type JsonLine } from './demo-agent-process';
import { addRunShapes, compareShapes, type Shapes } from './stream-json-shapes';

const FIXTURES = join(__dirname, '../../../fixtures/agent-clis');
const PROMPT = 'Add a retry to the upload client';
/** Fast enough for tests, slow enough that the story keeps its order. */
const FAST = 40;

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'orrery-demo-agent-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const demo = (prompt: string, options: { args?: string[]; speed?: number } = {}) => runDemoAgent({ prompt, args: options.args, speed: options.speed ?? FAST, home });

async function finished(run: DemoRun, timeoutMs = 10_000) {
  const exit = await run.waitForExit(timeoutMs);
  return { exit, lines: run.lines, result: run.lines.at(-1) as JsonLine };
}

const text = (line: JsonLine) => String(firstBlock(line)?.text ?? '');

/** A speed-1 run sent SIGINT while the model writes its second text. */
async function interruptMidText(): Promise<DemoRun> {
  const run = demo(PROMPT, { speed: 1 });
  await run.waitForLine('the first tool result', (line) => line.type === 'user');
  // The next text starts within 1.8 s (time to first token) and takes over 2 s to write.
  await sleep(2_300);
  run.child.kill('SIGINT');
  return run;
}

/** Where the Bash tool's shell runs: the demo agent's child, with its `sleep` below it. */
function bashTree(run: DemoRun): number[] {
  const pid = run.child.pid as number;
  return childPids(pid).flatMap(processTree);
}

describe.concurrent('a full demo run', () => {
  it('prints the story in order, each line whole JSON, and a result that adds up', async () => {
    const { exit, lines, result } = await finished(demo(PROMPT));
    expect(exit.code).toBe(0);

    const init = lines[0] as JsonLine;
    expect(init).toMatchObject({ type: 'system', subtype: 'init', model: 'claude-opus-5-5', claude_code_version: '2.1.332', permissionMode: 'default', cwd: home });
    const sessionId = String(init.session_id);
    expect(sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(lines.every((line) => line.session_id === sessionId)).toBe(true);

    const main = lines.filter((line) => line.type === 'result' || (line.type !== 'system' && isMain(line)));
    const story = main.map((line) => `${line.type}:${String(firstBlock(line)?.type ?? line.subtype)}:${String(firstBlock(line)?.name ?? '')}`);
    expect(story).toEqual([
      'assistant:text:',
      expect.stringMatching(/^assistant:tool_use:(Grep|Glob|Read)$/),
      'user:tool_result:',
      'assistant:text:',
      'assistant:tool_use:Agent',
      'user:tool_result:',
      'assistant:text:',
      'assistant:tool_use:Bash',
      'user:tool_result:',
      'assistant:text:',
      'result:success:',
    ]);

    const agentCall = firstBlock(lines.find((line) => toolUse(line, 'Agent')) as JsonLine) as { id: string; input: Record<string, unknown> };
    expect(agentCall.input).toEqual({ description: expect.any(String), prompt: expect.any(String), subagent_type: expect.stringMatching(/^(Explore|general-purpose)$/) });
    const started = lines.find((line) => line.subtype === 'task_started') as JsonLine;
    expect(started).toMatchObject({ tool_use_id: agentCall.id, task_type: 'local_agent', is_backgrounded: true, spawn_depth: 1 });
    const subagentLines = lines.filter((line) => line.parent_tool_use_id === agentCall.id);
    expect(subagentLines.length).toBeGreaterThanOrEqual(5);
    expect(subagentLines.every((line) => line.agent_id === started.task_id)).toBe(true);
    expect(subagentLines.filter((line) => toolUse(line)).map((line) => firstBlock(line)?.name)).toEqual(['Grep', 'Read']);
    const notification = lines.find((line) => line.subtype === 'task_notification' && line.task_id === started.task_id) as JsonLine;
    expect(notification).toMatchObject({ status: 'completed', summary: text(subagentLines.at(-1) as JsonLine), usage: { tool_uses: 2 } });
    expect(lines.filter((line) => line.subtype === 'task_progress').map((line) => line.last_tool_name)).toEqual(['Grep', 'Read']);

    const bashCall = firstBlock(lines.find((line) => toolUse(line, 'Bash')) as JsonLine) as { id: string; input: { command: string } };
    expect(bashCall.input.command).toMatch(/^sleep \d/);
    const bashResult = lines.find((line) => line.type === 'user' && firstBlock(line)?.tool_use_id === bashCall.id) as JsonLine;
    expect(bashResult.tool_use_result).toMatchObject({ stdout: expect.stringContaining('passed'), stderr: '', interrupted: false });
    expect(lines.indexOf(notification)).toBeLessThan(lines.indexOf(bashResult));

    expect(result).toMatchObject({ type: 'result', subtype: 'success', is_error: false, num_turns: 4, session_id: sessionId, stop_reason: 'end_turn', result: text(main.at(-2) as JsonLine), permission_denials: [] });
    const usage = result.usage as Record<string, number>;
    for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens']) expect(usage[key]).toBeGreaterThan(0);
    // modelUsage counts the subagent too; usage only the main agent.
    const model = (result.modelUsage as Record<string, { inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheCreationInputTokens: number; costUSD: number }>)['claude-opus-5-5'];
    if (!model) throw new Error('no modelUsage for claude-opus-5-5');
    expect(model.outputTokens).toBeGreaterThan(usage.output_tokens as number);
    // Claude Code's own prices for claude-opus-5-5, per million tokens: 4 in, 20 out, 0.2 cache read, 5 cache write.
    const expectedCost = (model.inputTokens * 4 + model.outputTokens * 20 + model.cacheReadInputTokens * 0.2 + model.cacheCreationInputTokens * 5) / 1e6;
    expect(result.total_cost_usd).toBeCloseTo(expectedCost, 9);
    expect(model.costUSD).toBeCloseTo(expectedCost, 9);
    expect(result.subagent_stats).toMatchObject({ spawned: 1, completed: 1, by_type: { [String(agentCall.input.subagent_type)]: 1 } });
  });

  it('tells the same story for the same prompt', async () => {
    const runs = await Promise.all([finished(demo('Refactor the session cache')), finished(demo('Refactor the session cache'))]);
    const told = runs.map(({ lines }) =>
      lines.filter((line) => line.type !== 'system' && isMain(line)).map((line) => {
        const block = firstBlock(line) ?? {};
        return { type: line.type, text: block.text, name: block.name, input: block.input, content: block.content === undefined || typeof block.content === 'string' ? block.content : 'launched' };
      }),
    );
    expect(told[0]).toEqual(told[1]);
    expect(told[0]?.some((entry) => String(entry.text).includes('session'))).toBe(true);
  });

  it('prints the shapes the real Claude Code prints', async () => {
    const real: Shapes = new Map();
    for (const name of readdirSync(FIXTURES).filter((file) => file.startsWith('claude-') && !file.includes('hooks'))) {
      addRunShapes(real, readFileSync(join(FIXTURES, name), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as JsonLine));
    }
    const interrupted = interruptMidText();
    const runs = [demo(PROMPT), demo('Summarise the change', { args: ['--json-schema', JSON.stringify({ type: 'object', properties: { title: { type: 'string' } }, required: ['title'] })] }), demo('Retry forever', { args: ['--max-turns', '3'] })];
    const shapes: Shapes = new Map();
    for (const run of [await interrupted, ...runs]) addRunShapes(shapes, (await finished(run)).lines);

    const { unrecorded, differences } = compareShapes(shapes, real);
    expect(differences).toEqual([]);
    // Kinds no real recording has yet: when one is recorded, it is compared by the lines above.
    const notYetRecorded = [/^tool_use_result\/(Grep|Glob|Read)\/ok$/, /^system\/task_started\/local_bash$/, /^system\/task_notification\/local_bash\//, /^result\/error_max_turns$/];
    expect(unrecorded.filter((kind) => !notYetRecorded.some((pattern) => pattern.test(kind)))).toEqual([]);
    for (const kind of ['system/init', 'assistant/main/text', 'assistant/main/tool_use', 'user/main/tool_result', 'assistant/subagent/tool_use', 'system/task_notification/local_agent/completed', 'result/success', 'result/error_during_execution']) {
      expect(real.has(kind) && shapes.has(kind), kind).toBe(true);
    }
  });
});

describe('signals, as Claude Code reacts to them', () => {
  it.concurrent('SIGINT while the model streams: an error_during_execution result, exit 0 at once', async () => {
    const run = demo(PROMPT, { speed: 1 });
    await run.waitForLine('init', (line) => line.subtype === 'init');
    await sleep(300);
    const sent = Date.now();
    run.child.kill('SIGINT');
    const { exit, lines, result } = await finished(run);
    expect(exit.code).toBe(0);
    expect(exit.at - sent).toBeLessThan(300);
    expect(lines.map((line) => line.type)).toEqual(['system', 'user', 'result']);
    expect(text(lines[1] as JsonLine)).toBe('[Request interrupted by user]');
    expect(result).toMatchObject({ subtype: 'error_during_execution', is_error: true, terminal_reason: 'aborted_streaming', stop_reason: null, errors: [expect.stringContaining('stop_reason=null')] });
  });

  it.concurrent('SIGINT in the middle of a text: the partial text, marked aborted, comes first', async () => {
    const { exit, lines, result } = await finished(await interruptMidText());
    expect(exit.code).toBe(0);
    const [partial, interrupted] = lines.slice(-3);
    expect(partial).toMatchObject({ type: 'assistant', aborted: true });
    expect(text(partial as JsonLine)).toMatch(/^The core of it is in/);
    expect(text(partial as JsonLine)).not.toMatch(/run the tests\.$/);
    expect(result.total_cost_usd as number).toBeGreaterThan(0);
    expect(text(interrupted as JsonLine)).toBe('[Request interrupted by user]');
    expect(result).toMatchObject({ subtype: 'error_during_execution', terminal_reason: 'aborted_streaming' });
  });

  /** Starts a run and waits until its slow Bash command runs, returning its process tree. */
  async function untilBashRuns() {
    const run = demo(PROMPT, { speed: 8 });
    await run.waitForLine('the Bash call', (line) => toolUse(line, 'Bash'));
    let tree: number[] = [];
    for (let attempt = 0; attempt < 50 && !tree.some((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep')); attempt++) {
      await sleep(10);
      tree = bashTree(run);
    }
    expect(tree.length).toBeGreaterThanOrEqual(2);
    return { run, tree };
  }

  it.concurrent('SIGINT while the Bash tool runs: kills the command, prints the result, lingers, exits 0', async () => {
    const { run, tree } = await untilBashRuns();
    const sent = Date.now();
    run.child.kill('SIGINT');
    const result = await run.waitForLine('a result', (line) => line.type === 'result', 1_000);
    expect(Date.now() - sent).toBeLessThan(500);
    expect(result).toMatchObject({ subtype: 'error_during_execution', is_error: true, terminal_reason: 'aborted_tools', stop_reason: 'tool_use' });
    const rejected = run.lines.find((line) => line.type === 'user' && firstBlock(line)?.is_error === true) as JsonLine;
    expect(rejected.tool_use_result).toBe('User rejected tool use');
    expect(run.lines.some((line) => text(line) === '[Request interrupted by user for tool use]')).toBe(true);
    await sleep(500);
    expect(isAlive(run.child.pid as number)).toBe(true);
    expect(tree.filter(isAlive)).toEqual([]);
    const exit = await run.waitForExit(3_000);
    expect(exit.code).toBe(0);
  });

  it.concurrent('SIGINT while the Bash tool runs, then SIGTERM: exit 143 at once', async () => {
    const { run } = await untilBashRuns();
    run.child.kill('SIGINT');
    await sleep(500);
    expect(isAlive(run.child.pid as number)).toBe(true);
    const sent = Date.now();
    run.child.kill('SIGTERM');
    const exit = await run.waitForExit(1_000);
    expect(exit.code).toBe(143);
    expect(exit.at - sent).toBeLessThan(300);
  });

  it.concurrent('SIGTERM while the Bash tool runs: kills the command, no result, exit 143', async () => {
    const { run, tree } = await untilBashRuns();
    run.child.kill('SIGTERM');
    const exit = await run.waitForExit(3_000);
    expect(exit.code).toBe(143);
    expect(run.lines.some((line) => line.type === 'result')).toBe(false);
    expect(firstBlock(run.lines.at(-1) as JsonLine)).toMatchObject({ type: 'tool_result', content: 'Exit code 137', is_error: true });
    expect(tree.filter(isAlive)).toEqual([]);
  });

  it.concurrent('SIGTERM while the model streams: exit 143 at once, no result', async () => {
    const run = demo(PROMPT, { speed: 1 });
    await run.waitForLine('init', (line) => line.subtype === 'init');
    const sent = Date.now();
    run.child.kill('SIGTERM');
    const exit = await run.waitForExit(1_000);
    expect(exit.code).toBe(143);
    expect(exit.at - sent).toBeLessThan(300);
    expect(run.lines.map((line) => line.type)).toEqual(['system']);
  });
});

describe.concurrent('steering', () => {
  it('--json-schema: the answer validates, as structured_output and as the result text', async () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 5 },
        risk: { enum: ['low', 'medium', 'high'] },
        files: { type: 'array', minItems: 2, maxItems: 4, items: { type: 'object', properties: { path: { type: 'string' }, lines: { type: 'integer', minimum: 1, maximum: 500 } }, required: ['path', 'lines'] } },
        reviewed_at: { type: 'string', format: 'date-time' },
        verdict: { anyOf: [{ type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }, { type: 'null' }] },
        kind: { const: 'review' },
      },
      required: ['title', 'risk', 'files', 'reviewed_at', 'verdict', 'kind'],
      additionalProperties: false,
    };
    const { exit, lines, result } = await finished(demo('Review the upload retry change', { args: ['--json-schema', JSON.stringify(schema)] }));
    expect(exit.code).toBe(0);
    expect((lines[0] as JsonLine).tools).toContain('StructuredOutput');
    const answer = result.structured_output as { title: string; risk: string; files: Array<{ lines: number }>; kind: string };
    expect(validateAgainstSchema(schema, answer)).toEqual([]);
    expect(['low', 'medium', 'high']).toContain(answer.risk);
    expect(answer.files.length).toBeGreaterThanOrEqual(2);
    expect(answer.files.length).toBeLessThanOrEqual(4);
    expect(answer.kind).toBe('review');
    expect(JSON.parse(String(result.result))).toEqual(answer);
    const call = lines.find((line) => toolUse(line, 'StructuredOutput')) as JsonLine;
    expect(firstBlock(call)?.input).toEqual(answer);
    expect(result).toMatchObject({ subtype: 'success', is_error: false, stop_reason: 'tool_use', num_turns: 5 });
  });

  it('--json-schema it cannot satisfy: error_max_structured_output_retries, exit 1', async () => {
    const schema = { type: 'object', properties: { version: { type: 'string', pattern: '^v\\d+\\.\\d+$' } }, required: ['version'] };
    const { exit, result } = await finished(demo('Bump the version', { args: ['--json-schema', JSON.stringify(schema)] }));
    expect(exit.code).toBe(1);
    expect(result).toMatchObject({ subtype: 'error_max_structured_output_retries', is_error: true, errors: [expect.stringContaining('$.version: must match')] });
  });

  it('--resume keeps the session id, says it resumed, and keeps adding up the session cost', async () => {
    const sessionId = '6a1f0e52-3b7c-4d8e-9f01-23456789abcd';
    const first = await finished(demo(PROMPT, { args: ['--session-id', sessionId] }));
    expect(first.result.session_id).toBe(sessionId);
    const again = await finished(demo(PROMPT, { args: ['--session-id', sessionId] }));
    expect(again.exit.code).toBe(1);
    expect(again.lines).toEqual([]);

    const resumed = await finished(demo('Now make the retries configurable', { args: ['--resume', sessionId] }));
    expect(resumed.exit.code).toBe(0);
    expect((resumed.lines[0] as JsonLine).session_id).toBe(sessionId);
    expect(resumed.result.session_id).toBe(sessionId);
    expect(text(resumed.lines.find((line) => line.type === 'assistant') as JsonLine)).toMatch(/^Resuming our earlier session \(1 earlier prompt\)/);
    expect(resumed.result.result).toMatch(/^Resumed the session/);
    const cost = (result: JsonLine) => Object.values(result.model_usage_since_last_result as Record<string, { costUSD: number }>)[0]?.costUSD ?? 0;
    expect(resumed.result.total_cost_usd).toBeCloseTo((first.result.total_cost_usd as number) + cost(resumed.result), 9);
    expect(resumed.result.num_turns).toBe(4);
  });

  it('--resume of an unknown session fails as the real CLI does', async () => {
    const run = demo('Continue', { args: ['--resume', '0b0e7a3c-0000-4000-8000-000000000000'] });
    const { exit, lines, result } = await finished(run);
    expect(exit.code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(result).toMatchObject({ type: 'result', subtype: 'error_during_execution', is_error: true, num_turns: 0, errors: ['No conversation found with session ID: 0b0e7a3c-0000-4000-8000-000000000000'] });
    expect(run.stderr()).toContain('No conversation found');
  });

  it('"fail" in the prompt: the tests fail and the run ends in error, exit 1', async () => {
    const { exit, lines, result } = await finished(demo('Make the build fail'));
    expect(exit.code).toBe(1);
    const failed = lines.find((line) => line.type === 'user' && firstBlock(line)?.is_error === true) as JsonLine;
    expect(firstBlock(failed)?.content).toMatch(/^Exit code 1\n.*FAIL/s);
    expect(result).toMatchObject({ type: 'result', subtype: 'error_during_execution', is_error: true, errors: [expect.stringContaining('"fail"')] });
  });

  it('"loop" keeps calling tools, until --max-turns stops it with error_max_turns, exit 1', async () => {
    const { exit, lines, result } = await finished(demo('Keep retrying the upload in a loop', { args: ['--max-turns', '5'] }));
    expect(exit.code).toBe(1);
    const mainCalls = lines.filter((line) => isMain(line) && toolUse(line));
    expect(mainCalls).toHaveLength(5);
    expect(mainCalls.map((line) => firstBlock(line)?.name)).toContain('Bash');
    expect(result).toMatchObject({ subtype: 'error_max_turns', is_error: true, num_turns: 6, errors: ['Reached maximum number of turns (5)'] });
  });

  it('--max-budget-usd: stops once the run has spent it, with error_max_budget_usd, exit 1', async () => {
    const { exit, lines, result } = await finished(demo(PROMPT, { args: ['--max-budget-usd', '0.02'] }));
    expect(exit.code).toBe(1);
    expect(result).toMatchObject({ subtype: 'error_max_budget_usd', is_error: true, errors: ['Reached maximum budget ($0.02)'] });
    expect(result.total_cost_usd as number).toBeGreaterThanOrEqual(0.02);
    expect(lines.filter((line) => isMain(line) && toolUse(line)).length).toBeLessThan(3);
  });
});
