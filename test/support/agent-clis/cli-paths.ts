// Where the tests find the real agent CLIs: the pinned installs that install.sh makes, or a
// binary named by ORRERY_TEST_CLAUDE_BIN / ORRERY_TEST_CODEX_BIN (taken as is, version unchecked).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const INSTALL_SCRIPT = 'test/support/agent-clis/install.sh';

const VERSIONS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'versions.env');

function pinnedVersion(name: 'CLAUDE_CODE_VERSION' | 'CODEX_VERSION'): string {
  const version = new RegExp(`^${name}=(\\S+)$`, 'm').exec(readFileSync(VERSIONS_FILE, 'utf8'))?.[1];
  if (!version) throw new Error(`${VERSIONS_FILE} does not set ${name}`);
  return version;
}

export const CLAUDE_CODE_VERSION = pinnedVersion('CLAUDE_CODE_VERSION');
export const CODEX_VERSION = pinnedVersion('CODEX_VERSION');

export function agentCliCache(env: NodeJS.ProcessEnv = process.env): string {
  return env.ORRERY_TEST_CACHE || join(homedir(), '.cache', 'orrery-test');
}

interface CliSpec {
  label: string;
  override: string;
  folder: string;
  packageName: string;
  version: string;
  bin: string;
}

function resolveCli(spec: CliSpec, env: NodeJS.ProcessEnv): string {
  const override = env[spec.override];
  if (override) {
    if (!existsSync(override)) throw new Error(`${spec.override}=${override}: no such file`);
    return override;
  }
  const prefix = join(agentCliCache(env), spec.folder);
  const bin = join(prefix, 'node_modules', '.bin', spec.bin);
  const manifest = join(prefix, 'node_modules', spec.packageName, 'package.json');
  const missing = `${spec.label} ${spec.version} is not installed for the tests (looked for ${bin}). Run ${INSTALL_SCRIPT}, or set ${spec.override}.`;
  if (!existsSync(bin) || !existsSync(manifest)) throw new Error(missing);
  const installed = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  if (installed !== spec.version) throw new Error(`${spec.label} ${installed} is installed in ${prefix}, but the tests pin ${spec.version}. Run ${INSTALL_SCRIPT}.`);
  return bin;
}

/** Absolute path of the `claude` binary the tests run. Throws, naming install.sh, when missing. */
export function claudeBin(env: NodeJS.ProcessEnv = process.env): string {
  return resolveCli({ label: 'Claude Code', override: 'ORRERY_TEST_CLAUDE_BIN', folder: 'claude', packageName: '@anthropic-ai/claude-code', version: CLAUDE_CODE_VERSION, bin: 'claude' }, env);
}

/** Absolute path of the `codex` launcher the tests run (the npm package's Node wrapper, as users get it). */
export function codexBin(env: NodeJS.ProcessEnv = process.env): string {
  return resolveCli({ label: 'Codex CLI', override: 'ORRERY_TEST_CODEX_BIN', folder: 'codex', packageName: '@openai/codex', version: CODEX_VERSION, bin: 'codex' }, env);
}
