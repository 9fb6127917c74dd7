import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, FakePort, heldAnswers, workflowSource } from './engine-harness';
import type { Harness } from './engine-harness';

/**
 * The sandbox's escape suite: each attempt must fail safely — reach nothing of the host, end
 * with a clear error where it cannot go on, and leave the engine able to run the next workflow.
 */

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function outcomeOf(body: string, options: Parameters<typeof createHarness>[0] = {}) {
  h = createHarness(options);
  h.write('escape', workflowSource(body));
  return h.run('test-flow');
}

/** The engine is still fine: a plain workflow runs to its end after the attack. */
async function stillWorks(): Promise<void> {
  h.write('plain', workflowSource(`return await agent('still here');`, "{ name: 'plain', description: 'd' }"));
  expect((await h.run('plain')).result).toBe('answer to still here');
}

describe('escapes', () => {
  it('constructor chains reach the sandbox global, which has no process, require or host object', async () => {
    const detail = await outcomeOf(`
      const viaFunction = (() => {}).constructor('return this')();
      const viaAsync = (async () => {}).constructor('return this')();
      const viaPrototype = Object.getPrototypeOf(function* () {}).constructor.constructor('return globalThis')();
      const names = ['process', 'require', 'module', 'Buffer', 'global', 'fetch', 'XMLHttpRequest', 'setTimeout', 'WebSocket', 'Deno', 'Bun', 'os', 'std'];
      const reached = [viaFunction, viaAsync, viaPrototype].flatMap((g) => names.filter((name) => typeof g[name] !== 'undefined'));
      let thrown;
      try { viaFunction.constructor.constructor('return process')(); } catch (error) { thrown = error.name; }
      return { same: viaFunction === globalThis && viaPrototype === globalThis, reached, thrown };`);
    expect(detail.result).toEqual({ same: true, reached: [], thrown: 'ReferenceError' });
  });

  it('eval and Function strings run inside the sandbox and reach nothing of the host', async () => {
    const detail = await outcomeOf(`return [eval('typeof process'), new Function('return typeof require')(), eval('(0, eval)("typeof module")'), Function('return this')() === globalThis];`);
    expect(detail.result).toEqual(['undefined', 'undefined', 'undefined', true]);
  });

  it('import() rejects, and a static import does not even parse', async () => {
    const detail = await outcomeOf(`try { await import('node:fs'); return 'imported'; } catch (error) { return error.message; }`);
    expect(detail.result).toMatch(/could not load module|not supported|cannot/i);
    h.write('static-import', workflowSource(`import fs from 'node:fs';\nreturn fs;`, "{ name: 'static-import', description: 'd' }"));
    await expect(h.engine.start({ nameOrPath: 'static-import' })).rejects.toThrow(/static-import\.js:2: SyntaxError/);
  });

  it('prototype pollution stays in the sandbox, in the values it hands out too', async () => {
    const detail = await outcomeOf(`
      Object.prototype.polluted = 'yes';
      Array.prototype.polluted = 'yes';
      const opts = JSON.parse('{"__proto__": {"polluted": "via options"}, "label": "x"}');
      const answer = await agent('a', opts);
      return JSON.parse('{"__proto__": {"polluted": "via result"}, "answer": ' + JSON.stringify(answer) + '}');`);
    expect(detail.outcome).toBe('success');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    const result = detail.result as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result.polluted).toBeUndefined();
    expect(h.port.calls[0]?.label).toBe('x');
    await stillWorks();
  });

  it('has no WebAssembly and no Atomics', async () => {
    const detail = await outcomeOf(`
      let waited;
      try { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); waited = 'blocked'; } catch (error) { waited = error.name; }
      return [typeof WebAssembly, typeof Atomics, waited];`);
    expect(detail.result).toEqual(['undefined', 'undefined', 'ReferenceError']);
  });

  it('deep recursion ends the run with a clear error; the app stays up', async () => {
    const detail = await outcomeOf(`function down(n) { return down(n + 1) + 1; }\nreturn down(0);`);
    expect(detail.outcome).toBe('error');
    expect(detail.error).toMatchObject({ message: expect.stringMatching(/^The script recursed too deeply \(InternalError: stack overflow; the sandbox allows 512 KiB of stack\)$/), line: 2 });
    await stillWorks();
  });

  it('a 1 GB string, or allocating without end, ends the run with a clear error; the app stays up', async () => {
    const repeated = await outcomeOf(`return 'x'.repeat(2 ** 30).length;`);
    expect(repeated.error).toMatchObject({ message: 'RangeError: invalid string length', line: 2 });
    await stillWorks();
    await h.close();
    const doubled = await outcomeOf(`let text = 'x';\nwhile (text.length < 2 ** 30) text += text;\nreturn text.length;`);
    // QuickJS concatenates into ropes, so doubling meets its string-length ceiling before the memory one.
    expect(doubled.error).toMatchObject({ message: 'InternalError: string too long', line: 3 });
    await h.close();
    // A smaller ceiling keeps this one quick; the limit is the sandbox's, whatever its size.
    const endless = await outcomeOf(`const hoard = [];\nfor (let i = 0; ; i++) hoard.push({ i, text: 'chunk ' + i });`, { engine: { limits: { memoryBytes: 32 * 1024 * 1024, stackBytes: 512 * 1024, sliceMs: 10_000 } } });
    expect(endless.error).toMatchObject({ message: 'The script ran out of memory (the sandbox allows 32 MiB)', line: 3 });
    await stillWorks();
  });

  it('a promise that never settles ends the run instead of hanging it', async () => {
    const detail = await outcomeOf(`await agent('first');\nawait new Promise(() => {});\nreturn 'unreached';`);
    expect(detail.error?.message).toBe('The script is waiting for a promise that nothing can settle: no agent is running and none is queued');
  });

  it('throwing inside host callbacks (getters, toJSON, a failing runs layer) reaches the script as an error, or a null', async () => {
    const port = new FakePort(() => {
      throw new TypeError('the runs layer broke');
    });
    const detail = await outcomeOf(
      `
      const seen = [];
      try { await agent('a', { get label() { throw new Error('from a getter'); } }); } catch (error) { seen.push(error.message); }
      try { await agent('a', { toJSON() { throw new Error('from toJSON'); } }); } catch (error) { seen.push(error.message); }
      try { await agent(Symbol('s')); } catch (error) { seen.push(error.message); }
      try { await workflow({ scriptPath: 42 }); } catch (error) { seen.push(error.message); }
      log({ toJSON() { throw new Error('unprintable'); } });
      seen.push(await agent('port throws'));
      return seen;`,
      { port, engine: { cpuCount: 8 } },
    );
    expect(detail.result).toEqual([
      'agent() options must be JSON: from a getter',
      'agent() options must be JSON: from toJSON',
      'agent(prompt, opts): the prompt must be a non-empty string',
      "workflow(nameOrRef, args): expected a workflow's name or { scriptPath }",
      null,
    ]);
    expect(detail.log.map((line) => line.message)).toEqual(['[object Object]']);
    expect(detail.agents.at(-1)).toMatchObject({ state: 'failed', error: 'the agent could not be started: the runs layer broke (after 2 attempts)' });
  });
});

