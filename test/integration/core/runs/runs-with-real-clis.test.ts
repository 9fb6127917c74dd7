// The real `claude` and `codex` CLIs, launched by Orrery's runs layer. Only the model behind them
// is simulated: a scripted model server on 127.0.0.1 answers their API calls (test/support/scripted-model).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import type { LiveFeedItem } from '../../../../src-shared/events/events-contract';
import type { RunInfo } from '../../../../src-shared/runs/runs-contract';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';
import { claudeBin, codexBin } from '../../../support/agent-clis/cli-paths';
import { claudeArgs, claudeEnv } from '../../../support/agent-clis/run-claude';
import { installHooks } from '../../../../src-main/core/hooks/claude-hooks-installer';
import { CODEX_MODEL, codexEnv, writeCodexConfig } from '../../../support/agent-clis/run-codex';
import { makeSandbox } from '../../../support/agent-clis/sandbox';
import type { Sandbox } from '../../../support/agent-clis/sandbox';
import { callCore } from '../../../support/core-calls';
import { commandLineOf, processesOfRun } from '../../../support/run-processes';
import { backgroundSubagent, commandThenAnswer, longCommand, startScriptedModel, textAnswer } from '../../../support/scripted-model';
import type { Script, ScriptedModel } from '../../../support/scripted-model';

const ROOT = join(__dirname, '../../../..');
/** As root Claude Code refuses --dangerously-skip-permissions; the tools the scripts use are allowed by name. */
const CLAUDE_EXTRA_ARGS = ['--allowedTools', 'Bash', 'Task'];
const CODEX_EXTRA_ARGS = ['-s', 'danger-full-access'];

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Fixture {
  core: OrreryCore;
  model: ScriptedModel;
  sandbox: Sandbox;
  events: OrreryEvent[];
  env: NodeJS.ProcessEnv;
}

async function fixture(script: Script, cli: 'claude' | 'codex' = 'claude', home?: string): Promise<Fixture> {
  const model = await startScriptedModel(script);
  cleanups.push(() => model.close());
  const sandbox = makeSandbox(`runs-${cli}`);
  cleanups.push(() => sandbox.remove());
  const env = cli === 'claude' ? { ...claudeEnv(sandbox.home, model.url), ORRERY_CLAUDE_BIN: claudeBin() } : { ...codexEnv(sandbox.home), ORRERY_CODEX_BIN: codexBin() };
  if (cli === 'codex') writeCodexConfig(sandbox.home, model.url);
  const core = startCore({ runtime: 'headless', home: home ?? mkdtempSync(join(tmpdir(), 'orrery-real-')), env });
  cleanups.push(() => core.dispose());
  await configureProfiles(core);
  const events: OrreryEvent[] = [];
  const stop = core.api.subscribe('events.live', {}, (item) => {
    const feed = item as LiveFeedItem;
    if (feed.kind === 'batch') events.push(...feed.events);
  }, () => undefined);
  cleanups.push(stop);
  return { core, model, sandbox, events, env };
}

async function configureProfiles(core: OrreryCore): Promise<void> {
  await callCore(core, 'profiles.save', { id: 'claude', name: 'Claude Code', kind: 'claude', argv: CLAUDE_EXTRA_ARGS, env: {} });
  await callCore(core, 'profiles.save', { id: 'codex', name: 'Codex', kind: 'codex', argv: CODEX_EXTRA_ARGS, env: {} });
}

async function until(core: OrreryCore, runId: string, check: (run: RunInfo) => boolean, timeout = 30_000): Promise<RunInfo> {
  let last: RunInfo | undefined;
  await vi.waitFor(
    async () => {
      last = await callCore(core, 'runs.get', { runId });
      expect(check(last), `run ${runId} is ${last.state} ${last.outcome ?? ''} ${last.reason ?? ''}`).toBe(true);
    },
    { timeout, interval: 50 },
  );
  return last as RunInfo;
}

const done = (run: RunInfo): boolean => run.state === 'done';

