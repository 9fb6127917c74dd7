import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../e2e/fixtures/headless-host';
import type { RunningHost } from '../../e2e/fixtures/headless-host';

const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'out/main/cli.js');

let host: RunningHost;
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('These tests run the built CLI and host: run `npm run build` first (npm test does).');
  host = await startHost({ env: { ORRERY_DEMO_AGENT_SPEED: '25' } });
});
afterAll(() => host?.stop());

function orrery(args: string[], home = host.home) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ORRERY_HOME: home }, encoding: 'utf8', timeout: 30_000 });
}

describe('orrery run | ls | stop | reset | resume | logs against a running host (the demo agent stands in for a model)', () => {
  it('writes where it can be reached into a file only the user can read', () => {
    const file = join(host.home, 'host.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('run: streams the readable transcript and exits 0 on success', () => {
    const result = orrery(['run', '--profile', 'demo', 'tidy up the README']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('❯ tidy up the README');
    expect(result.stdout).toMatch(/▸ \w+/);
    expect(result.stdout).not.toMatch(/\{"type":/);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('run --background prints the run id; ls lists it; stop cancels it; logs prints it', async () => {
    const started = orrery(['run', '--background', '--profile', 'demo', 'loop forever over the tests']);
    expect(started.status).toBe(0);
    const runId = started.stdout.trim();
    expect(runId).toMatch(/^r[0-9a-z]{10}$/);

    const listed = JSON.parse(orrery(['ls', '--json']).stdout) as { id: string; state: string; agentId: string }[];
    expect(listed.find((run) => run.id === runId)).toMatchObject({ agentId: `run-${runId}` });

    const stopped = orrery(['stop', runId]);
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toContain('Cancelled');
    const again = orrery(['stop', runId]);
    expect(again.stdout).toContain('already ended');

    const table = orrery(['ls']).stdout;
    expect(table).toMatch(new RegExp(`${runId}\\s+demo\\s+done\\s+cancelled`));
    expect(orrery(['logs', runId]).stdout).toContain('loop forever over the tests');
  });

  it('reset gives a new run in a fresh session; resume keeps the session', () => {
    const first = orrery(['run', '--background', '--profile', 'demo', 'count the files']).stdout.trim();
    const logsFollow = orrery(['logs', '--follow', first]);
    expect(logsFollow.status).toBe(0);
    const done = (JSON.parse(orrery(['ls', '--json']).stdout) as { id: string; sessionId: string }[]).find((run) => run.id === first)!;
    expect(done.sessionId).toBeTruthy();

    const resumed = orrery(['resume', first, 'and now the folders']);
    expect(resumed.status).toBe(0);
    const reset = orrery(['reset', first]).stdout.trim();
    expect(reset).toMatch(/^r[0-9a-z]{10}$/);
    orrery(['logs', '--follow', reset]);
    const runs = JSON.parse(orrery(['ls', '--json']).stdout) as { id: string; sessionId: string; profile: string }[];
    const resumedRun = runs.find((run) => run.id !== first && run.id !== reset && run.sessionId === done.sessionId);
    expect(resumedRun).toBeDefined();
    expect(runs.find((run) => run.id === reset)!.sessionId).not.toBe(done.sessionId);
  });

  it('says in one line that no Orrery is running, and exits 1', () => {
    const result = orrery(['ls'], mkdtempSync(join(tmpdir(), 'orrery-none-')));
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^orrery: Orrery is not running/);
  });

  it('a bad command line is exit 2 with the usage', () => {
    const result = orrery(['run', '--max-cost-usd', 'lots', 'x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--max-cost-usd must be a positive number');
  });

  it('Ctrl+C on run cancels the run and exits 130', async () => {
    const child = spawn(process.execPath, [CLI, 'run', '--profile', 'demo', 'loop forever please'], { cwd: ROOT, env: { ...process.env, ORRERY_HOME: host.home } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (out.includes('▸')) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(130);
    expect(out).toMatch(/cancelled/);
  });
});
