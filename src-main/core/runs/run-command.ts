import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../../src-shared/runs/runs-contract';
import { CLAUDE_BINARY, CODEX_BINARY, findBinary, findOnPath, MissingBinaryError } from './binary-lookup';
import type { ChildSpec } from '../process/child-launcher';

/** What a run asks of its CLI. */
export interface RunRequest {
  prompt: string;
  cwd: string;
  model?: string | undefined;
  effort?: string | undefined;
  maxCostUsd?: number | undefined;
  maxTurns?: number | undefined;
  jsonSchema?: object | undefined;
  /** Continue this session (Claude's session id, Codex's thread id) instead of starting one. */
  resumeSession?: string | undefined;
}

export interface CommandContext {
  /** Orrery's own environment, which every run inherits (keys, proxies, ANTHROPIC_BASE_URL). */
  env: NodeJS.ProcessEnv;
  resourcesDir: string;
  /** The Node that runs the demo agent (Electron's binary runs scripts with ELECTRON_RUN_AS_NODE). */
  nodeBinary: string;
  runId: string;
}

/** Whether the profile's CLI can continue a session. */
export function canResume(profile: Profile): boolean {
  return profile.kind !== 'command';
}

/**
 * The program, arguments and environment of one run. Throws MissingBinaryError naming what was
 * looked for, so a missing CLI is a message at launch, never a silent failed run.
 */
export function runCommand(profile: Profile, request: RunRequest, context: CommandContext): ChildSpec {
  const env = runEnvironment(profile, context);
  const extra = profile.kind === 'command' ? [] : (profile.argv ?? []);
  const model = request.model ?? profile.model;
  switch (profile.kind) {
    case 'claude':
      return { file: findBinary(CLAUDE_BINARY, profile.binaryPath, context.env), args: [...claudeArgs(request, model), ...extra], cwd: request.cwd, env, stdin: 'ignore' };
    case 'demo':
      return {
        file: profile.binaryPath ?? context.nodeBinary,
        args: [demoAgentScript(context.resourcesDir), ...claudeArgs(request, model), ...extra],
        cwd: request.cwd,
        env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
        stdin: 'ignore',
      };
    case 'codex':
      // stdin closed: with an open pipe Codex waits for EOF and appends it to the prompt.
      return { file: findBinary(CODEX_BINARY, profile.binaryPath, context.env), args: codexArgs(request, model, extra), cwd: request.cwd, env, stdin: 'ignore' };
    case 'command': {
      const [program, ...rest] = (profile.argv ?? []).map((arg) => arg.replaceAll('{prompt}', request.prompt));
      if (program === undefined) throw new MissingBinaryError(`The profile "${profile.id}" has no command`);
      const file = profile.binaryPath ?? findOnPath(program, context.env.PATH ?? '');
      if (file === undefined) throw new MissingBinaryError(`The profile "${profile.id}" runs \`${program}\`, which was not found on PATH (${context.env.PATH ?? 'empty'}).`);
      return { file, args: rest, cwd: request.cwd, env, stdin: 'ignore' };
    }
  }
}

function claudeArgs(request: RunRequest, model: string | undefined): string[] {
  const args = ['-p', request.prompt, '--output-format', 'stream-json', '--verbose'];
  if (request.resumeSession !== undefined) args.push('--resume', request.resumeSession);
  if (model !== undefined) args.push('--model', model);
  if (request.effort !== undefined) args.push('--effort', request.effort);
  if (request.maxCostUsd !== undefined) args.push('--max-budget-usd', String(request.maxCostUsd));
  if (request.maxTurns !== undefined) args.push('--max-turns', String(request.maxTurns));
  if (request.jsonSchema !== undefined) args.push('--json-schema', JSON.stringify(request.jsonSchema));
  return args;
}

/** `codex exec resume` takes no flags of its own after `resume` (-s, -C are refused there): all go before it. */
function codexArgs(request: RunRequest, model: string | undefined, extra: readonly string[]): string[] {
  const flags = ['--json', '--skip-git-repo-check', ...(model !== undefined ? ['-m', model] : []), ...extra, '-C', request.cwd];
  if (request.resumeSession !== undefined) return ['exec', ...flags, 'resume', request.resumeSession, request.prompt];
  return ['exec', ...flags, request.prompt];
}

/**
 * Orrery's environment plus the profile's. The user's global Claude Code hooks are told to stay
 * quiet (ORRERY_HOOK_DISABLE), because Orrery already sees the run through its own output: the
 * agent appears once, not twice.
 */
function runEnvironment(profile: Profile, context: CommandContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(context.env)) if (value !== undefined) env[key] = value;
  delete env.ELECTRON_RUN_AS_NODE;
  return { ...env, ...profile.env, ORRERY_HOOK_DISABLE: '1', ORRERY_RUN_ID: context.runId };
}

export function demoAgentScript(resourcesDir: string): string {
  const script = join(resourcesDir, 'agents', 'demo-agent.mjs');
  if (!existsSync(script)) throw new MissingBinaryError(`The demo agent is missing from this build (looked for ${script})`);
  return script;
}
