import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';
import { listProcessTree } from '../../../../src-main/core/process/process-tree';
import { callCore } from '../../../support/core-calls';
import { processesOfRun } from '../../../support/run-processes';

const ROOT = join(__dirname, '../../../..');
let core: OrreryCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

function freshCore(env: NodeJS.ProcessEnv = {}): OrreryCore {
  const home = mkdtempSync(join(tmpdir(), 'orrery-runs-'));
  core = startCore({ runtime: 'headless', home, env: { ...process.env, ...env } });
  return core;
}

/** A command profile whose program makes a tree three levels deep that ignores SIGINT. */
function stubbornScript(dir: string): string {
  const script = join(dir, 'stubborn.sh');
  writeFileSync(script, `#!/bin/bash\ntrap '' INT\necho "started $1"\nbash -c "trap '' INT; sleep 300 & sleep 301 & wait" &\nwait\n`);
  chmodSync(script, 0o755);
  return script;
}

describe('runs of a command profile (real processes)', () => {
  it('runs a command to success and keeps its output as the transcript', async () => {
    const c = freshCore();
    await callCore(c, 'profiles.save', { id: 'echo', name: 'Echo', kind: 'command', argv: ['bash', '-c', 'echo "said: $0"', '{prompt}'], env: {} });
    const run = await callCore(c, 'runs.launch', { profileId: 'echo', prompt: 'hello there' });
    expect(run.state).toBe('queued');
    await vi.waitFor(async () => expect((await callCore(c, 'runs.get', { runId: run.id })).state).toBe('done'), { timeout: 5000 });
    const done = await callCore(c, 'runs.get', { runId: run.id });
    expect(done).toMatchObject({ outcome: 'success', exitCode: 0 });
    expect((await callCore(c, 'runs.transcript', { runId: run.id })).text).toContain('said: hello there');
  });

  it('cancels a tree that ignores SIGINT: nothing of it is left, and the run is recorded cancelled', async () => {
    const c = freshCore();
    const dir = mkdtempSync(join(tmpdir(), 'orrery-stubborn-'));
    await callCore(c, 'profiles.save', { id: 'stubborn', name: 'Stubborn', kind: 'command', argv: [stubbornScript(dir), '{prompt}'], env: {} });
    await callCore(c, 'runs.updateSettings', { cancelGraceMs: 300 });
    const run = await callCore(c, 'runs.launch', { profileId: 'stubborn', prompt: 'x' });
    await vi.waitFor(async () => expect(processesOfRun(run.id)).toHaveLength(4), { timeout: 5000 });
    const started = performance.now();
    const cancelled = await callCore(c, 'runs.cancel', { runId: run.id });
    expect(performance.now() - started).toBeLessThan(2 * 300 + 1500);
    expect(cancelled).toMatchObject({ state: 'done', outcome: 'cancelled' });
    expect(processesOfRun(run.id)).toEqual([]);
    const again = await callCore(c, 'runs.cancel', { runId: run.id });
    expect(again.endedAt).toBe(cancelled.endedAt);
  });

  it('holds runs over the concurrency limit in a queue and starts them in order', async () => {
    const c = freshCore();
    await callCore(c, 'profiles.save', { id: 'nap', name: 'Nap', kind: 'command', argv: ['bash', '-c', 'sleep 0.4; echo $0', '{prompt}'], env: {} });
    await callCore(c, 'runs.updateSettings', { maxConcurrent: 2 });
    const runs: Awaited<ReturnType<typeof callCore<"runs.launch">>>[] = [];
    for (const n of [1, 2, 3, 4]) runs.push(await callCore(c, 'runs.launch', { profileId: 'nap', prompt: `n${n}` }));
    await vi.waitFor(async () => expect((await callCore(c, 'runs.get', { runId: runs[1]!.id })).state).toBe('running'), { timeout: 3000 });
    const states = await Promise.all(runs.map(async (run) => (await callCore(c, 'runs.get', { runId: run.id })).state));
    expect(states.filter((state) => state === 'running')).toHaveLength(2);
    expect(states.slice(2)).toEqual(['queued', 'queued']);
    await vi.waitFor(async () => expect((await callCore(c, 'runs.get', { runId: runs[3]!.id })).state).toBe('done'), { timeout: 5000 });
    const ended = await Promise.all(runs.map((run) => callCore(c, 'runs.get', { runId: run.id })));
    expect(ended.every((run) => run.outcome === 'success')).toBe(true);
    expect(ended[2]!.startedAt!).toBeGreaterThanOrEqual(Math.min(ended[0]!.endedAt!, ended[1]!.endedAt!));
  });

  it('cancelling a queued run just removes it; the others keep their places', async () => {
    const c = freshCore();
    await callCore(c, 'profiles.save', { id: 'nap', name: 'Nap', kind: 'command', argv: ['bash', '-c', 'sleep 0.5; echo $0', '{prompt}'], env: {} });
    await callCore(c, 'runs.updateSettings', { maxConcurrent: 1 });
    const first = await callCore(c, 'runs.launch', { profileId: 'nap', prompt: 'first' });
    const queued = await callCore(c, 'runs.launch', { profileId: 'nap', prompt: 'second' });
    const last = await callCore(c, 'runs.launch', { profileId: 'nap', prompt: 'third' });
    expect((await callCore(c, 'runs.cancel', { runId: queued.id })).outcome).toBe('cancelled');
    expect((await callCore(c, 'runs.get', { runId: queued.id })).startedAt).toBeUndefined();
    await vi.waitFor(async () => expect((await callCore(c, 'runs.get', { runId: last.id })).outcome).toBe('success'), { timeout: 5000 });
    expect((await callCore(c, 'runs.get', { runId: first.id })).outcome).toBe('success');
  });

  it('quitting cancels every live run through the ladder and records it: no ghost after a restart', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-quit-'));
    const dir = mkdtempSync(join(tmpdir(), 'orrery-stubborn-'));
    const first = startCore({ runtime: 'headless', home });
    await callCore(first, 'profiles.save', { id: 'stubborn', name: 'Stubborn', kind: 'command', argv: [stubbornScript(dir), '{prompt}'], env: {} });
    await callCore(first, 'runs.updateSettings', { cancelGraceMs: 200 });
    const run = await callCore(first, 'runs.launch', { profileId: 'stubborn', prompt: 'x' });
    await vi.waitFor(() => expect(processesOfRun(run.id)).toHaveLength(4), { timeout: 5000 });
    await first.dispose();
    expect(processesOfRun(run.id)).toEqual([]);
    core = startCore({ runtime: 'headless', home });
    expect(await callCore(core, 'runs.get', { runId: run.id })).toMatchObject({ state: 'done', outcome: 'cancelled', reason: 'Orrery quit' });
  });

  it('a run\'s transcript tab is searched by the global scrollback search like any terminal', async () => {
    const c = freshCore();
    await callCore(c, 'profiles.save', { id: 'echo', name: 'Echo', kind: 'command', argv: ['bash', '-c', 'echo "needle-$0"', '{prompt}'], env: {} });
    const run = await callCore(c, 'runs.launch', { profileId: 'echo', prompt: 'in-a-haystack' });
    await vi.waitFor(async () => expect((await callCore(c, 'runs.get', { runId: run.id })).state).toBe('done'), { timeout: 5000 });
    const result = await callCore(c, 'terminals.search', { pattern: 'needle-in-a-haystack' });
    expect(result.hits.map((hit) => hit.terminalId)).toContain(run.terminalId);
    expect((await callCore(c, 'terminals.get', { id: run.terminalId! })).kind).toBe('transcript');
  });

  it('refuses a profile whose binary is missing, naming what it looked for', async () => {
    const c = freshCore({ PATH: '/nonexistent', ORRERY_CLAUDE_BIN: '' });
    await expect(callCore(c, 'runs.launch', { profileId: 'claude', prompt: 'hi' })).rejects.toThrow(/looked for `claude` on PATH \(\/nonexistent\).*npm install -g @anthropic-ai\/claude-code/);
  });

  it('after a SIGKILL of the host, the next start kills the surviving tree and records the run interrupted', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-crash-'));
    const dir = mkdtempSync(join(tmpdir(), 'orrery-stubborn-'));
    const profile = { id: 'stubborn', name: 'Stubborn', kind: 'command', argv: [stubbornScript(dir), '{prompt}'], env: {} };
    const host = spawn(process.execPath, ['--import', join(ROOT, 'test/support/ts-source-hook.mjs'), join(ROOT, 'test/support/crash-host.ts'), home, JSON.stringify(profile), 'x'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ runId: string; pid: number }>((resolve, reject) => {
      host.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { runId: string; pid: number }));
      host.once('exit', (code) => reject(new Error(`the host exited with ${code}`)));
    });
    await vi.waitFor(async () => expect(processesOfRun(started.runId)).toHaveLength(4), { timeout: 5000 });
    host.kill('SIGKILL');
    await new Promise((resolve) => host.once('exit', resolve));
    expect(processesOfRun(started.runId)).toHaveLength(4);

    core = startCore({ runtime: 'headless', home });
    await vi.waitFor(async () => expect((await callCore(core!, 'runs.get', { runId: started.runId })).outcome).toBe('interrupted'), { timeout: 8000 });
    expect(processesOfRun(started.runId)).toEqual([]);
    expect(await listProcessTree(started.pid, undefined)).toEqual([]);
    const actions = await callCore(core, 'agents.actions', { agentId: `run-${started.runId}` });
    expect(actions.reset).toEqual({ available: true });
  });
});
