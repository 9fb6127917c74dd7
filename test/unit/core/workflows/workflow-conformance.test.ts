import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, FakePort, heldAnswers, workflowSource } from './engine-harness';
import type { Harness } from './engine-harness';

/**
 * The conformance suite: one test per rule of the workflow format (WORKFLOWS.md), run through
 * the real engine — QuickJS sandbox, SQLite journal, event ingest. Only the agents behind the
 * port are simulated (FakePort).
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs a workflow body on a machine with 8 CPUs (6 agents at once), so a few calls never queue. */
function run(body: string, request = {}, port?: FakePort) {
  h = createHarness({ engine: { cpuCount: 8 }, ...(port !== undefined && { port }) });
  h.write('flow', workflowSource(body));
  return h.run('test-flow', request);
}

describe('the file', () => {
  it('must start with export const meta; a missing meta is a clear error naming the problem', async () => {
    h = createHarness();
    h.write('no-meta', `const x = 1;\nreturn x;\n`);
    await expect(h.engine.start({ nameOrPath: 'no-meta' })).rejects.toThrow(/no-meta\.js:1: the first statement must be `export const meta/);
  });

  it('meta must be a pure literal: a variable, a call, a spread or an interpolation is refused with its line', async () => {
    h = createHarness();
    h.write('variable', `const NAME = 'x';\nexport const meta = { name: NAME, description: 'd' };`);
    h.write('call', `export const meta = {\n  name: 'call',\n  description: describe(),\n};`);
    h.write('interpolated', 'export const meta = { name: `n-${1}`, description: "d" };');
    await expect(h.engine.start({ nameOrPath: 'variable' })).rejects.toThrow(/variable\.js:1: the first statement must be `export const meta/);
    await expect(h.engine.start({ nameOrPath: 'call' })).rejects.toThrow(/call\.js:3: meta: `describe` is a call, not a literal/);
    await expect(h.engine.start({ nameOrPath: 'interpolated' })).rejects.toThrow(/interpolated\.js:1: meta: template interpolation/);
  });

  it('phases are listed from meta and match phase() by title', async () => {
    h = createHarness();
    h.write('phased', workflowSource(`phase('Search'); await agent('s'); phase('Write'); await agent('w');`, "{ name: 'phased', description: 'd', phases: [{ title: 'Write', detail: 'the report' }, { title: 'Search' }] }"));
    const [entry] = (await h.engine.list()).filter((e) => e.name === 'phased');
    expect(entry?.phases).toEqual([{ title: 'Write', detail: 'the report' }, { title: 'Search' }]);
    const detail = await h.run('phased');
    expect(detail.phases).toEqual([
      { title: 'Write', detail: 'the report', calls: 1, ended: 1, running: 0 },
      { title: 'Search', calls: 1, ended: 1, running: 0 },
    ]);
  });

  it("a phase's model is the default model of the calls in it", async () => {
    h = createHarness();
    h.write('phased', workflowSource(`phase('Cheap'); await agent('a'); await agent('b', { model: 'opus' }); phase('Other'); await agent('c');`, "{ name: 'phased', description: 'd', phases: [{ title: 'Cheap', model: 'haiku' }, { title: 'Other' }] }"));
    await h.run('phased');
    expect(h.port.calls.map((call) => [call.prompt, call.model])).toEqual([['a', 'haiku'], ['b', 'opus'], ['c', undefined]]);
  });

  it('allows top-level await and a top-level return, whose value is the result', async () => {
    const detail = await run(`const first = await agent('one');\nif (first) return { first, more: await agent('two') };\nreturn 'unreached';`);
    expect(detail.outcome).toBe('success');
    expect(detail.result).toEqual({ first: 'answer to one', more: 'answer to two' });
  });

  it('TypeScript syntax fails to parse, with a message saying so', async () => {
    h = createHarness();
    h.write('typed', workflowSource(`const answer: string = await agent('a');\nreturn answer;`, "{ name: 'typed', description: 'd' }"));
    await expect(h.engine.start({ nameOrPath: 'typed' })).rejects.toThrow(/typed\.js:2: SyntaxError: .*this looks like TypeScript: workflow scripts are plain JavaScript/);
  });

  it('has the standard built-ins', async () => {
    const detail = await run(`return [JSON.parse('[1]')[0], Math.max(1, 2), Array.from(new Set([1, 1, 2])).length, new Map([[1, 2]]).get(1), /a+/.test('aa'), Number.isInteger(3), Object.keys({ a: 1 }), typeof Promise.all];`);
    expect(detail.result).toEqual([1, 2, 2, 2, true, true, ['a'], 'function']);
  });

  it('Date.now(), Math.random() and argument-less new Date() throw; dates from values still work', async () => {
    const detail = await run(`
      const refused = [];
      for (const attempt of [() => Date.now(), () => Math.random(), () => new Date(), () => Date()]) {
        try { attempt(); refused.push('allowed'); } catch (error) { refused.push(error.message); }
      }
      return { refused, epoch: new Date(0).toISOString(), utc: Date.UTC(2020, 0, 1), parsed: Date.parse('2020-01-01T00:00:00Z'), isDate: new Date(5) instanceof Date };`);
    const result = detail.result as { refused: string[]; epoch: string; utc: number; parsed: number; isDate: boolean };
    expect(result.refused).toEqual([
      expect.stringMatching(/^Date\.now\(\) is not available in a workflow: a resumed run would take another path/),
      expect.stringMatching(/^Math\.random\(\) is not available/),
      expect.stringMatching(/^new Date\(\) without arguments is not available/),
      expect.stringMatching(/^Date\(\) is not available/),
    ]);
    expect(result).toMatchObject({ epoch: '1970-01-01T00:00:00.000Z', utc: 1577836800000, parsed: 1577836800000, isDate: true });
  });
});

