// Cancel for an agent seen only through its hooks: offered while its process (pid and start time,
// as the hook reports them) is on this machine and is still the same process, refused otherwise.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';
import { callCore } from '../../../support/core-calls';

let core: OrreryCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

function startTimeOf(pid: number): string {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]!;
}

function line(fields: Record<string, unknown>): string {
  return `${JSON.stringify({ v: 1, ts: Date.now(), source: 'claude-code', ...fields })}\n`;
}

describe('agents Orrery did not start', () => {
  it("cancels the agent CLI's process tree when it is the same process, and records it cancelled with its subagents", async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-hooked-'));
    core = startCore({ runtime: 'headless', home });
    const c = core;
    // Stands in for a claude process the user started: a shell with a child, ignoring SIGINT.
    const cli = spawn('bash', ['-c', "trap '' INT; sleep 300 & wait"], { detached: true, stdio: 'ignore' });
    const pid = cli.pid as number;
    await vi.waitFor(() => expect(startTimeOf(pid)).toBeTruthy());
    appendFileSync(join(home, 'events.jsonl'), line({ type: 'agent_spawn', agent_id: 'sess-1', pid, pid_start: startTimeOf(pid), host: hostname() }) + line({ type: 'agent_spawn', agent_id: 'sess-1/sub', parent_id: 'sess-1' }));
    await vi.waitFor(async () => expect((await callCore(c, 'events.agent', { agentId: 'sess-1/sub', limit: 1 })).agent).toBeDefined(), { timeout: 5000 });

    expect(await callCore(c, 'agents.actions', { agentId: 'sess-1' })).toMatchObject({ cancel: { available: true }, reset: { available: false } });
    await callCore(c, 'runs.updateSettings', { cancelGraceMs: 200 });
    const result = await callCore(c, 'agents.cancel', { agentId: 'sess-1' });
    expect(result.message).toMatch(/Cancelled/);
    const exit = await new Promise<string | null>((resolve) => (cli.exitCode !== null || cli.signalCode !== null ? resolve(cli.signalCode) : cli.once('exit', (_code, signal) => resolve(signal))));
    expect(exit).toBe('SIGTERM');
    await vi.waitFor(async () => {
      const [lead, sub] = await Promise.all(['sess-1', 'sess-1/sub'].map(async (agentId) => (await callCore(c, 'events.agent', { agentId, limit: 5 })).recentEvents.at(-1)));
      expect(lead).toMatchObject({ type: 'agent_done', outcome: 'cancelled' });
      expect(sub).toMatchObject({ type: 'agent_done', outcome: 'cancelled' });
    });
  });

  it('refuses, saying why, when the pid now belongs to another process or the agent runs elsewhere', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-hooked-'));
    core = startCore({ runtime: 'headless', home });
    const c = core;
    appendFileSync(join(home, 'events.jsonl'), line({ type: 'agent_spawn', agent_id: 'reused', pid: process.pid, pid_start: '1', host: hostname() }) + line({ type: 'agent_spawn', agent_id: 'remote', pid: process.pid, pid_start: startTimeOf(process.pid), host: 'another-machine' }) + line({ type: 'agent_spawn', agent_id: 'unknown' }));
    await vi.waitFor(async () => expect((await callCore(c, 'events.agent', { agentId: 'unknown', limit: 1 })).agent).toBeDefined(), { timeout: 5000 });
    expect((await callCore(c, 'agents.actions', { agentId: 'reused' })).cancel).toEqual({ available: false, reason: `Its process (pid ${process.pid}) is no longer running.` });
    expect((await callCore(c, 'agents.actions', { agentId: 'remote' })).cancel).toEqual({ available: false, reason: 'It runs on another machine (another-machine).' });
    expect((await callCore(c, 'agents.actions', { agentId: 'unknown' })).cancel).toMatchObject({ available: false, reason: expect.stringMatching(/does not know its process/) });
    await expect(callCore(c, 'agents.cancel', { agentId: 'reused' })).rejects.toThrow(/no longer running/);
  });
});
