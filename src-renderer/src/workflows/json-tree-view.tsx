import { useState } from 'react';
import { expandedToDepth, jsonTreeRows, toggled } from './json-tree';

/** A JSON value as a tree whose objects and lists open and close; the first level is open. */
export function JsonTreeView({ value, testId }: { value: unknown; testId: string }) {
  const [expanded, setExpanded] = useState(() => expandedToDepth(value, 1));
  const rows = jsonTreeRows(value, expanded);
  return (
    <ul className="json-tree" data-testid={testId} role="tree">
      {rows.map((row) =>
        row.kind === 'more' ? (
          <li key={row.path} className="json-tree-row muted" style={{ paddingLeft: `${row.depth * 14}px` }}>
            … {row.hidden.toLocaleString('en')} more
          </li>
        ) : (
          <li
            key={row.path}
            className="json-tree-row"
            style={{ paddingLeft: `${row.depth * 14}px` }}
            role="treeitem"
            aria-expanded={row.expandable ? row.expanded : undefined}
            data-testid="json-tree-row"
            data-path={row.path}
          >
            {row.expandable ? (
              <button type="button" className="json-tree-toggle" aria-label={row.expanded ? 'Collapse' : 'Expand'} data-testid="json-tree-toggle" onClick={() => setExpanded((open) => toggled(open, row.path))}>
                {row.expanded ? '▾' : '▸'}
              </button>
            ) : (
              <span className="json-tree-toggle" aria-hidden="true" />
            )}
            {row.key !== undefined && <span className="json-tree-key">{row.key}:</span>}
            <span className={`json-tree-value json-${row.kind}`}>{row.kind === 'array' ? `[ ${row.text} ]` : row.kind === 'object' ? `{ ${row.text} }` : row.text}</span>
          </li>
        ),
      )}
    </ul>
  );
}
