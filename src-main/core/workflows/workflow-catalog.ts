import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { WorkflowEntry, WorkflowProblem, WorkflowSourceKind } from '../../../src-shared/workflows/workflows-contract';
import { explainSyntaxError, MAX_WORKFLOW_SOURCE_BYTES, parseWorkflowSource } from './workflow-source';
import type { WorkflowMeta } from './workflow-source';
import type { SyntaxCheck } from './workflow-syntax-check';

export interface WorkflowLocations {
  homeDir: string;
  /** Orrery's data directory: `<data dir>/workflows`. */
  dataDir: string;
  /** The built-ins, `resources/workflows`. */
  builtInDir: string;
}

export interface ResolvedWorkflow {
  path: string;
  sourceKind: WorkflowSourceKind;
  meta: WorkflowMeta;
  /** The source as read, for the TypeScript hint on a syntax error. */
  source: string;
  sandboxCode: string;
}

export class WorkflowNotFoundError extends Error {
  readonly code = 'not_found';
}

/** A workflow that exists but cannot run; the message names the file and line. */
export class WorkflowInvalidError extends Error {
  readonly code = 'failed_precondition';
  readonly problem: WorkflowProblem;

  constructor(problem: WorkflowProblem) {
    super(`${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.reason}`);
    this.problem = problem;
  }
}

interface ScannedFile {
  path: string;
  sourceKind: WorkflowSourceKind;
  name: string;
  workflow: ResolvedWorkflow | undefined;
  problem: WorkflowProblem | undefined;
}

export type WorkflowRef = { name: string } | { scriptPath: string };

/**
 * Finds workflow files, nearest first: the project's `.claude/workflows` and `.orrery/workflows`,
 * `~/.claude/workflows`, Orrery's `<data dir>/workflows`, then the built-ins. Every `*.js` file is
 * listed, a broken one with its problem; a name found twice runs the nearer file.
 */
export class WorkflowCatalog {
  private readonly locations: WorkflowLocations;
  private readonly syntaxCheck: () => Promise<SyntaxCheck>;

  constructor(locations: WorkflowLocations, syntaxCheck: () => Promise<SyntaxCheck>) {
    this.locations = locations;
    this.syntaxCheck = syntaxCheck;
  }

  directories(cwd: string): { dir: string; sourceKind: WorkflowSourceKind }[] {
    const { homeDir, dataDir, builtInDir } = this.locations;
    const all: { dir: string; sourceKind: WorkflowSourceKind }[] = [
      { dir: join(cwd, '.claude', 'workflows'), sourceKind: 'project-claude' },
      { dir: join(cwd, '.orrery', 'workflows'), sourceKind: 'project-orrery' },
      { dir: join(homeDir, '.claude', 'workflows'), sourceKind: 'user-claude' },
      { dir: join(dataDir, 'workflows'), sourceKind: 'orrery-data' },
      { dir: builtInDir, sourceKind: 'built-in' },
    ];
    // Working in the home directory makes the project's and the user's folders one folder.
    const seen = new Set<string>();
    return all.filter(({ dir }) => {
      const real = realOrSelf(dir);
      if (seen.has(real)) return false;
      seen.add(real);
      return true;
    });
  }

  async list(cwd: string): Promise<WorkflowEntry[]> {
    const check = await this.syntaxCheck();
    const files = this.scan(cwd).map((file) => withSyntaxChecked(file, check));
    const winners = new Map<string, ScannedFile>();
    return files.map((file) => {
      const winner = winners.get(file.name);
      if (winner === undefined) winners.set(file.name, file);
      const meta = file.workflow?.meta;
      return {
        name: file.name,
        ...(meta !== undefined && { description: meta.description }),
        ...(meta?.whenToUse !== undefined && { whenToUse: meta.whenToUse }),
        phases: meta?.phases ?? [],
        path: file.path,
        sourceKind: file.sourceKind,
        ...(winner !== undefined && { shadowedBy: { path: winner.path, sourceKind: winner.sourceKind } }),
        ...(file.problem !== undefined && { error: file.problem }),
      };
    });
  }

