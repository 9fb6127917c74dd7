import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../../src-main/core/runs/run-command';
import type { Profile } from '../../../../src-shared/runs/runs-contract';

function fakeBinary(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'orrery-bin-'));
  const file = join(dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return dir;
}

const claude: Profile = { id: 'claude', name: 'Claude Code', kind: 'claude', builtIn: true, env: { FOO: 'bar' }, argv: ['--allowedTools', 'Bash'] };
const codex: Profile = { id: 'codex', name: 'Codex', kind: 'codex', builtIn: true, env: {} };
const resources = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'orrery-res-'));
  mkdirSync(join(dir, 'agents'));
  writeFileSync(join(dir, 'agents', 'demo-agent.mjs'), '');
  return dir;
})();

describe('run command lines', () => {
  it('claude: headless stream-json with the limits, the profile env, and Orrery hooks quieted', () => {
    const path = fakeBinary('claude');
    const spec = runCommand(claude, { prompt: 'fix it', cwd: '/w', model: 'claude-opus-4-6', maxCostUsd: 2, maxTurns: 5, resumeSession: 's-1' }, { env: { PATH: path, SECRET: 'x' }, resourcesDir: resources, nodeBinary: '/node', runId: 'r1' });
    expect(spec.file).toBe(join(path, 'claude'));
    expect(spec.args).toEqual(['-p', 'fix it', '--output-format', 'stream-json', '--verbose', '--resume', 's-1', '--model', 'claude-opus-4-6', '--max-budget-usd', '2', '--max-turns', '5', '--allowedTools', 'Bash']);
    expect(spec.env).toMatchObject({ PATH: path, SECRET: 'x', FOO: 'bar', ORRERY_HOOK_DISABLE: '1', ORRERY_RUN_ID: 'r1' });
    expect(spec.stdin).toBe('ignore');
  });

  it('codex: exec --json with stdin closed; a resume puts every flag before `resume`', () => {
    const path = fakeBinary('codex');
    const context = { env: { PATH: path }, resourcesDir: resources, nodeBinary: '/node', runId: 'r2' };
    expect(runCommand(codex, { prompt: 'go', cwd: '/w' }, context).args).toEqual(['exec', '--json', '--skip-git-repo-check', '-C', '/w', 'go']);
    expect(runCommand(codex, { prompt: 'again', cwd: '/w', resumeSession: 't-9' }, context).args).toEqual(['exec', '--json', '--skip-git-repo-check', '-C', '/w', 'resume', 't-9', 'again']);
  });

  it("demo: the scripted agent under Orrery's own Node, speaking the claude command line", () => {
    const spec = runCommand({ id: 'demo', name: 'Demo', kind: 'demo', builtIn: true, env: {} }, { prompt: 'p', cwd: '/w' }, { env: {}, resourcesDir: resources, nodeBinary: '/node', runId: 'r3' });
    expect(spec.file).toBe('/node');
    expect(spec.args.slice(0, 3)).toEqual([join(resources, 'agents', 'demo-agent.mjs'), '-p', 'p']);
    expect(spec.env.ELECTRON_RUN_AS_NODE).toBe('1');
  });

  it('command: the argv template with {prompt} filled in, found on PATH', () => {
    const path = fakeBinary('my-agent');
    const spec = runCommand({ id: 'mine', name: 'Mine', kind: 'command', builtIn: false, env: {}, argv: ['my-agent', '--task={prompt}', '{prompt}'] }, { prompt: 'a b', cwd: '/w' }, { env: { PATH: path }, resourcesDir: resources, nodeBinary: '/node', runId: 'r4' });
    expect([spec.file, ...spec.args]).toEqual([join(path, 'my-agent'), '--task=a b', 'a b']);
  });

  it('a missing binary names what was looked for, the override and how to install it', () => {
    expect(() => runCommand(codex, { prompt: 'x', cwd: '/w' }, { env: { PATH: '/nowhere' }, resourcesDir: resources, nodeBinary: '/node', runId: 'r5' })).toThrow(
      'The Codex CLI was not found: looked for `codex` on PATH (/nowhere) and ORRERY_CODEX_BIN is not set. Install it with `npm install -g @openai/codex`, or set the profile\'s path in Controls → Profiles.',
    );
    expect(() => runCommand({ ...claude, binaryPath: '/nope/claude' }, { prompt: 'x', cwd: '/w' }, { env: {}, resourcesDir: resources, nodeBinary: '/node', runId: 'r6' })).toThrow(/not found at \/nope\/claude \(the profile's path\)/);
  });
});
