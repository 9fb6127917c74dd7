import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEvent } from '../../../../src-shared/events/event-schema';

const ROOT = join(__dirname, '../../../..');
const HOOK = join(ROOT, 'resources/hooks/orrery-claude-hook.mjs');
const FIXTURES = join(ROOT, 'test/fixtures/claude-code');

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'orrery-hook-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Runs the hook exactly as Claude Code does: a process, the payload on stdin. */
function runHook(stdin: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [HOOK], {
    input: stdin,
    env: { PATH: process.env.PATH, HOME: home, ORRERY_HOME: join(home, 'orrery'), ...env },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function journalLines(path = join(home, 'orrery', 'events.jsonl')): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
}

describe('the Claude Code hook as a process', () => {
  const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

  it.each(fixtures)('%s: exits 0, prints nothing, appends valid events', (name) => {
    const run = runHook(readFileSync(join(FIXTURES, name), 'utf8'));
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    const lines = journalLines();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(parseEvent(line), line).toMatchObject({ ok: true, event: { source: 'claude-code' } });
  });

  it('builds one journal from a whole session, in order, creating the directory', () => {
    const order = ['session-start', 'user-prompt-submit', 'pre-tool-use', 'post-tool-use', 'subagent-start', 'subagent-pre-tool-use', 'subagent-post-tool-use', 'subagent-stop', 'post-tool-use-failure', 'notification', 'stop', 'session-end'];
    for (const name of order) expect(runHook(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')).code).toBe(0);
    const events = journalLines().map((line) => {
      const parsed = parseEvent(line);
      if (!parsed.ok) throw new Error(parsed.detail);
      return parsed.event;
    });
    expect(events.map((event) => `${event.type}:${event.parent_id === undefined ? 'session' : 'subagent'}`)).toEqual([
      'agent_spawn:session',
      'status:session',
      'tool_use:session',
      'tool_result:session',
      'agent_spawn:subagent',
      'tool_use:subagent',
      'tool_result:subagent',
      'agent_done:subagent',
      'tool_result:session',
      'status:session',
      'log:session',
      'status:session',
      'agent_done:session',
    ]);
    expect(JSON.stringify(events)).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  });

  it('writes to $ORRERY_JOURNAL when set, else to ~/.orrery/events.jsonl', () => {
    const payload = readFileSync(join(FIXTURES, 'stop.json'), 'utf8');
    const journal = join(home, 'custom', 'claude.jsonl');
    expect(runHook(payload, { ORRERY_JOURNAL: journal }).code).toBe(0);
    expect(journalLines(journal)).toHaveLength(1);
    expect(runHook(payload, { ORRERY_HOME: '' }).code).toBe(0);
    expect(journalLines(join(home, '.orrery', 'events.jsonl'))).toHaveLength(1);
  });

  it.each([
    ['garbage', 'this is not json {'],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"SessionStart"'],
    ['nothing', ''],
    ['an unknown event', '{"session_id":"s","hook_event_name":"PreCompact","trigger":"auto"}'],
  ])('on %s: exits 0, prints nothing on stdout, writes nothing', (_case, stdin) => {
    const run = runHook(stdin);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(journalLines()).toEqual([]);
  });

  it('exits 0 and says why on stderr only when the journal cannot be written', () => {
    const locked = join(home, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    chmodSync(locked, 0o500);
    const run = runHook(readFileSync(join(FIXTURES, 'stop.json'), 'utf8'), { ORRERY_JOURNAL: join(locked, 'sub', 'events.jsonl') });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    // root ignores directory permissions; everyone else gets the reason.
    if (process.getuid?.() !== 0) expect(run.stderr).toMatch(/^orrery hook: .*EACCES/);
    const procRun = runHook(readFileSync(join(FIXTURES, 'stop.json'), 'utf8'), { ORRERY_JOURNAL: '/proc/orrery-nope/events.jsonl' });
    expect(procRun).toMatchObject({ code: 0, stdout: '' });
    expect(procRun.stderr).toMatch(/^orrery hook: /);
  });

  it('does nothing at all with ORRERY_HOOK_DISABLE=1', () => {
    const run = runHook(readFileSync(join(FIXTURES, 'session-start.json'), 'utf8'), { ORRERY_HOOK_DISABLE: '1' });
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(home, 'orrery'))).toBe(false);
  });
});
