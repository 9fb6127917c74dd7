import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunning, listProcessTree } from '../../../../src-main/core/process/process-tree';
import type { ProcessEntry } from '../../../../src-main/core/process/process-tree';
import { TerminalManager } from '../../../../src-main/core/terminals/terminal-manager';
import type { TerminalChange, TerminalManagerOptions } from '../../../../src-main/core/terminals/terminal-manager';
import { TerminalAttachOutput, TerminalInfo, TerminalSearchOutput } from '../../../../src-shared/terminals/terminals-contract';
import { UnknownTerminalError } from '../../../../src-main/core/terminals/terminal-errors';

const BASH = ['--norc', '--noprofile'];
const managers: TerminalManager[] = [];

function manager(options: TerminalManagerOptions = {}): TerminalManager {
  const created = new TerminalManager({ killGraceMs: 300, ...options });
  managers.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.disposeAll()));
});

async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Collects one terminal's output as the stream delivers it. */
function capture(terminals: TerminalManager, id: string): { text: () => string } {
  let text = '';
  terminals.onOutput((batch) => {
    if (batch.terminalId === id) text += batch.data;
  });
  return { text: () => text };
}

function zombieChildren(): number[] {
  const zombies: number[] = [];
  for (const pid of readFileSync('/proc/self/task/' + process.pid + '/children', 'utf8').trim().split(/\s+/).filter(Boolean)) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) zombies.push(Number(pid));
  }
  return zombies;
}