describe('runs of the real claude CLI (scripted model)', () => {
  it('a success with a background subagent: the tree, its tool calls and the cost are right', async () => {
    const f = await fixture(backgroundSubagent());
    const run = await callCore(f.core, 'runs.launch', { profileId: 'claude', prompt: 'Delegate one command to a subagent.', cwd: f.sandbox.cwd });
    const ended = await until(f.core, run.id, done, 60_000);
    expect(ended).toMatchObject({ outcome: 'success', exitCode: 0, costEstimated: false });
    expect(ended.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(ended.costUsd).toBeGreaterThan(0);

    const spawns = f.events.filter((event) => event.type === 'agent_spawn');
    const subagent = spawns.find((event) => event.parent_id === run.agentId);
    expect(subagent, 'a subagent hangs from the run').toBeDefined();
    const subagentTools = f.events.filter((event) => event.type === 'tool_use' && event.agent_id === subagent!.agent_id);
    expect(subagentTools.map((event) => event.type === 'tool_use' && event.tool)).toContain('Bash');
    const mainTools = f.events.filter((event) => event.type === 'tool_use' && event.agent_id === run.agentId);
    // The subagent tool is `Agent` in this version (a model may still call it `Task`).
    expect(mainTools.map((event) => event.type === 'tool_use' && event.tool)).toEqual(expect.arrayContaining([expect.stringMatching(/^(Agent|Task)$/)]));
    const mainCost = f.events.filter((event) => event.type === 'usage' && event.agent_id === run.agentId).reduce((sum, event) => sum + (event.type === 'usage' ? (event.cost_usd ?? 0) : 0), 0);
    const subCost = f.events.filter((event) => event.type === 'usage' && event.agent_id === subagent!.agent_id).reduce((sum, event) => sum + (event.type === 'usage' ? (event.cost_usd ?? 0) : 0), 0);
    expect(mainCost + subCost).toBeCloseTo(ended.costUsd, 6);
    expect(f.events.filter((event) => event.type === 'agent_done').map((event) => event.agent_id)).toEqual(expect.arrayContaining([subagent!.agent_id, run.agentId]));
    const transcript = (await callCore(f.core, 'runs.transcript', { runId: run.id })).text;
    expect(transcript).toContain('Delegate one command to a subagent.');
    expect(transcript).not.toContain('"type":"assistant"');
  });

  it('cancel during a long command: SIGINT, SIGTERM, SIGKILL leave no process behind, recorded cancelled', async () => {
    const f = await fixture(longCommand());
    await callCore(f.core, 'runs.updateSettings', { cancelGraceMs: 500 });
    const run = await callCore(f.core, 'runs.launch', { profileId: 'claude', prompt: 'Run the long command.', cwd: f.sandbox.cwd });
    await vi.waitFor(() => expect(processesOfRun(run.id).map(commandLineOf).join('\n')).toContain('sleep 302'), { timeout: 30_000, interval: 50 });
    const cancelled = await callCore(f.core, 'runs.cancel', { runId: run.id });
    expect(cancelled).toMatchObject({ state: 'done', outcome: 'cancelled' });
    expect(processesOfRun(run.id)).toEqual([]);
    expect((await callCore(f.core, 'runs.cancel', { runId: run.id })).endedAt).toBe(cancelled.endedAt);
  });

  it('reset gives a new session id; resume keeps the session', async () => {
    const f = await fixture(textAnswer('Scripted answer.'));
    const first = await until(f.core, (await callCore(f.core, 'runs.launch', { profileId: 'claude', prompt: 'Say something.', cwd: f.sandbox.cwd })).id, done);
    expect(first.outcome).toBe('success');
    const resumed = await until(f.core, (await callCore(f.core, 'runs.resume', { runId: first.id, prompt: 'Say it again.' })).id, done);
    expect(resumed).toMatchObject({ outcome: 'success', sessionId: first.sessionId, resumedFrom: first.id });
    expect(resumed.argv).toContain('--resume');
    const reset = await until(f.core, (await callCore(f.core, 'runs.reset', { runId: first.id })).id, done);
    expect(reset).toMatchObject({ outcome: 'success', resetFrom: first.id });
    expect(reset.sessionId).toBeDefined();
    expect(reset.sessionId).not.toBe(first.sessionId);
  });

  it('the monthly budget holds new runs as paused at 100 %, and releases them when raised', async () => {
    const f = await fixture(textAnswer('Costs something.'));
    const first = await until(f.core, (await callCore(f.core, 'runs.launch', { profileId: 'claude', prompt: 'One.', cwd: f.sandbox.cwd })).id, done);
    expect(first.costUsd).toBeGreaterThan(0);
    await callCore(f.core, 'runs.updateSettings', { monthlyBudgetUsd: first.costUsd / 2 });
    expect(await callCore(f.core, 'runs.budget', {})).toMatchObject({ level: 'exceeded' });
    const held = await callCore(f.core, 'runs.launch', { profileId: 'claude', prompt: 'Two.', cwd: f.sandbox.cwd });
    const paused = await until(f.core, held.id, (run) => run.state === 'paused');
    expect(paused.reason).toMatch(/monthly budget reached/);
    await callCore(f.core, 'runs.updateSettings', { monthlyBudgetUsd: first.costUsd * 100 });
    expect(await until(f.core, held.id, done)).toMatchObject({ outcome: 'success' });
  });

  it('an Orrery-launched agent appears once, even with Orrery\'s hooks in the user\'s Claude Code settings', async () => {
    const f = await fixture(textAnswer('Once.'));
    const journal = join(f.sandbox.home, 'hook-journal.jsonl');
    installHooks(join(f.sandbox.home, '.claude', 'settings.json'));
    // The same CLI with the same settings, started by hand: the hooks do write.
    const direct = spawn(claudeBin(), claudeArgs('Say it by hand.'), { cwd: f.sandbox.cwd, env: { ...f.env, ORRERY_JOURNAL: journal }, stdio: 'ignore' });
    await new Promise((resolve) => direct.once('exit', resolve));
    const linesByHand = readFileSync(journal, 'utf8').trim().split('\n').length;
    expect(linesByHand).toBeGreaterThan(0);

    await callCore(f.core, 'profiles.save', { id: 'claude', name: 'Claude Code', kind: 'claude', argv: CLAUDE_EXTRA_ARGS, env: { ORRERY_JOURNAL: journal } });
    const run = await until(f.core, (await callCore(f.core, 'runs.launch', { profileId: 'claude', prompt: 'Say it through Orrery.', cwd: f.sandbox.cwd })).id, done);
    expect(run.outcome).toBe('success');
    expect(existsSync(journal) && readFileSync(journal, 'utf8').trim().split('\n').length).toBe(linesByHand);
    expect(f.events.filter((event) => event.type === 'agent_spawn' && event.session_id === run.sessionId && event.agent_id !== run.agentId)).toEqual([]);
  });

  it('SIGKILL of the host mid-run: the next start kills what survived, records interrupted, and Resume works', async () => {
    // The first prompt runs a command that never ends; the resumed session is just answered.
    const long = longCommand();
    const model = await startScriptedModel({
      name: 'long-then-answer',
      anthropic: (request) => (request.prompts.some((prompt) => prompt.includes('Carry on.')) ? textAnswer('Picked up where it left off.').anthropic!(request) : long.anthropic!(request)),
    });
    cleanups.push(() => model.close());
    const sandbox = makeSandbox('runs-crash');
    cleanups.push(() => sandbox.remove());
    const home = mkdtempSync(join(tmpdir(), 'orrery-crash-'));
    const env = { ...claudeEnv(sandbox.home, model.url), ORRERY_CLAUDE_BIN: claudeBin() };
    const profile = { id: 'claude', name: 'Claude Code', kind: 'claude', argv: CLAUDE_EXTRA_ARGS, env: {} };
    const host = spawn(process.execPath, ['--import', join(ROOT, 'test/support/ts-source-hook.mjs'), join(ROOT, 'test/support/crash-host.ts'), home, JSON.stringify(profile), 'Run the long command.'], { cwd: sandbox.cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ runId: string; pid: number }>((resolve, reject) => {
      host.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { runId: string; pid: number }));
      host.once('exit', (code) => reject(new Error(`the host exited with ${code}`)));
    });
    await vi.waitFor(() => expect(processesOfRun(started.runId).map(commandLineOf).join('\n')).toContain('sleep 302'), { timeout: 30_000, interval: 50 });
    host.kill('SIGKILL');
    await new Promise((resolve) => host.once('exit', resolve));
    expect(processesOfRun(started.runId).length).toBeGreaterThan(0);

    const restarted = startCore({ runtime: 'headless', home, env });
    cleanups.push(() => restarted.dispose());
    const interrupted = await until(restarted, started.runId, (run) => run.outcome === 'interrupted');
    expect(processesOfRun(started.runId)).toEqual([]);
    expect(interrupted.sessionId).toBeDefined();
    expect(await callCore(restarted, 'agents.actions', { agentId: interrupted.agentId })).toMatchObject({ resume: { available: true } });

    const resumed = await until(restarted, (await callCore(restarted, 'runs.resume', { runId: started.runId, prompt: 'Carry on.' })).id, done);
    expect(resumed).toMatchObject({ outcome: 'success', sessionId: interrupted.sessionId });
  });
});

