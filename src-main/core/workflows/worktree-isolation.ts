import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const GIT_TIMEOUT_MS = 60_000;

export interface Worktree {
  /** The worktree's root, in a temp dir of its own. */
  root: string;
  /** Where the agent works: the same place inside the worktree as the workflow's cwd in the repository. */
  cwd: string;
  branch: string;
  repository: string;
  /** The commit it started from, to tell whether the agent committed. */
  base: string;
  tempDir: string;
}

class WorktreeError extends Error {}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', ['-C', cwd, ...args], { timeout: GIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const failure = error as { stderr?: string; code?: string | number; message: string };
    if (failure.code === 'ENOENT') throw new WorktreeError("isolation: 'worktree' needs git, and git is not on PATH");
    throw new WorktreeError(`git ${args[0]} failed: ${(failure.stderr ?? '').trim() || failure.message}`);
  }
}

/** A fresh worktree of the repository `cwd` is in, on a new branch at HEAD (`git worktree add` in a temp dir). */
export async function addWorktree(cwd: string, branch: string): Promise<Worktree> {
  let repository: string;
  try {
    repository = await git(cwd, ['rev-parse', '--show-toplevel']);
  } catch (error) {
    throw new WorktreeError(`isolation: 'worktree' needs a git repository, and ${cwd} is not in one (${(error as Error).message})`);
  }
  let base: string;
  try {
    base = await git(repository, ['rev-parse', '--verify', 'HEAD']);
  } catch {
    throw new WorktreeError(`isolation: 'worktree' needs a commit to start from, and ${repository} has none yet`);
  }
  const tempDir = await mkdtemp(join(tmpdir(), 'orrery-worktree-'));
  const root = join(tempDir, basename(repository));
  try {
    await git(repository, ['worktree', 'add', '-b', branch, root, base]);
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
  return { root, cwd: join(root, relative(repository, cwd)), branch, repository, base, tempDir };
}

/** Removes the worktree and its branch unless the agent left changes (uncommitted, or commits of its own): then it stays. */
export async function releaseWorktree(worktree: Worktree): Promise<{ kept: boolean }> {
  const [status, head] = await Promise.all([git(worktree.root, ['status', '--porcelain']), git(worktree.root, ['rev-parse', 'HEAD'])]);
  if (status !== '' || head !== worktree.base) return { kept: true };
  await git(worktree.repository, ['worktree', 'remove', '--force', worktree.root]);
  await git(worktree.repository, ['branch', '-D', worktree.branch]);
  await rm(worktree.tempDir, { recursive: true, force: true });
  return { kept: false };
}

/** What the script gets back about a kept worktree: a line after a text answer, a field on an object. */
export function nameKeptWorktree(value: unknown, worktree: Worktree): unknown {
  if (typeof value === 'string') return `${value}\n\n[worktree kept with changes: ${worktree.root} (branch ${worktree.branch})]`;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ...value, worktree: { path: worktree.root, branch: worktree.branch } };
  return value;
}