describe('TerminalManager with real PTYs', () => {
  it('runs a shell that echoes what is written, in the contract shape', async () => {
    const terminals = manager();
    const info = terminals.create({ command: '/bin/bash', args: BASH, cwd: '/tmp', name: 'shell' });
    expect(TerminalInfo.parse(info)).toMatchObject({ name: 'shell', status: 'running', cwd: '/tmp', cols: 80, rows: 24 });
    const output = capture(terminals, info.id);
    terminals.write(info.id, 'echo "sum=$((6*7))" && pwd\r');
    await waitFor(() => output.text().includes('sum=42'), 'echo');
    await waitFor(() => output.text().includes('/tmp'), 'pwd');
    expect(terminals.list().map((terminal) => terminal.id)).toEqual([info.id]);
  });

  it('names unnamed terminals after their program, numbering repeats so search groups stay distinct', () => {
    const terminals = manager();
    const names = [1, 2, 3].map(() => terminals.create({ command: '/bin/bash', args: BASH }).name);
    expect(names).toEqual(['bash', 'bash 2', 'bash 3']);
    expect(terminals.create({ command: '/bin/sh' }).name).toBe('sh');
  });

  it('resizes the PTY as the program sees it', async () => {
    const terminals = manager();
    const { id } = terminals.create({ command: '/bin/bash', args: BASH, cols: 80, rows: 24 });
    const output = capture(terminals, id);
    expect(terminals.resize(id, 123, 45)).toMatchObject({ cols: 123, rows: 45 });
    terminals.write(id, 'stty size\r');
    await waitFor(() => output.text().includes('45 123'), 'stty size');
  });

  it('reports exit codes and signals, and keeps an exited terminal listed', async () => {
    const terminals = manager();
    const changes: TerminalChange[] = [];
    terminals.onChange((change) => changes.push(change));
    const failing = terminals.create({ command: '/bin/bash', args: ['-c', 'exit 3'] });
    const killed = terminals.create({ command: 'sleep', args: ['100'] });
    await waitFor(() => terminals.get(failing.id).status === 'exited', 'exit 3');
    process.kill(killed.pid, 'SIGTERM');
    await waitFor(() => terminals.get(killed.id).status === 'exited', 'SIGTERM');
    expect(terminals.get(failing.id)).toMatchObject({ exitCode: 3, signal: null });
    expect(terminals.get(killed.id)).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    expect(changes.filter((change) => change.kind === 'exited').length).toBe(2);
    expect(terminals.list()).toHaveLength(2);
  });

  it('decodes a UTF-8 character split across writes', async () => {
    const terminals = manager();
    const { id } = terminals.create({ command: '/bin/bash', args: ['-c', "printf 'price \\xe2\\x82'; sleep 0.05; printf '\\xac ok\\n'"] });
    const output = capture(terminals, id);
    await waitFor(() => terminals.get(id).status === 'exited', 'exit');
    expect(output.text()).toContain('price \u20ac ok');
    expect(output.text()).not.toContain('\ufffd');
  });

  it('kills the whole process tree on close, leaving no orphans or zombies', async () => {
    const terminals = manager();
    const { id, pid } = terminals.create({ command: '/bin/bash', args: ['-c', 'sleep 1000 & sleep 1000'] });
    const tree = await waitFor(async () => {
      const members = await listProcessTree(pid, readStartTime(pid));
      return members.length >= 3 && members;
    }, 'two sleeps');
    const sleeps = tree.filter((entry) => entry.pid !== pid);
    expect(sleeps).toHaveLength(2);
    const closed = await terminals.close(id);
    expect(closed).toMatchObject({ status: 'exited', signal: 'SIGHUP' });
    for (const entry of tree) expect(await isRunning(entry)).toBe(false);
    expect(terminals.list()).toEqual([]);
    expect(() => terminals.get(id)).toThrow(UnknownTerminalError);
    await waitFor(() => zombieChildren().length === 0, 'no zombie children');
  });

  it('also kills jobs in their own process groups, which a hangup of the shell would orphan', async () => {
    const terminals = manager();
    // With job control on, each job gets its own group; a non-interactive bash does not pass SIGHUP on.
    const { id, pid } = terminals.create({ command: '/bin/bash', args: ['-c', 'set -m; sleep 1000 & sleep 1000 & wait'] });
    // Each job moves into its own group just after it forks; wait until both have.
    const tree = await waitFor(async () => {
      const members = await listProcessTree(pid, readStartTime(pid));
      return new Set(members.map((entry) => entry.pgid)).size === 3 && members;
    }, 'two jobs in their own groups');
    await terminals.close(id);
    for (const entry of tree) expect(await isRunning(entry)).toBe(false);
  });

  it('escalates to SIGKILL for processes that ignore SIGHUP and SIGTERM', async () => {
    const terminals = manager({ killGraceMs: 200 });
    const { id, pid } = terminals.create({ command: '/bin/bash', args: ['-c', 'trap "" HUP TERM; (trap "" HUP TERM; sleep 1000) & sleep 1000; wait'] });
    const tree = await waitFor(async () => {
      const members = await listProcessTree(pid, readStartTime(pid));
      // bash execs the subshell's last command, so: bash, and two sleeps that inherited the ignored signals.
      return members.length >= 3 && members;
    }, 'stubborn tree');
    const started = Date.now();
    const closed = await terminals.close(id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(closed.signal).toBe('SIGKILL');
    for (const entry of tree) expect(await isRunning(entry)).toBe(false);
  });

  it('sweeps processes a terminal left behind when it is closed after exiting', async () => {
    const terminals = manager();
    const { id, pid } = terminals.create({ command: '/bin/bash', args: ['-c', 'trap "" HUP; (trap "" HUP; exec sleep 1000) & echo started'] });
    const output = capture(terminals, id);
    await waitFor(() => output.text().includes('started'), 'start');
    const leftovers = await waitFor(async () => {
      const members: ProcessEntry[] = await listProcessTree(pid, undefined);
      return terminals.get(id).status === 'exited' && members.length > 0 && members;
    }, 'leader exit with a leftover');
    await terminals.close(id);
    for (const entry of leftovers) expect(await isRunning(entry)).toBe(false);
  });

  it('disposeAll kills every terminal', async () => {
    const terminals = new TerminalManager({ killGraceMs: 300 });
    const pids = [terminals.create({ command: 'sleep', args: ['1000'] }).pid, terminals.create({ command: '/bin/bash', args: BASH }).pid];
    const entries = await Promise.all(pids.map(async (pid) => (await listProcessTree(pid, readStartTime(pid))).find((entry) => entry.pid === pid)!));
    await terminals.disposeAll();
    for (const entry of entries) expect(await isRunning(entry)).toBe(false);
    expect(() => terminals.create()).toThrow(/disposed/);
  });

  it('pauses a flooding program while its view lags, and resumes on acknowledgement', async () => {
    const terminals = manager();
    const { id } = terminals.create({ command: 'yes', args: ['flow'] });
    const attachment = TerminalAttachOutput.parse(terminals.attach(id));
    let received = 0;
    terminals.onOutput((batch) => {
      if (batch.terminalId === id) received += batch.data.length;
    });
    await waitFor(() => terminals.get(id).flowPaused, 'pause');
    // Once paused, output stops: at most the batch in flight and what the PTY had buffered.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const atPause = received;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(received - atPause).toBeLessThan(256 * 1024);
    expect(received).toBeLessThan(1024 * 1024);

    terminals.acknowledge(id, attachment.viewId, received);
    await waitFor(() => received > atPause + 100_000, 'resumed output');
    terminals.detach(id, attachment.viewId);
    const detachedAt = received;
    await waitFor(() => received > detachedAt + 2_000_000, 'unthrottled output without a view');
    expect(terminals.get(id).flowPaused).toBe(false);
  });

  it('runs at full speed into a bounded scrollback when no view is attached', async () => {
    const terminals = manager({ scrollbackBytes: 64 * 1024 });
    const { id } = terminals.create({ command: 'yes', args: ['unwatched'] });
    let received = 0;
    terminals.onOutput((batch) => {
      if (batch.terminalId === id) received += batch.data.length;
    });
    await waitFor(() => received > 2_000_000, 'lots of output');
    expect(terminals.get(id).flowPaused).toBe(false);
    const result = await terminals.search({ terminalIds: [id], pattern: 'unwatched', limit: 10_000 });
    // The bound counts finished lines; the unfinished last one may add a hit.
    expect(result.hits.length).toBeLessThanOrEqual(Math.floor((64 * 1024) / 'unwatched\n'.length) + 1);
    expect(result.hits.length).toBeGreaterThan(1000);
  });

  it('delivers all output of a program that floods and exits at once', async () => {
    const terminals = manager();
    // node-pty alone loses the tail here in about a third of runs on Linux; ten runs catch that.
    for (let run = 0; run < 10; run++) {
      const { id } = terminals.create({ command: '/bin/bash', args: ['-c', 'seq 1 30000; echo END-MARK'] });
      const output = capture(terminals, id);
      await waitFor(() => terminals.get(id).status === 'exited', 'exit');
      expect(output.text(), `run ${run}`).toMatch(/29999\r\n30000\r\nEND-MARK\r\n$/);
      await terminals.close(id);
    }
  });

  it('drains what a program wrote before exiting while its view lagged', async () => {
    const terminals = manager({ flow: { highWatermark: 20_000, lowWatermark: 1000, stallTimeoutMs: 60_000 } });
    const { id } = terminals.create({ command: '/bin/bash', args: ['-c', "head -c 30000 /dev/zero | tr '\\0' x; echo; echo END-MARK"] });
    terminals.attach(id);
    const output = capture(terminals, id);
    await waitFor(() => terminals.get(id).status === 'exited', 'exit while paused');
    expect(output.text()).toContain('END-MARK');
  });

  it('replays recent raw output, colours included, to a view that attaches later', async () => {
    const terminals = manager();
    const { id } = terminals.create({ command: '/bin/bash', args: ['-c', "printf '\\033[31mred alert\\033[0m\\n'; sleep 1000"] });
    const output = capture(terminals, id);
    await waitFor(() => output.text().includes('red alert'), 'output');
    const attachment = terminals.attach(id);
    expect(attachment.replay).toContain('\x1b[31mred alert\x1b[0m');
    expect(attachment.offset).toBe(output.text().length);
  });

  it('searches the scrollback of every terminal', async () => {
    const terminals = manager();
    const a = terminals.create({ command: '/bin/bash', args: ['-c', "printf 'build \\033[32mok\\033[0m\\nneedle in a\\n'; sleep 1000"], name: 'a' });
    const b = terminals.create({ command: '/bin/bash', args: ['-c', "printf 'needle in b\\r\\nprogress 5%%\\rprogress 100%%\\n'; sleep 1000"], name: 'b' });
    await waitFor(async () => (await terminals.search({ pattern: 'progress 100%' })).hits.length === 1, 'output in scrollback');
    const result = TerminalSearchOutput.parse(await terminals.search({ pattern: 'needle in', contextLines: 1 }));
    expect(result.hits.map((hit) => [hit.terminalName, hit.text]).sort()).toEqual([
      ['a', 'needle in a'],
      ['b', 'needle in b'],
    ]);
    expect(result.hits.find((hit) => hit.terminalId === a.id)?.before).toEqual(['build ok']);
    expect((await terminals.search({ pattern: 'progress 5%' })).hits).toEqual([]);
    expect((await terminals.search({ pattern: 'build ok', terminalIds: [b.id] })).hits).toEqual([]);
    await expect(terminals.search({ pattern: 'x', terminalIds: ['missing'] })).rejects.toBeInstanceOf(UnknownTerminalError);
  });

  it('rejects a missing working directory', () => {
    const terminals = manager();
    expect(() => terminals.create({ cwd: '/definitely/not/here' })).toThrow(/Working directory does not exist/);
  });
});

function readStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
