import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEvent, type OrreryEvent } from '../../../src-shared/events/event-schema';

const ROOT = join(__dirname, '../../..');
/** The CLI's entry straight from source (Node strips the types), as the bundle would run it. */
const CLI = ['--import', join(ROOT, 'test/support/ts-source-hook.mjs'), join(ROOT, 'src-main/cli/main.ts')];

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'orrery-cli-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function journal(): OrreryEvent[] {
  const path = join(home, 'events.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const parsed = parseEvent(line);
      if (!parsed.ok) throw new Error(`${parsed.detail}: ${line}`);
      return parsed.event;
    });
}

function orrery(args: string[]) {
  return spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, ORRERY_HOME: home, ORRERY_JOURNAL: '' }, encoding: 'utf8', timeout: 20_000 });
}

describe('orrery as a process', () => {
  it('emit: exits 0 and appends the event; exits 2 with the reason and writes nothing on invalid input', () => {
    const ok = orrery(['emit', 'tool_use', '--agent', 'a1', '--json', '{"tool":"Bash","tool_use_id":"t1","input_summary":"GITHUB_TOKEN=abc make"}']);
    expect({ code: ok.status, stdout: ok.stdout, stderr: ok.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(journal()).toMatchObject([{ type: 'tool_use', agent_id: 'a1', source: 'cli', input_summary: 'GITHUB_TOKEN=[REDACTED] make' }]);

    const bad = orrery(['emit', 'tool_use', '--agent', 'a1']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^orrery: invalid tool_use event: tool: /);
    expect(journal()).toHaveLength(1);
  });

  it('no command: exits 2 with the usage', () => {
    const run = orrery([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: orrery <command>');
  });

  it('demo: writes a live fleet and, on Ctrl+C, ends its running agents as cancelled and exits 0', async () => {
    const child = spawn(process.execPath, [...CLI, 'demo', '--speed', '40'], { cwd: ROOT, env: { ...process.env, ORRERY_HOME: home, ORRERY_JOURNAL: '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const deadline = Date.now() + 15_000;
    while (journal().filter((event) => event.type === 'agent_spawn').length < 4) {
      if (Date.now() > deadline) throw new Error(`the demo wrote too little: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toMatch(/orrery demo: stopped; \d+ agents, \d+ events written\./);
    const events = journal();
    const open = new Set<string>();
    for (const event of events) {
      if (event.type === 'agent_spawn') open.add(event.agent_id);
      if (event.type === 'agent_done') open.delete(event.agent_id);
    }
    expect(open.size).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: 'agent_done', outcome: 'cancelled', source: 'demo' });
    expect(events.at(-1)?.parent_id).toBeUndefined();
  });
});
