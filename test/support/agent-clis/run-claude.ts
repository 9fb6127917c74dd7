// The real Claude Code CLI pointed at the scripted model: its environment, its settings file and
// its argv, as Orrery's runs layer will launch it, plus `runClaude` for tests that just run it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudeBin } from './cli-paths';
import { hostEnv, spawnCli, type CliRun } from './spawn-cli';

export interface ClaudeEnvOptions {
  /**
   * Claude Code retries a failed model call up to 10 times with backoff by default; 0 (the
   * default here) makes a scripted failure fail at once.
   */
  maxRetries?: number;
}

/**
 * A complete environment (not an overlay on the caller's) for a `claude` that talks only to the
 * scripted model at `serverUrl` and keeps its settings, hooks and transcripts under `home/.claude`.
 * Nothing of the caller's environment but PATH, LANG and SHELL leaks in: an enclosing Claude Code
 * session's variables would change how the CLI behaves.
 */
export function claudeEnv(home: string, serverUrl: string, options: ClaudeEnvOptions = {}): NodeJS.ProcessEnv {
  return {
    ...hostEnv(),
    HOME: home,
    ANTHROPIC_BASE_URL: serverUrl,
    ANTHROPIC_API_KEY: 'scripted-model-key',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_MAX_RETRIES: String(options.maxRetries ?? 0),
  };
}

/** Writes `home/.claude/settings.json` (where Claude Code reads user settings and hooks); returns its path. */
export function writeClaudeSettings(home: string, settings: object): string {
  const dir = join(home, '.claude');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'settings.json');
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  return path;
}

export interface ClaudeArgsOptions {
  /** Continue this session (`--resume <session_id>`). */
  resume?: string;
  /** Structured output: passed as `--json-schema`. */
  jsonSchema?: object;
  /** More flags, appended last. */
  extra?: readonly string[];
}

/**
 * A headless run that prints stream-json. As root `--dangerously-skip-permissions` is refused,
 * so the tools the scripts use are allowed by name instead.
 */
export function claudeArgs(prompt: string, options: ClaudeArgsOptions = {}): string[] {
  return [
    '-p',
    prompt,
    '--output-format',
    'stream-json',
    '--verbose',
    '--allowedTools',
    'Bash',
    'Task',
    ...(options.resume ? ['--resume', options.resume] : []),
    ...(options.jsonSchema ? ['--json-schema', JSON.stringify(options.jsonSchema)] : []),
    ...(options.extra ?? []),
  ];
}

export interface RunClaudeOptions extends ClaudeArgsOptions, ClaudeEnvOptions {
  prompt: string;
  serverUrl: string;
  home: string;
  cwd: string;
  timeoutMs?: number;
}

export function runClaude(options: RunClaudeOptions): CliRun {
  return spawnCli(claudeBin(), claudeArgs(options.prompt, options), { cwd: options.cwd, env: claudeEnv(options.home, options.serverUrl, options), timeoutMs: options.timeoutMs });
}
