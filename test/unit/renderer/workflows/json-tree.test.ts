import { describe, expect, it } from 'vitest';
import { expandedToDepth, jsonTreeRows, MAX_CHILDREN_SHOWN, toggled } from '../../../../src-renderer/src/workflows/json-tree';

const result = { summary: 'No finding held up.', findings: [{ title: 'race', line: 12, verified: true }], dismissed: [], 'a/b~c': null };
const shape = (rows: ReturnType<typeof jsonTreeRows>) => rows.map((row) => (row.kind === 'more' ? `${'  '.repeat(row.depth)}… ${row.hidden}` : `${'  '.repeat(row.depth)}${row.key ?? '$'} ${row.text}${row.expanded ? ' ▾' : row.expandable ? ' ▸' : ''}`));

describe('JSON tree', () => {
  it('opens the first level at first: the root lists its keys, containers below stay closed', () => {
    const rows = jsonTreeRows(result, expandedToDepth(result, 1));
    expect(shape(rows)).toEqual(['$ 4 keys ▾', '  summary "No finding held up."', '  findings 1 item ▸', '  dismissed 0 items', '  a/b~c null']);
    // An empty container has nothing to open.
    expect(rows.find((row) => row.kind !== 'more' && row.key === 'dismissed')).toMatchObject({ expandable: false, expanded: false });
  });

  it('names every row by a JSON Pointer, escaping / and ~, so a toggle opens exactly that container', () => {
    const first = jsonTreeRows(result, expandedToDepth(result, 1));
    expect(first.map((row) => row.path)).toEqual(['', '/summary', '/findings', '/dismissed', '/a~1b~0c']);
    const opened = toggled(toggled(expandedToDepth(result, 1), '/findings'), '/findings/0');
    expect(shape(jsonTreeRows(result, opened))).toEqual([
      '$ 4 keys ▾',
      '  summary "No finding held up."',
      '  findings 1 item ▾',
      '    0 3 keys ▾',
      '      title "race"',
      '      line 12',
      '      verified true',
      '  dismissed 0 items',
      '  a/b~c null',
    ]);
    expect(shape(jsonTreeRows(result, toggled(opened, '')))).toEqual(['$ 4 keys ▸']);
  });

  it('shows a leaf as its JSON, but a string with its line breaks kept, for a report to read as one', () => {
    expect(shape(jsonTreeRows('done', new Set()))).toEqual(['$ "done"']);
    expect(shape(jsonTreeRows(3.5, new Set()))).toEqual(['$ 3.5']);
    expect(shape(jsonTreeRows([true, null], new Set(['']))).slice(1)).toEqual(['  0 true', '  1 null']);
    expect(jsonTreeRows('2 findings:\n- a\n- b', new Set())[0]).toMatchObject({ kind: 'string', text: '"2 findings:\n- a\n- b"' });
  });

  it('counts the children past the first few hundred on one line instead of drawing them', () => {
    const big = Array.from({ length: MAX_CHILDREN_SHOWN + 25 }, (_, i) => i);
    const rows = jsonTreeRows(big, expandedToDepth(big, 1));
    expect(rows).toHaveLength(1 + MAX_CHILDREN_SHOWN + 1);
    expect(rows.at(-1)).toMatchObject({ kind: 'more', hidden: 25, depth: 1 });
    expect(shape(rows)[0]).toBe(`$ ${MAX_CHILDREN_SHOWN + 25} items ▾`);
  });
});
