import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Where a built-in profile's program comes from and how a person gets it. */
export interface BinarySpec {
  /** The program's name on PATH. */
  command: string;
  /** Overrides PATH when set (a path to the binary). */
  envOverride: string;
  /** What it is, for the message. */
  title: string;
  install: string;
}

export const CLAUDE_BINARY: BinarySpec = {
  command: 'claude',
  envOverride: 'ORRERY_CLAUDE_BIN',
  title: 'Claude Code',
  install: 'npm install -g @anthropic-ai/claude-code',
};

export const CODEX_BINARY: BinarySpec = {
  command: 'codex',
  envOverride: 'ORRERY_CODEX_BIN',
  title: 'the Codex CLI',
  install: 'npm install -g @openai/codex',
};

export class MissingBinaryError extends Error {}

/**
 * The binary to run: the profile's own path, else the override variable, else the first
 * executable on PATH. A miss names everything that was tried and how to install the program.
 */
export function findBinary(spec: BinarySpec, profilePath: string | undefined, env: NodeJS.ProcessEnv): string {
  if (profilePath !== undefined) {
    if (isExecutable(profilePath)) return profilePath;
    throw new MissingBinaryError(`${capitalise(spec.title)} was not found at ${profilePath} (the profile's path). Fix the path in Controls → Profiles, or clear it to use \`${spec.command}\` from PATH.`);
  }
  const override = env[spec.envOverride];
  if (override !== undefined && override !== '') {
    if (isExecutable(override)) return override;
    throw new MissingBinaryError(`${capitalise(spec.title)} was not found at ${override} (${spec.envOverride}). Fix or unset ${spec.envOverride}.`);
  }
  const found = findOnPath(spec.command, env.PATH ?? '');
  if (found !== undefined) return found;
  throw new MissingBinaryError(
    `${capitalise(spec.title)} was not found: looked for \`${spec.command}\` on PATH (${env.PATH ?? 'empty'}) and ${spec.envOverride} is not set. Install it with \`${spec.install}\`, or set the profile's path in Controls → Profiles.`,
  );
}

/** The first executable file named `command` in the directories of `path`. */
export function findOnPath(command: string, path: string): string | undefined {
  if (isAbsolute(command)) return isExecutable(command) ? command : undefined;
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
