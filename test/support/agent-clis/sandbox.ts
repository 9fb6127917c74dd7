// A private HOME and working folder for one real CLI run, so no run sees the user's settings,
// sessions or another run's files.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sandbox {
  /** HOME for the CLI: Claude keeps `.claude/` here, Codex its CODEX_HOME `.codex/`. */
  home: string;
  /** The agent's working folder (not a git repository). */
  cwd: string;
  remove(): void;
}

/** A fresh temporary folder; or `at`, emptied first, where paths must be the same every time (fixtures). */
export function makeSandbox(label: string, at?: string): Sandbox {
  if (at) rmSync(at, { recursive: true, force: true });
  const root = at ?? mkdtempSync(join(tmpdir(), `orrery-${label}-`));
  const sandbox = { home: join(root, 'home'), cwd: join(root, 'work') };
  mkdirSync(sandbox.home, { recursive: true });
  mkdirSync(sandbox.cwd, { recursive: true });
  return { ...sandbox, remove: () => rmSync(root, { recursive: true, force: true }) };
}