describe('agent()', () => {
  it('starts one agent through the runs layer, with its options, and resolves to its final text', async () => {
    const detail = await run(`return await agent('write the tests', { label: 'tester', phase: 'Build', model: 'haiku', effort: 'high', agentType: 'general-purpose' });`, { profileId: 'codex' });
    expect(detail.result).toBe('answer to write the tests');
    expect(h.port.calls).toEqual([
      {
        workflowRunId: detail.id,
        position: 0,
        prompt: 'write the tests',
        label: 'tester',
        phase: 'Build',
        model: 'haiku',
        effort: 'high',
        agentType: 'general-purpose',
        cwd: h.project,
        profileId: 'codex',
        parentAgentId: `wf-${detail.id}/phase:Build`,
      },
    ]);
    expect(detail.agents).toMatchObject([{ position: 0, label: 'tester', phase: 'Build', state: 'done', runId: 'r1', agentId: 'run-r1', tokensOut: 10, cached: false }]);
  });

  const findings = { type: 'object', properties: { findings: { type: 'array', items: { type: 'string' } } }, required: ['findings'], additionalProperties: false };

  it("with a schema, resolves to the validated object (a Claude profile's structured output)", async () => {
    const port = new FakePort((call) => ({ outcome: 'success', text: 'ignored', structuredOutput: { findings: [`about ${call.prompt}`] }, tokensOut: 3, runId: '' }));
    const detail = await run(`return await agent('review', { schema: ${JSON.stringify(findings)} });`, {}, port);
    expect(detail.result).toEqual({ findings: ['about review'] });
    expect(port.calls[0]?.schema).toEqual(findings);
  });

  it('with a schema, parses and validates the final text of profiles without structured output', async () => {
    const texts = ['{"findings": ["bare"]}', 'Here you are:\n```json\n{"findings": ["fenced"]}\n```', 'Sure. {"findings": ["embedded"]} Done.'];
    const port = new FakePort((call) => ({ outcome: 'success', text: texts[Number(call.prompt)] as string, tokensOut: 1, runId: '' }));
    const detail = await run(`return await parallel([0, 1, 2].map((i) => () => agent(String(i), { schema: ${JSON.stringify(findings)} })));`, {}, port);
    expect(detail.result).toEqual([{ findings: ['bare'] }, { findings: ['fenced'] }, { findings: ['embedded'] }]);
  });

  it('retries an answer that does not match the schema once, telling the agent why; then it resolves to null', async () => {
    const port = new FakePort(() => ({ outcome: 'success', text: '{"findings": "not a list"}', tokensOut: 2, runId: '' }));
    const detail = await run(`return await agent('review', { schema: ${JSON.stringify(findings)} });`, {}, port);
    expect(detail.result).toBeNull();
    expect(port.prompts()).toEqual(['review', expect.stringMatching(/^review\n\nYour previous answer did not match the required JSON schema \(.*findings.*\)/)]);
    expect(detail.agents).toMatchObject([{ state: 'failed', attempts: 2, tokensOut: 4, error: expect.stringMatching(/did not match the schema.*after 2 attempts/) }]);

    const fixedOnRetry = new FakePort((call) => ({ outcome: 'success', text: call.prompt === 'review' ? 'no json here' : '{"findings": []}', tokensOut: 1, runId: '' }));
    await h.close();
    const second = await run(`return await agent('review', { schema: ${JSON.stringify(findings)} });`, {}, fixedOnRetry);
    expect(second.result).toEqual({ findings: [] });
  });

  it('resolves to null when the user skipped (cancelled) the agent, without a retry', async () => {
    const port = new FakePort(() => ({ outcome: 'cancelled', tokensOut: 0, runId: '', error: 'cancelled from the card' }));
    const detail = await run(`const skipped = await agent('a'); return { skipped, after: await agent('b') };`, {}, port);
    expect(detail.result).toEqual({ skipped: null, after: null });
    expect(port.calls).toHaveLength(2);
    expect(detail.agents.map((agent) => agent.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('retries an agent that died once, then resolves to null; a port that throws is a failed attempt too', async () => {
    let calls = 0;
    const port = new FakePort(() => {
      calls++;
      if (calls === 1) throw new Error('no such binary');
      return { outcome: 'error', tokensOut: 1, runId: '', error: 'exit code 1' };
    });
    const detail = await run(`return await agent('a');`, {}, port);
    expect(detail.outcome).toBe('success');
    expect(detail.result).toBeNull();
    expect(port.calls).toHaveLength(2);
    expect(detail.agents).toMatchObject([{ state: 'failed', attempts: 2, error: 'exit code 1 (after 2 attempts)' }]);
  });

  it('refuses wrong options with an error the script can catch', async () => {
    const detail = await run(`
      const errors = [];
      for (const opts of [{ schema: { type: 'array' } }, { isolation: 'container' }, { label: 5 }, 'not an object']) {
        try { await agent('a', opts); } catch (error) { errors.push(error.message); }
      }
      try { await agent(''); } catch (error) { errors.push(error.message); }
      return errors;`);
    expect(detail.result).toEqual([
      "agent(): opts.schema must have an object root (type: 'object'), not \"array\"",
      'agent(): opts.isolation must be \'worktree\' (or left out), not "container"',
      'agent(): opts.label must be a non-empty string of at most 1000 characters',
      'agent(prompt, opts): opts must be an object',
      'agent(prompt, opts): the prompt must be a non-empty string',
    ]);
    expect(h.port.calls).toHaveLength(0);
  });

  it("isolation: 'worktree' runs the agent in a fresh git worktree, removed when clean, kept and named in the result when it holds changes", async () => {
    h = createHarness();
    const git = (...args: string[]) => execFileSync('git', ['-C', h.project, ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    writeFileSync(join(h.project, 'README.md'), 'hello\n');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', 'README.md');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'first');
    const seen: { cwd: string; readme: string }[] = [];
    h.port.answer = (call) => {
      seen.push({ cwd: call.cwd, readme: readFileSync(join(call.cwd, 'README.md'), 'utf8') });
      if (call.prompt === 'edit') writeFileSync(join(call.cwd, 'README.md'), 'changed\n');
      return { outcome: 'success', text: `did ${call.prompt}`, tokensOut: 1, runId: '' };
    };
    h.write('iso', workflowSource(`return [await agent('look', { isolation: 'worktree' }), await agent('edit', { isolation: 'worktree' })];`, "{ name: 'iso', description: 'd' }"));
    const detail = await h.run('iso');
    const [clean, edited] = seen;
    expect(clean?.cwd).not.toBe(h.project);
    expect(clean?.readme).toBe('hello\n');
    expect(existsSync(clean?.cwd as string)).toBe(false);
    expect(existsSync(join(edited?.cwd as string, 'README.md'))).toBe(true);
    expect(detail.result).toEqual(['did look', `did edit\n\n[worktree kept with changes: ${edited?.cwd} (branch orrery/wf-${detail.id}-1)]`]);
    expect(detail.agents[1]?.worktreePath).toBe(edited?.cwd);
    expect(git('worktree', 'list')).toContain(edited?.cwd);
    expect(git('branch', '--list', `orrery/wf-${detail.id}-0`)).toBe('');
    expect(readFileSync(join(h.project, 'README.md'), 'utf8')).toBe('hello\n');
  });
});

describe("agent() with isolation: 'worktree' outside a repository", () => {
  it('resolves to null, saying why, without starting an agent', async () => {
    const detail = await run(`return await agent('edit', { isolation: 'worktree' });`);
    expect(detail.result).toBeNull();
    expect(detail.agents).toMatchObject([{ state: 'failed', attempts: 0, error: expect.stringMatching(/^isolation: 'worktree' needs a git repository, and .* is not in one/) }]);
    expect(h.port.calls).toHaveLength(0);
  });
});

describe('parallel() and pipeline()', () => {
  it('parallel runs its thunks at once and waits for all; a thunk that throws gives null in its slot', async () => {
    const held = heldAnswers();
    h = createHarness({ port: new FakePort(held.answer), engine: { cpuCount: 8 } });
    h.write('flow', workflowSource(`return await parallel([() => agent('a'), () => agent('b'), () => { throw new Error('boom'); }, async () => { await agent('c'); throw new Error('late'); }]);`));
    const started = await h.engine.start({ nameOrPath: 'test-flow' });
    await until(() => held.held() === 3, 'three agents at once');
    for (const text of ['A', 'B', 'C']) held.release(text);
    const detail = await h.engine.settled(started.id);
    expect(detail.result).toEqual(['A', 'B', null, null]);
    expect(h.engine.get(started.id).log.map((line) => line.message)).toEqual(['parallel: item 2 failed: Error: boom', 'parallel: item 3 failed: Error: late']);
  });

  it('pipeline sends each item through all stages on its own, with no barrier between stages', async () => {
    const order: string[] = [];
    const port = new FakePort(async (call) => {
      // Item 0's first stage is slow: item 1 must reach stage 2 before item 0 leaves stage 1.
      await new Promise((resolve) => setTimeout(resolve, call.prompt === 's1 x' ? 150 : 5));
      order.push(call.prompt);
      return { outcome: 'success', text: call.prompt, tokensOut: 1, runId: '' };
    });
    const detail = await run(`return await pipeline(['x', 'y'], (item) => agent('s1 ' + item), (previous) => agent('s2 ' + previous));`, {}, port);
    expect(detail.result).toEqual(['s2 s1 x', 's2 s1 y']);
    expect(order.indexOf('s2 s1 y')).toBeLessThan(order.indexOf('s1 x'));
  });

  it('pipeline calls a stage with (previousResult, originalItem, index); a stage that throws makes its item null and skips the rest', async () => {
    const detail = await run(`
      const seen = [];
      const result = await pipeline(['a', 'b', 'c'],
        (item, original, index) => { seen.push(['1', item, original, index]); if (item === 'b') throw new Error('no b'); return item + '1'; },
        (previous, original, index) => { seen.push(['2', previous, original, index]); return previous + '2'; });
      return { result, seen };`);
    expect(detail.result).toEqual({
      result: ['a12', null, 'c12'],
      seen: [['1', 'a', 'a', 0], ['1', 'b', 'b', 1], ['1', 'c', 'c', 2], ['2', 'a1', 'a', 0], ['2', 'c1', 'c', 2]],
    });
  });
});

describe('phase(), log(), args', () => {
  it('phase(title) groups the agent() calls after it; opts.phase wins for its own call', async () => {
    const detail = await run(`await agent('before'); phase('Scope'); await agent('one'); await agent('two', { phase: 'Verify' }); phase('Write'); await agent('three');`);
    expect(detail.agents.map((agent) => [agent.promptPreview, agent.phase])).toEqual([['before', undefined], ['one', 'Scope'], ['two', 'Verify'], ['three', 'Write']]);
    expect(h.port.calls.map((call) => call.phase)).toEqual([undefined, 'Scope', 'Verify', 'Write']);
  });

  it('log(message) is a progress line and a log event on the workflow node', async () => {
    const detail = await run(`log('found', 3, 'files', { big: true }); console.warn('careful');`);
    expect(detail.log).toMatchObject([
      { seq: 1, level: 'info', message: 'found 3 files {"big":true}' },
      { seq: 2, level: 'warn', message: 'careful' },
    ]);
    expect(h.events.filter((event) => event.type === 'log')).toMatchObject([
      { agent_id: `wf-${detail.id}`, source: 'workflow', level: 'info', message: 'found 3 files {"big":true}' },
      { agent_id: `wf-${detail.id}`, level: 'warn', message: 'careful' },
    ]);
  });

  it('args is the value the run was started with, verbatim, and undefined without one', async () => {
    const args = { question: 'why?', depth: 2, tags: ['a', null], nested: { ok: false } };
    expect((await run(`return { args, type: typeof args };`, { args })).result).toEqual({ args, type: 'object' });
    await h.close();
    expect((await run(`return typeof args;`)).result).toBe('undefined');
  });
});

describe('budget', () => {
  it('without a budget, total is null and remaining() is Infinity; spent() counts output tokens', async () => {
    const detail = await run(`const before = budget.spent(); await agent('a'); return [budget.total, budget.remaining() === Infinity, before, budget.spent()];`);
    expect(detail.result).toEqual([null, true, 0, 10]);
  });

  it('is a hard ceiling: once spent, agent() throws; agents already running finish and keep their results', async () => {
    const detail = await run(
      `const running = await parallel([() => agent('a'), () => agent('b'), () => agent('c')]);
       let refused;
       try { agent('d'); } catch (error) { refused = error.message; }
       return { running, refused, spent: budget.spent(), remaining: budget.remaining(), total: budget.total };`,
      { budgetTokens: 15 },
    );
    expect(detail.result).toEqual({
      running: ['answer to a', 'answer to b', 'answer to c'],
      refused: 'The budget of 15 output tokens is spent: agent() cannot start another agent',
      spent: 30,
      remaining: 0,
      total: 15,
    });
    expect(h.port.calls).toHaveLength(3);
  });
});

describe('workflow()', () => {
  const child = workflowSource(`log('child got', args); const found = await agent('child ' + args.topic); return { found, spent: budget.spent() };`, "{ name: 'child-flow', description: 'd' }");

  it('runs another saved workflow inline, by name or by { scriptPath }, with its args, and returns its result', async () => {
    h = createHarness();
    const childPath = h.write('child', child);
    h.write('parent', workflowSource(`return [await workflow('child-flow', { topic: 'one' }), await workflow({ scriptPath: ${JSON.stringify(childPath)} }, { topic: 'two' })];`, "{ name: 'parent', description: 'd' }"));
    const detail = await h.run('parent');
    expect(detail.outcome).toBe('success');
    expect(detail.result).toEqual([{ found: 'answer to child one', spent: 10 }, { found: 'answer to child two', spent: 20 }]);
    expect(detail.log.map((line) => line.message)).toEqual([`workflow child-flow starts (${childPath})`, 'child got {"topic":"one"}', `workflow child-flow starts (${childPath})`, 'child got {"topic":"two"}']);
  });

  it('shares the agent counter and the budget with its parent', async () => {
    h = createHarness();
    h.write('child', child);
    h.write('parent', workflowSource(`await agent('p1'); await workflow('child-flow', { topic: 'c' }); await agent('p2'); try { await workflow('child-flow', { topic: 'over' }); } catch (error) { return error.message; }`, "{ name: 'parent', description: 'd' }"));
    const detail = await h.run('parent', { budgetTokens: 30 });
    expect(h.port.calls.map((call) => [call.position, call.prompt])).toEqual([[0, 'p1'], [1, 'child c'], [2, 'p2']]);
    expect(detail.result).toBe('The budget of 30 output tokens is spent: agent() cannot start another agent (' + join(h.project, '.claude/workflows/child.js') + ':2)');
  });

  it('shares the concurrency cap with its parent', async () => {
    const held = heldAnswers();
    h = createHarness({ port: new FakePort(held.answer), engine: { cpuCount: 5 } });
    h.write('child', workflowSource(`return await parallel([1, 2, 3].map((i) => () => agent('child ' + i)));`, "{ name: 'child-flow', description: 'd' }"));
    h.write('parent', workflowSource(`return await parallel([() => agent('p1'), () => agent('p2'), () => workflow('child-flow')]);`, "{ name: 'parent', description: 'd' }"));
    const started = await h.engine.start({ nameOrPath: 'parent' });
    for (let released = 0; released < 5; released++) {
      await until(() => held.held() > 0, 'a running agent');
      await new Promise((resolve) => setTimeout(resolve, 10));
      held.release();
    }
    expect((await h.engine.settled(started.id)).outcome).toBe('success');
    expect(h.port.calls).toHaveLength(5);
    expect(h.port.mostAtOnce).toBe(3);
  });

  it('goes one level only: workflow() inside a child throws', async () => {
    h = createHarness();
    h.write('child', workflowSource(`return await workflow('parent');`, "{ name: 'child-flow', description: 'd' }"));
    h.write('parent', workflowSource(`try { return await workflow('child-flow'); } catch (error) { return error.message; }`, "{ name: 'parent', description: 'd' }"));
    const detail = await h.run('parent');
    expect(detail.result).toMatch(/^workflow\(\) cannot be called inside a workflow that workflow\(\) started: one level only \(.*child\.js:2\)$/);
  });

  it('is cancelled with its parent, its running agents too', async () => {
    const held = heldAnswers();
    h = createHarness({ port: new FakePort(held.answer) });
    h.write('child', child);
    h.write('parent', workflowSource(`return await workflow('child-flow', { topic: 'slow' });`, "{ name: 'parent', description: 'd' }"));
    const started = await h.engine.start({ nameOrPath: 'parent' });
    await until(() => held.held() === 1, 'the child agent');
    const cancelled = await h.engine.cancel(started.id);
    expect(cancelled).toMatchObject({ state: 'done', outcome: 'cancelled' });
    expect(h.port.running).toBe(0);
    expect(h.engine.get(started.id).agents).toMatchObject([{ promptPreview: 'child slow', state: 'cancelled' }]);
  });
});

describe('limits', () => {
  async function mostAtOnce(cpuCount: number, globalLimit: number): Promise<number> {
    const held = heldAnswers();
    const port = new FakePort(held.answer);
    port.globalLimit = globalLimit;
    h = createHarness({ port, engine: { cpuCount } });
    h.write('wide', workflowSource(`return (await parallel(Array.from({ length: 20 }, (_, i) => () => agent('task ' + i)))).length;`));
    const started = await h.engine.start({ nameOrPath: 'test-flow' });
    for (let released = 0; released < 20; released++) {
      await until(() => held.held() > 0, 'a running agent');
      await new Promise((resolve) => setTimeout(resolve, 10));
      held.release();
    }
    expect((await h.engine.settled(started.id)).result).toBe(20);
    await h.close();
    return port.mostAtOnce;
  }

  it('runs at most min(16, max(2, CPUs − 2)) agents at once; the rest queue', async () => {
    expect(await mostAtOnce(6, 64)).toBe(4);
    expect(await mostAtOnce(1, 64)).toBe(2);
    expect(await mostAtOnce(64, 64)).toBe(16);
  });

  it('never runs more than the global run limit either', async () => {
    expect(await mostAtOnce(64, 3)).toBe(3);
  });

  it('allows at most 1,000 agent() calls in a run; the next one throws', async () => {
    const detail = await run(`let made = 0; try { for (;;) { agent('x'); made++; } } catch (error) { return { made, message: error.message }; }`);
    expect(detail.result).toEqual({ made: 1000, message: 'A workflow run makes at most 1000 agent() calls; this is one more' });
  });
});

describe('resume', () => {
  const five = `const results = []; for (const step of ['a', 'b', 'c', 'd', 'e']) results.push(await agent('step ' + step)); return results;`;

  it('with the same script and args every call comes from the journal, and progress says so', async () => {
    const first = await run(five, { args: { n: 1 } });
    expect(h.port.calls).toHaveLength(5);
    const resumed = await h.engine.resume(first.id);
    expect(resumed.attempts).toBe(2);
    const detail = h.engine.get((await h.engine.settled(first.id)).id);
    expect(h.port.calls).toHaveLength(5);
    expect(detail).toMatchObject({ outcome: 'success', result: first.result, cachedCount: 5, totalCalls: 5, spentTokens: 50 });
    expect(detail.agents.every((agent) => agent.cached && agent.state === 'done')).toBe(true);
    const lastProgress = h.events.filter((event) => event.agent_id === `wf-${first.id}` && event.details?.cached !== undefined).at(-1);
    expect(lastProgress?.details?.cached).toBe('5 / 5');
  });

  it('replays the unchanged prefix; the first edited call and every call after it run live', async () => {
    const first = await run(five);
    h.write('flow', workflowSource(five.replace("'c', 'd'", "'c (edited)', 'd'")));
    await h.engine.resume(first.id);
    const detail = h.engine.get((await h.engine.settled(first.id)).id);
    expect(h.port.prompts().slice(5)).toEqual(['step c (edited)', 'step d', 'step e']);
    expect(detail.agents.map((agent) => agent.cached)).toEqual([true, true, false, false, false]);
    expect(detail).toMatchObject({ cachedCount: 2, totalCalls: 5 });
  });

  it('runs a call that failed again, and every call after it', async () => {
    const port = new FakePort((call) => (call.prompt === 'step c' ? { outcome: 'error', tokensOut: 0, runId: '', error: 'crashed' } : { outcome: 'success', text: call.prompt, tokensOut: 1, runId: '' }));
    const first = await run(five, {}, port);
    expect(first.result).toEqual(['step a', 'step b', null, 'step d', 'step e']);
    port.answer = (call) => ({ outcome: 'success', text: call.prompt, tokensOut: 1, runId: '' });
    await h.engine.resume(first.id);
    const detail = await h.engine.settled(first.id);
    expect(port.prompts().slice(6)).toEqual(['step c', 'step d', 'step e']);
    expect(detail).toMatchObject({ result: ['step a', 'step b', 'step c', 'step d', 'step e'], cachedCount: 2 });
  });

  it('hits 100 % even where a pipeline let later calls finish first', async () => {
    const delays: Record<string, number> = { 'one 1': 60, 'one 2': 5, 'one 3': 30 };
    const port = new FakePort(async (call) => {
      await new Promise((resolve) => setTimeout(resolve, delays[call.prompt] ?? 1));
      return { outcome: 'success', text: call.prompt.replace('one', 'two'), tokensOut: 1, runId: '' };
    });
    const first = await run(`return await pipeline([1, 2, 3], (i) => agent('one ' + i), (text) => agent(text), (text) => agent(text + '!'));`, {}, port);
    expect(first.result).toEqual(['two 1!', 'two 2!', 'two 3!']);
    await h.engine.resume(first.id);
    const detail = await h.engine.settled(first.id);
    expect(port.calls).toHaveLength(9);
    expect(detail).toMatchObject({ result: first.result, cachedCount: 9, totalCalls: 9 });
  });

  it('works after Orrery restarts: the run it interrupted resumes from the journal', async () => {
    const held = heldAnswers();
    let answered = 0;
    const port = new FakePort((call, signal) => (answered++ < 2 ? { outcome: 'success', text: call.prompt, tokensOut: 1, runId: '' } : held.answer(call, signal)));
    h = createHarness({ port });
    h.write('flow', workflowSource(five));
    const started = await h.engine.start({ nameOrPath: 'test-flow' });
    await until(() => held.held() === 1, 'the third agent');
    await h.restart(new FakePort());
    expect(h.engine.info(started.id)).toMatchObject({ state: 'done', outcome: 'interrupted', error: { message: expect.stringMatching(/Orrery quit while the workflow ran/) } });
    await h.engine.resume(started.id);
    const detail = h.engine.get((await h.engine.settled(started.id)).id);
    expect(h.port.prompts()).toEqual(['step c', 'step d', 'step e']);
    expect(detail).toMatchObject({ outcome: 'success', cachedCount: 2, totalCalls: 5, result: ['step a', 'step b', 'answer to step c', 'answer to step d', 'answer to step e'] });
  });
});

describe('the graph', () => {
  it('a workflow is a node whose agents branch from it, grouped by phase; it reports phase and "cached" progress, and ends with its outcome', async () => {
    const detail = await run(`await agent('before any phase'); phase('Scope'); await agent('a'); log('half way'); throw new Error('gave up');`);
    const node = `wf-${detail.id}`;
    const phaseNode = `${node}/phase:Scope`;
    const mine = h.events.filter((event) => event.agent_id === node);
    expect(mine[0]).toMatchObject({ type: 'agent_spawn', source: 'workflow', name: 'test-flow', details: { actionsBy: 'workflow', workflowRunId: detail.id, cached: '0 / 0' } });
    expect(mine.some((event) => event.type === 'status' && event.details?.phase === 'Scope')).toBe(true);
    expect(mine.at(-1)).toMatchObject({ type: 'agent_done', outcome: 'error', error: `gave up (${join(h.project, '.claude/workflows/flow.js')}:2)` });
    expect(h.port.calls.map((call) => call.parentAgentId)).toEqual([node, phaseNode]);
    expect(h.events.filter((event) => event.agent_id === phaseNode && event.type === 'agent_spawn')).toMatchObject([{ parent_id: node, name: 'Scope', details: { actionsBy: 'workflow-phase' } }]);
    expect(detail.error).toEqual({ message: 'gave up', file: join(h.project, '.claude/workflows/flow.js'), line: 2 });
    expect(h.liveState.agent(node)).toMatchObject({ outcome: 'error', name: 'test-flow' });
    // The phase ends with its workflow: the fleet rules end the children of an agent that ended.
    expect(h.liveState.agent(phaseNode)).toMatchObject({ outcome: 'error' });
  });
});