  /** The workflow to start: by name (the nearest), or a path relative to `cwd`; checked to parse. */
  async resolve(nameOrPath: string, cwd: string): Promise<ResolvedWorkflow> {
    const file = withSyntaxChecked(this.find(looksLikePath(nameOrPath) ? { scriptPath: nameOrPath } : { name: nameOrPath }, cwd), await this.syntaxCheck());
    if (file.problem !== undefined || file.workflow === undefined) throw new WorkflowInvalidError(file.problem ?? { file: file.path, reason: 'it cannot run' });
    return file.workflow;
  }

  /** For workflow() inside a running script: synchronous, so no other result overtakes it; the sandbox reports syntax errors itself. */
  resolveNow(ref: WorkflowRef, cwd: string): ResolvedWorkflow {
    const file = this.find(ref, cwd);
    if (file.problem !== undefined || file.workflow === undefined) throw new WorkflowInvalidError(file.problem ?? { file: file.path, reason: 'it cannot run' });
    return file.workflow;
  }

  private find(ref: WorkflowRef, cwd: string): ScannedFile {
    const directories = this.directories(cwd);
    if ('scriptPath' in ref) {
      const path = isAbsolute(ref.scriptPath) ? ref.scriptPath : resolve(cwd, ref.scriptPath);
      let isFile = false;
      try {
        isFile = statSync(path).isFile();
      } catch {
        // reported below
      }
      if (!isFile) throw new WorkflowNotFoundError(`There is no workflow file at ${path}`);
      const home = directories.find(({ dir }) => realOrSelf(dirname(path)) === realOrSelf(dir));
      return readWorkflowFile(path, home?.sourceKind ?? 'path');
    }
    const files = this.scan(cwd);
    const found = files.find((file) => file.name === ref.name) ?? files.find((file) => basename(file.path, '.js') === ref.name);
    if (found !== undefined) return found;
    const names = [...new Set(files.map((file) => file.name))].sort();
    const where = directories.map(({ dir }) => dir).join(', ');
    throw new WorkflowNotFoundError(`There is no workflow named "${ref.name}" (looked in ${where}${names.length > 0 ? `; there are: ${names.join(', ')}` : ''})`);
  }

  private scan(cwd: string): ScannedFile[] {
    return this.directories(cwd).flatMap(({ dir, sourceKind }) => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return [];
      }
      return names
        .filter((name) => name.endsWith('.js'))
        .sort()
        .map((name) => join(dir, name))
        .filter((path) => {
          try {
            return statSync(path).isFile();
          } catch {
            return false;
          }
        })
        .map((path) => readWorkflowFile(path, sourceKind));
    });
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function looksLikePath(nameOrPath: string): boolean {
  return nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.js');
}

function readWorkflowFile(path: string, sourceKind: WorkflowSourceKind): ScannedFile {
  const fallbackName = basename(path, '.js');
  const broken = (reason: string, line?: number): ScannedFile => ({
    path,
    sourceKind,
    name: fallbackName,
    workflow: undefined,
    problem: { file: path, reason, ...(line !== undefined && { line }) },
  });
  let source: string;
  try {
    if (statSync(path).size > MAX_WORKFLOW_SOURCE_BYTES) return broken(`the file is larger than ${MAX_WORKFLOW_SOURCE_BYTES / 1024} KiB`);
    source = readFileSync(path, 'utf8');
  } catch (error) {
    return broken(`the file cannot be read (${(error as Error).message})`);
  }
  const parsed = parseWorkflowSource(source);
  if (!parsed.ok) return broken(parsed.reason, parsed.line);
  return { path, sourceKind, name: parsed.meta.name, workflow: { path, sourceKind, meta: parsed.meta, source, sandboxCode: parsed.sandboxCode }, problem: undefined };
}

function withSyntaxChecked(file: ScannedFile, check: SyntaxCheck): ScannedFile {
  if (file.workflow === undefined) return file;
  const problem = check(file.workflow.sandboxCode, file.path);
  if (problem === undefined) return file;
  const reason = explainSyntaxError(file.workflow.source, problem.reason);
  // The wrapper's closing brace sits on a line of its own: an error there is at the end of the file.
  const lastLine = file.workflow.source.trimEnd().split('\n').length;
  const line = problem.line === undefined ? undefined : Math.min(problem.line, lastLine);
  return { ...file, workflow: undefined, problem: { file: file.path, reason, ...(line !== undefined && { line }) } };
}
