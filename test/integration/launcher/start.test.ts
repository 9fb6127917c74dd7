import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const START = join(ROOT, 'src-main/launcher/start.mjs');

interface Run {
  output: string;
  code: number | null;
}

/** Runs `npm start`'s script as a user would, until `until` matches its output or it exits. */
function runStart(args: string[], env: NodeJS.ProcessEnv, until?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [START, ...args], { env: { ...process.env, ...env } });
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (until?.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ output, code }));
  });
}

function withoutDisplay(): NodeJS.ProcessEnv {
  return { DISPLAY: '', WAYLAND_DISPLAY: '' };
}

describe('npm start', () => {
  it('explains in one line why there is no window and serves headless instead', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-start-'));
    const run = await runStart(['--port', '0', '--home', home], withoutDisplay(), /ORRERY_URL=/);
    const lines = run.output.split('\n').filter((line) => line.includes('cannot start here'));
    expect(lines).toEqual(['orrery: the desktop window cannot start here: no display (neither DISPLAY nor WAYLAND_DISPLAY is set); starting the headless host instead.']);
    expect(run.output).toMatch(/^ORRERY_URL=http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/m);
  });

  it('names the database file and exits 1 when the database is corrupt', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-start-'));
    writeFileSync(join(home, 'orrery.db'), 'definitely not sqlite'.repeat(100));
    const run = await runStart(['--headless', '--port', '0', '--home', home], {});
    expect(run.code).toBe(1);
    expect(run.output).toContain(`orrery: Cannot open the Orrery database at ${join(home, 'orrery.db')}: the file is corrupt or not an SQLite database`);
    expect(run.output).not.toContain('ORRERY_URL');
  });

  it('exits 2 with the reason on a bad command line', async () => {
    const run = await runStart(['--headless', '--port', 'eighty'], {});
    expect(run.code).toBe(2);
    expect(run.output).toContain('orrery: --port must be an integer from 0 to 65535, got "eighty"');
  });
});
