// The real Codex CLI pointed at the scripted model: a private CODEX_HOME with a config.toml that
// names the scripted model as its provider, the environment, and the argv of `codex exec`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codexBin } from './cli-paths';
import { hostEnv, spawnCli, type CliRun } from './spawn-cli';

/** The variable Codex reads the provider's key from (sent as a bearer token; any value works). */
export const CODEX_KEY_VARIABLE = 'ORRERY_SCRIPTED_MODEL_KEY';
/** A slug Codex knows (an unknown one adds an `error` item to every run's output). */
export const CODEX_MODEL = 'gpt-5.5';

export function codexHomeOf(home: string): string {
  return join(home, '.codex');
}

/**
 * config.toml for a Codex that talks only to the scripted model: no retries (a scripted failure
 * fails at once), and none of the features that would reach other hosts.
 */
export function codexConfigToml(serverUrl: string, model = CODEX_MODEL): string {
  return `model = "${model}"
model_provider = "scripted"
check_for_update_on_startup = false

[model_providers.scripted]
name = "Scripted model"
base_url = "${serverUrl}/v1"
wire_api = "responses"
env_key = "${CODEX_KEY_VARIABLE}"
requires_openai_auth = false
supports_websockets = false
request_max_retries = 0
stream_max_retries = 0

[analytics]
enabled = false

[feedback]
enabled = false

[features]
plugins = false
`;
}

/** Writes `home/.codex/config.toml`; returns its path. */
export function writeCodexConfig(home: string, serverUrl: string, model?: string): string {
  const codexHome = codexHomeOf(home);
  mkdirSync(codexHome, { recursive: true });
  const path = join(codexHome, 'config.toml');
  writeFileSync(path, codexConfigToml(serverUrl, model));
  return path;
}

/** A complete environment (not an overlay) for a `codex` whose CODEX_HOME is `home/.codex`. */
export function codexEnv(home: string): NodeJS.ProcessEnv {
  return { ...hostEnv(), HOME: home, CODEX_HOME: codexHomeOf(home), [CODEX_KEY_VARIABLE]: 'scripted-model-key' };
}

export interface CodexArgsOptions {
  cwd: string;
  /** Continue this thread (`codex exec resume <thread_id>`). */
  resume?: string;
  extra?: readonly string[];
}

/**
 * `codex exec` printing JSON events. As root the seccomp sandbox only adds noise, so commands run
 * with full access; outside a git repository it needs --skip-git-repo-check. `exec resume` itself
 * takes neither -s nor -C, so the flags go before it, where `exec` reads them for the resumed run too.
 */
export function codexArgs(prompt: string, options: CodexArgsOptions): string[] {
  const flags = ['--json', '--skip-git-repo-check', '-s', 'danger-full-access', '-C', options.cwd, ...(options.extra ?? [])];
  return ['exec', ...flags, ...(options.resume ? ['resume', options.resume] : []), prompt];
}

export interface RunCodexOptions extends CodexArgsOptions {
  prompt: string;
  /** Must hold a config.toml from writeCodexConfig. */
  home: string;
  timeoutMs?: number;
}

/** Runs `codex exec` with stdin closed: with an open stdin pipe it would wait for EOF. */
export function runCodex(options: RunCodexOptions): CliRun {
  return spawnCli(codexBin(), codexArgs(options.prompt, options), { cwd: options.cwd, env: codexEnv(options.home), timeoutMs: options.timeoutMs });
}
