import type { WorkflowEntry, WorkflowSourceKind } from '../../../src-shared/workflows/workflows-contract';

/** Where a workflow file was found, in words. */
export const SOURCE_LABEL: Record<WorkflowSourceKind, string> = {
  'project-claude': "the project's .claude/workflows",
  'project-orrery': "the project's .orrery/workflows",
  'user-claude': '~/.claude/workflows',
  'orrery-data': "Orrery's data directory",
  'built-in': 'built-in',
  path: 'a path',
};

export interface CatalogRow {
  entry: WorkflowEntry;
  /** A unique key: two files can share a name. */
  key: string;
  /** Its meta and body parse. */
  runnable: boolean;
  /** What `workflows.start` is given: the name, or the path of a file a nearer one hides (its name would run that one). */
  startAs: string;
  /** "file:line: reason" for a file that cannot run. */
  problem: string | undefined;
  /** Which of two files with one name runs: "runs instead of …" on the winner, "hidden by …" on the other. */
  clash: string | undefined;
}

/** The Workflows panel's list: every file the host found, broken and shadowed ones included, each saying why. */
export function catalogRows(entries: readonly WorkflowEntry[]): CatalogRow[] {
  return entries.map((entry) => {
    const hidden = entries.filter((other) => other.shadowedBy?.path === entry.path);
    const problem = entry.error === undefined ? undefined : `${entry.error.file}${entry.error.line === undefined ? '' : `:${entry.error.line}`}: ${entry.error.reason}`;
    let clash: string | undefined;
    if (entry.shadowedBy !== undefined) clash = `Hidden by ${entry.shadowedBy.path} (${SOURCE_LABEL[entry.shadowedBy.sourceKind]}), which runs under the name ${entry.name}.`;
    else if (hidden.length > 0) clash = `Runs under this name instead of ${hidden.map((other) => `${other.path} (${SOURCE_LABEL[other.sourceKind]})`).join(', ')}.`;
    return { entry, key: entry.path, runnable: entry.error === undefined, startAs: entry.shadowedBy === undefined ? entry.name : entry.path, problem, clash };
  });
}
