import { describe, expect, it } from 'vitest';
import { parseCommonFlags, UsageError } from '../../../../src-main/core/config/command-line';
import { resolveDataPaths } from '../../../../src-main/core/config/data-home';
import { journalTailingFromEnv } from '../../../../src-main/core/config/journal-tailing';
import { scrollbackBytesFromEnv } from '../../../../src-main/core/config/scrollback-size';

describe('parseCommonFlags', () => {
  it('reads --home, --port and repeated --journal in both spellings', () => {
    expect(parseCommonFlags(['--home', '/h', '--port=0', '--journal', 'a.jsonl', '--journal=b'])).toEqual({ home: '/h', port: 0, journals: ['a.jsonl', 'b'] });
  });

  it('reads repeated --paperclip URLs, and has none when not given', () => {
    expect(parseCommonFlags(['--paperclip', 'http://127.0.0.1:3100', '--paperclip=https://pc.example.com'])).toEqual({
      journals: [],
      paperclip: ['http://127.0.0.1:3100', 'https://pc.example.com'],
    });
    expect(parseCommonFlags(['--journal', 'a.jsonl']).paperclip).toBeUndefined();
  });

  it('ignores positional arguments and Chromium switches that Electron passes through', () => {
    expect(parseCommonFlags(['.', '--no-sandbox', '--enable-logging', '--inspect=9229'])).toEqual({ journals: [] });
  });

  it.each([
    [['--port', '70000'], /--port must be an integer from 0 to 65535, got "70000"/],
    [['--port', 'abc'], /--port must be an integer/],
    [['--home'], /--home needs a value/],
    [['--hoem', 'x'], /unknown option --hoem/],
    [['--paperclip', '127.0.0.1:3100'], /--paperclip needs an http:\/\/ or https:\/\/ URL such as http:\/\/127\.0\.0\.1:3100, got "127\.0\.0\.1:3100"/],
    [['--paperclip'], /--paperclip needs a value/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCommonFlags(argv)).toThrowError(UsageError);
    expect(() => parseCommonFlags(argv)).toThrowError(message);
  });
});

describe('resolveDataPaths', () => {
  it('prefers --home over ORRERY_HOME over ~/.orrery', () => {
    expect(resolveDataPaths('/flag', { ORRERY_HOME: '/env' }).home).toBe('/flag');
    expect(resolveDataPaths(undefined, { ORRERY_HOME: '/env' })).toEqual({ home: '/env', databaseFile: '/env/orrery.db', defaultJournal: '/env/events.jsonl' });
    expect(resolveDataPaths(undefined, {}).home).toMatch(/\.orrery$/);
  });
});

describe('journalTailingFromEnv', () => {
  it('watches by default and can be switched to polling only', () => {
    expect(journalTailingFromEnv({})).toEqual({ watch: true, pollIntervalMs: undefined });
    expect(journalTailingFromEnv({ ORRERY_JOURNAL_WATCH: '0', ORRERY_JOURNAL_POLL_MS: '200' })).toEqual({ watch: false, pollIntervalMs: 200 });
  });

  it.each([
    [{ ORRERY_JOURNAL_WATCH: 'no' }, /ORRERY_JOURNAL_WATCH must be 0 or 1, got "no"/],
    [{ ORRERY_JOURNAL_POLL_MS: '5' }, /ORRERY_JOURNAL_POLL_MS must be a whole number of milliseconds from 20 to 60000, got "5"/],
    [{ ORRERY_JOURNAL_POLL_MS: 'fast' }, /got "fast"/],
  ])('rejects %j', (env, message) => {
    expect(() => journalTailingFromEnv(env)).toThrowError(message);
  });
});

describe('scrollbackBytesFromEnv', () => {
  it('leaves the default alone when unset and converts MiB to bytes', () => {
    expect(scrollbackBytesFromEnv({})).toBeUndefined();
    expect(scrollbackBytesFromEnv({ ORRERY_SCROLLBACK_MB: '32' })).toBe(32 * 1024 * 1024);
    expect(scrollbackBytesFromEnv({ ORRERY_SCROLLBACK_MB: '1.5' })).toBe(1.5 * 1024 * 1024);
  });

  it.each(['0', '2048', 'lots', '-4'])('rejects %s', (value) => {
    expect(() => scrollbackBytesFromEnv({ ORRERY_SCROLLBACK_MB: value })).toThrowError(/ORRERY_SCROLLBACK_MB must be a number of MiB from 1 to 1024/);
  });
});