describe('cancellation and limits', () => {
  function threads(): number {
    return readdirSync('/proc/self/task').length;
  }

  it('stops a busy loop within 1 s of cancel, cancels its running agents, and leaves nothing running', async () => {
    const held = heldAnswers();
    const port = new FakePort((call, signal) => (call.prompt === 'slow' ? held.answer(call, signal) : { outcome: 'success', text: `answer to ${call.prompt}`, tokensOut: 1, runId: '' }));
    h = createHarness({ port, engine: { cpuCount: 8 } });
    await stillWorks();
    const before = threads();
    h.write('busy', workflowSource(`const slow = agent('slow');\nawait agent('fast');\nwhile (true) {}`));
    const started = await h.engine.start({ nameOrPath: 'test-flow' });
    while (held.held() === 0 || h.engine.get(started.id).agents.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancelAt = performance.now();
    const cancelled = await h.engine.cancel(started.id);
    expect(performance.now() - cancelAt).toBeLessThan(1000);
    expect(cancelled).toMatchObject({ state: 'done', outcome: 'cancelled' });
    expect(port.running).toBe(0);
    expect(h.engine.get(started.id).agents.map((agent) => [agent.promptPreview, agent.state])).toEqual([['slow', 'cancelled'], ['fast', 'done']]);
    expect(h.events.at(-1)).toMatchObject({ type: 'agent_done', agent_id: `wf-${started.id}`, outcome: 'cancelled' });
    expect(threads()).toBeLessThanOrEqual(before);
  });

  it('runs off the main event loop: timers keep firing while a script spins', async () => {
    h = createHarness({ engine: { limits: { memoryBytes: 64 * 1024 * 1024, stackBytes: 512 * 1024, sliceMs: 400 } } });
    h.write('spin', workflowSource(`while (true) {}`));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const detail = await h.run('test-flow');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(15);
    expect(detail.error?.message).toBe('The script ran for more than 0.4 s without waiting for an agent (an endless loop?) and was stopped');
    await stillWorks();
  });
});