describe('runs of the real codex CLI (scripted model)', () => {
  it('a command run: tool calls, estimated cost, thread id as the session', async () => {
    const f = await fixture(commandThenAnswer('echo codex-run-ok'), 'codex');
    const ended = await until(f.core, (await callCore(f.core, 'runs.launch', { profileId: 'codex', prompt: 'Run a command.', cwd: f.sandbox.cwd })).id, done, 60_000);
    expect(ended).toMatchObject({ outcome: 'success', costEstimated: true });
    expect(ended.sessionId).toBeDefined();
    expect(ended.tokensIn).toBeGreaterThan(0);
    expect(f.events.some((event) => event.type === 'tool_use' && event.agent_id === ended.agentId)).toBe(true);
  });

  it('cancel during a long command kills the command Codex runs outside its process group', async () => {
    const f = await fixture(longCommand(), 'codex');
    await callCore(f.core, 'runs.updateSettings', { cancelGraceMs: 500 });
    const run = await callCore(f.core, 'runs.launch', { profileId: 'codex', prompt: 'Run the long command.', cwd: f.sandbox.cwd });
    await vi.waitFor(() => expect(processesOfRun(run.id).map(commandLineOf).join('\n')).toContain('sleep 302'), { timeout: 30_000, interval: 50 });
    expect(await callCore(f.core, 'runs.cancel', { runId: run.id })).toMatchObject({ outcome: 'cancelled' });
    expect(processesOfRun(run.id)).toEqual([]);
  });

  it('a max cost Codex cannot enforce itself is enforced by Orrery: the run is cancelled, outcome error, reason budget', async () => {
    const f = await fixture(textAnswer('An answer that costs something.'), 'codex');
    const ended = await until(f.core, (await callCore(f.core, 'runs.launch', { profileId: 'codex', prompt: 'Answer.', cwd: f.sandbox.cwd, model: CODEX_MODEL, maxCostUsd: 0.000001 })).id, done, 60_000);
    expect(ended.costUsd).toBeGreaterThan(0.000001);
    expect(ended).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/^budget: the run cost \$[\d.]+, over its limit of \$0\.000001$/) });
  });

  it('resume keeps the thread and does not count its earlier tokens twice', async () => {
    const f = await fixture(textAnswer('Codex answer.'), 'codex');
    const first = await until(f.core, (await callCore(f.core, 'runs.launch', { profileId: 'codex', prompt: 'Say something.', cwd: f.sandbox.cwd })).id, done, 60_000);
    const resumed = await until(f.core, (await callCore(f.core, 'runs.resume', { runId: first.id, prompt: 'Again.' })).id, done, 60_000);
    expect(resumed).toMatchObject({ outcome: 'success', sessionId: first.sessionId });
    expect(resumed.tokensIn).toBeGreaterThan(0);
    // Codex reports the thread's cumulative usage, so the resumed process's first report already
    // holds the first run's tokens (about twice one turn); the run records only its own increment.
    expect(resumed.tokensIn).toBeLessThan(1.5 * first.tokensIn);
  });
});
