import { describe, expect, it } from 'vitest';
import { SUMMARY_MAX_CHARS, summariseToolInput, unwrapShellCommand } from '../../../../../src-main/core/runs/adapters/tool-input-summary';

describe('tool input summaries', () => {
  it.each([
    ['Bash', { command: 'npm test\n  -- --watch=false', description: 'Run tests' }, 'npm test -- --watch=false'],
    ['Read', { file_path: '/work/app/src/a.ts' }, 'src/a.ts'],
    ['Edit', { file_path: '/elsewhere/b.ts', old_string: 'x', new_string: 'y' }, '/elsewhere/b.ts'],
    ['Grep', { pattern: 'TODO', path: '/work/app/src' }, 'TODO in src'],
    ['Glob', { pattern: '**/*.ts' }, '**/*.ts'],
    ['WebFetch', { url: 'https://example.com/x', prompt: 'summarise' }, 'https://example.com/x'],
    ['Task', { description: 'Find the bug', prompt: '…', subagent_type: 'Explore' }, 'Find the bug (Explore)'],
    ['TodoWrite', { todos: [{}, {}, {}] }, '3 todos'],
    ['mcp__db__query', { sql: 'select 1', password: 'hunter2' }, '{"sql":"select 1","password":"[REDACTED]"}'],
  ])('%s', (tool, input, summary) => {
    expect(summariseToolInput(tool, input, '/work/app')).toBe(summary);
  });

  it('is one redacted line of bounded length, and empty for no input', () => {
    const summary = summariseToolInput('Bash', { command: `export GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a && ${'echo x; '.repeat(100)}` });
    expect(summary.startsWith('export GITHUB_TOKEN=[REDACTED] && echo x;')).toBe(true);
    expect(summary.length).toBe(SUMMARY_MAX_CHARS);
    expect(summary.endsWith('…')).toBe(true);
    expect(summariseToolInput('Bash', null)).toBe('');
    expect(summariseToolInput('Whatever', {})).toBe('');
  });

  it('unwraps the shell Codex runs every command in', () => {
    expect(unwrapShellCommand("/bin/bash -lc 'echo hi'")).toBe('echo hi');
    expect(unwrapShellCommand("bash -lc 'echo '\\''quoted'\\'''")).toBe("echo 'quoted'");
    expect(unwrapShellCommand('/bin/zsh -c "ls -la"')).toBe('ls -la');
    expect(unwrapShellCommand('git status')).toBe('git status');
  });
});
