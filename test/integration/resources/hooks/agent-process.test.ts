import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { findAgentProcess, isClaudeProcess, readProcStat, type ProcStat } from '../../../../resources/hooks/agent-process.mjs';

/** A process table: pid → its stat and command line. */
function table(entries: Array<[number, number, string, string[]]>) {
  const stats = new Map(entries.map(([pid, ppid, command, argv]) => [pid, { stat: { pid, ppid, command, startTime: String(pid * 100) }, argv }]));
  return {
    readStat: (pid: number): ProcStat | undefined => stats.get(pid)?.stat,
    readCommandLine: (pid: number): string[] => stats.get(pid)?.argv ?? [],
  };
}

describe('findAgentProcess', () => {
  it('walks past the /bin/sh -c that runs the hook to the claude process (the shape seen on 2.1.332)', () => {
    const processes = table([
      [300, 200, 'sh', ['/bin/sh', '-c', 'node "/opt/orrery/resources/hooks/orrery-claude-hook.mjs"']],
      [200, 100, 'claude', ['/home/dev/.local/bin/claude', '-p', 'hello']],
      [100, 1, 'bash', ['-bash']],
    ]);
    expect(findAgentProcess({ platform: 'linux', startPid: 300, ...processes })).toEqual({ pid: 200, pid_start: '20000', host: hostname() });
  });

  it('recognises the npm binary (claude.exe), the native install named after its version, and node running cli.js', () => {
    const cases: Array<[string, string[]]> = [
      ['claude.exe', ['/usr/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe']],
      ['2.1.332', ['/home/dev/.local/bin/claude', '--resume', 'x']],
      ['node', ['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js']],
      ['node', ['/usr/bin/node', '/usr/local/bin/claude']],
    ];
    for (const [command, argv] of cases) expect(isClaudeProcess({ pid: 7, ppid: 1, command, startTime: '1' }, () => argv), command).toBe(true);
  });

  it('does not take a node process that is not Claude Code, nor a shell, for it', () => {
    expect(isClaudeProcess({ pid: 7, ppid: 1, command: 'node', startTime: '1' }, () => ['node', 'vitest.mjs', 'claude.test.ts'])).toBe(false);
    expect(isClaudeProcess({ pid: 7, ppid: 1, command: 'sh', startTime: '1' }, () => ['/bin/sh', '-c', 'claude -p hi'])).toBe(false);
  });

  it('reports nothing rather than a wrong process when no ancestor is Claude Code, within a few steps', () => {
    const chain = table(Array.from({ length: 20 }, (_, index) => [100 + index, 101 + index, 'sh', ['/bin/sh']] as [number, number, string, string[]]).concat([[120, 1, 'claude', ['claude']]]));
    expect(findAgentProcess({ platform: 'linux', startPid: 100, ...chain })).toBeUndefined();
    expect(findAgentProcess({ platform: 'linux', startPid: 999, ...chain })).toBeUndefined();
  });

  it('reports nothing off Linux', () => {
    const processes = table([[200, 1, 'claude', ['claude']]]);
    expect(findAgentProcess({ platform: 'darwin', startPid: 200, ...processes })).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('reads a real process: its parent and the start time /proc gives as field 22', async () => {
    const child = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const stat = readProcStat(child.pid as number);
      expect(stat).toMatchObject({ pid: child.pid, ppid: process.pid, command: 'sleep' });
      expect(stat?.startTime).toMatch(/^\d+$/);
      expect(readProcStat(process.pid)?.startTime).not.toBe(stat?.startTime);
    } finally {
      child.kill();
    }
  });
});
