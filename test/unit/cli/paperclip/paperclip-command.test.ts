// `orrery paperclip add | ls | remove` against a host running the real Paperclip feature (real
// SQLite, real connection attempts). No Paperclip server here: the instances added point where
// nothing listens, which is itself a state the command must report with its reason.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src-main/core/config/command-line';
import { paperclipCommand, PAPERCLIP_USAGE } from '../../../../src-main/cli/paperclip-command';
import type { PaperclipHost } from '../../../../src-main/cli/paperclip-command';
import { freePort } from '../../../support/paperclip/paperclip-server';
import { startOrrerySide } from '../../../support/paperclip/orrery-side';
import type { OrrerySide } from '../../../support/paperclip/orrery-side';

let side: OrrerySide;
let host: PaperclipHost & { calls: string[] };
let out: string;
let err: string;
const io = { stdout: (text: string) => void (out += text), stderr: (text: string) => void (err += text), cwd: mkdtempSync(join(tmpdir(), 'orrery-pc-cli-')) };

beforeEach(() => {
  side = startOrrerySide();
  out = '';
  err = '';
  const calls: string[] = [];
  host = {
    calls,
    call: (method, input) => {
      calls.push(method);
      return side.call(method, input);
    },
  };
});
afterEach(async () => {
  await side.close();
});

describe('orrery paperclip', () => {
  it('adds an instance with a key read from a file, reports its first state with the reason, and never prints the key', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const key = 'pcp_board_cli_test_key_0123456789';
    writeFileSync(join(io.cwd, 'key.txt'), `${key}\n`);
    expect(await paperclipCommand(['add', url, '--key-file', 'key.txt', '--companies', 'c-1, c-2'], io, host)).toBe(0);
    expect(out).toBe(`Watching ${url} (API key set, companies c-1, c-2): error: connection refused\n`);
    expect(side.store.db.prepare('SELECT api_key, companies FROM paperclip_instances').get()).toEqual({ api_key: key, companies: '["c-1","c-2"]' });
    out = '';
    expect(await paperclipCommand(['ls'], io, host)).toBe(0);
    expect(out).toBe(`${url}  error: connection refused  (API key set, companies c-1, c-2)\n`);
    out = '';
    expect(await paperclipCommand(['ls', '--json'], io, host)).toBe(0);
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ url, state: 'error', problem: 'refused', hasKey: true })]);
    expect(out).not.toContain(key);
    out = '';
    expect(await paperclipCommand(['remove', `${url}/`], io, host)).toBe(0);
    expect(out).toContain(`Stopped watching ${url}/`);
    out = '';
    expect(await paperclipCommand(['ls'], io, host)).toBe(0);
    expect(out).toContain('No Paperclip servers are watched');
  });

  it('says so when removing what is not watched', async () => {
    expect(await paperclipCommand(['remove', 'http://127.0.0.1:9'], io, host)).toBe(1);
    expect(err).toBe('orrery: http://127.0.0.1:9 is not watched (orrery paperclip ls lists what is)\n');
  });

  it('refuses a bad command line before it asks the host anything', async () => {
    const refused = async (argv: string[]): Promise<string> => {
      try {
        await paperclipCommand(argv, io, host);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`${argv.join(' ')} was accepted`);
    };
    expect(await refused([])).toBe('paperclip needs add, ls or remove');
    expect(await refused(['start'])).toBe('unknown paperclip action "start"; use add, ls or remove');
    expect(await refused(['add'])).toContain('needs the URL');
    expect(await refused(['add', 'ftp://x'])).toContain('expected an http:// or https:// URL');
    expect(await refused(['add', 'http://127.0.0.1:3100', '--key-file', 'missing.txt'])).toMatch(/cannot read the key file .*missing\.txt: ENOENT/);
    writeFileSync(join(io.cwd, 'empty.txt'), '\n');
    expect(await refused(['add', 'http://127.0.0.1:3100', '--key-file', 'empty.txt'])).toContain('is empty');
    expect(await refused(['add', 'http://127.0.0.1:3100', '--key', 'secret'])).toBe('unknown option --key');
    expect(await refused(['ls', 'extra'])).toContain('unexpected argument "extra"');
    expect(host.calls).toEqual([]);
    expect(await paperclipCommand(['--help'], io, host)).toBe(0);
    expect(out).toBe(PAPERCLIP_USAGE);
  });
});
