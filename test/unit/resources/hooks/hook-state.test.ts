import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshState, holdSessionState, parseState, pruneStaleStates, STATE_MAX_AGE_MS, stateDirectory } from '../../../../resources/hooks/hook-state.mjs';

let home: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'orrery-hook-state-'));
  env = { ORRERY_HOME: join(home, 'orrery') };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('session hook state', () => {
  it('lives in <data dir>/hook-state, private to the user, and round-trips', () => {
    const held = holdSessionState(env, 'sess-1');
    expect(held?.state).toEqual(freshState());
    held?.save({ ...freshState(), turn: true, waiting: ['sess-1'], transcripts: { 'sess-1': { path: '/t.jsonl', offset: 42, skipping: false, counted: [['msg_1', 1, 2, 3, 4]] } } });
    held?.release();
    const dir = stateDirectory(env);
    expect(dir).toBe(join(home, 'orrery', 'hook-state'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'sess-1.json')).mode & 0o777).toBe(0o600);
    const again = holdSessionState(env, 'sess-1');
    expect(again?.state).toMatchObject({ turn: true, waiting: ['sess-1'], transcripts: { 'sess-1': { offset: 42, counted: [['msg_1', 1, 2, 3, 4]] } } });
    again?.remove();
    again?.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('holds one call of a session at a time: a second waits briefly, then goes without', () => {
    const first = holdSessionState(env, 'sess-1');
    const started = Date.now();
    expect(holdSessionState(env, 'sess-1')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(500);
    expect(holdSessionState(env, 'sess-2')).toBeDefined();
    first?.release();
    expect(holdSessionState(env, 'sess-1')).toBeDefined();
  });

  it('takes over the lock of a hook that died holding it', () => {
    holdSessionState(env, 'sess-1'); // never released
    const lock = join(stateDirectory(env), 'sess-1.lock');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(holdSessionState(env, 'sess-1')).toBeDefined();
  });

  it('keeps a session id from naming a path outside the state directory', () => {
    holdSessionState(env, '../../escape')?.save(freshState());
    expect(readdirSync(stateDirectory(env)).sort()).toEqual(['______escape.json', '______escape.lock']);
    expect(existsSync(join(home, 'escape.json'))).toBe(false);
  });

  it('reads a damaged or foreign file as a fresh state', () => {
    for (const text of ['{', '[]', '{"v":2}', 'null']) expect(parseState(text)).toEqual(freshState());
    expect(parseState('{"v":1,"turn":true,"waiting":[3,"a"],"transcripts":{"a":{"path":"/x","offset":-1,"counted":[]},"b":{"path":"/y","offset":5,"counted":[]}}}')).toEqual({
      v: 1,
      turn: true,
      waiting: ['a'],
      transcripts: { b: { path: '/y', offset: 5, counted: [], skipping: false } },
    });
  });

  it('remembers a bounded number of transcripts, dropping the oldest', () => {
    const held = holdSessionState(env, 'sess-1');
    const transcripts = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`agent-${index}`, { path: `/t/${index}`, offset: 0, skipping: false, counted: [] }]));
    held?.save({ ...freshState(), transcripts });
    held?.release();
    const ids = Object.keys(holdSessionState(env, 'sess-1')?.state.transcripts ?? {});
    expect(ids).toHaveLength(64);
    expect(ids.at(-1)).toBe('agent-99');
  });

  it('pruning removes what sessions that never ended left behind, and nothing recent', () => {
    const dir = stateDirectory(env);
    holdSessionState(env, 'old')?.save(freshState());
    holdSessionState(env, 'new')?.save(freshState());
    const old = new Date(Date.now() - STATE_MAX_AGE_MS - 60_000);
    for (const name of ['old.json', 'old.lock']) utimesSync(join(dir, name), old, old);
    writeFileSync(join(dir, 'unrelated.txt'), '');
    pruneStaleStates(env, Date.now());
    expect(readdirSync(dir).sort()).toEqual(['new.json', 'new.lock', 'unrelated.txt']);
  });
});
