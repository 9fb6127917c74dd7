import { describe, expect, it } from 'vitest';
import type { WorkflowEntry } from '../../../../src-shared/workflows/workflows-contract';
import { catalogRows } from '../../../../src-renderer/src/workflows/workflow-catalog-rows';

const project: WorkflowEntry = { name: 'review-changes', phases: [], path: '/repo/.claude/workflows/review-changes.js', sourceKind: 'project-claude' };
const builtIn: WorkflowEntry = {
  name: 'review-changes',
  phases: [{ title: 'Review' }],
  path: '/app/resources/workflows/review-changes.js',
  sourceKind: 'built-in',
  shadowedBy: { path: project.path, sourceKind: 'project-claude' },
};
const broken: WorkflowEntry = { name: 'broken', phases: [], path: '/repo/.claude/workflows/broken.js', sourceKind: 'project-claude', error: { file: '/repo/.claude/workflows/broken.js', line: 3, reason: 'meta.name must be a string literal' } };

describe('catalogRows', () => {
  it('says of two files with one name which runs, on both of them', () => {
    const [winner, hidden] = catalogRows([project, builtIn]);
    expect(winner?.clash).toBe("Runs under this name instead of /app/resources/workflows/review-changes.js (built-in).");
    expect(hidden?.clash).toBe("Hidden by /repo/.claude/workflows/review-changes.js (the project's .claude/workflows), which runs under the name review-changes.");
    // Starting the hidden one by its name would run the winner: it is started by its path.
    expect(winner?.startAs).toBe('review-changes');
    expect(hidden?.startAs).toBe(builtIn.path);
    expect([winner?.runnable, hidden?.runnable]).toEqual([true, true]);
  });

  it('lists a broken file with its file, line and reason, and does not offer to run it', () => {
    const [row] = catalogRows([broken]);
    expect(row).toMatchObject({ runnable: false, clash: undefined, problem: '/repo/.claude/workflows/broken.js:3: meta.name must be a string literal' });
    const [noLine] = catalogRows([{ ...broken, error: { file: broken.path, reason: 'it does not parse' } }]);
    expect(noLine?.problem).toBe('/repo/.claude/workflows/broken.js: it does not parse');
  });
});
