export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** One visible line of a collapsible JSON tree. */
export type JsonTreeRow =
  | {
      kind: JsonKind;
      /** A JSON Pointer (RFC 6901): "" is the root, "/findings/0/title" a leaf. */
      path: string;
      depth: number;
      /** The property name or list index it sits under; undefined at the root. */
      key: string | number | undefined;
      /** A leaf's value: a string in quotes with its line breaks kept, anything else as JSON; a container's size, "3 keys", "5 items". */
      text: string;
      expandable: boolean;
      expanded: boolean;
    }
  | { kind: 'more'; path: string; depth: number; hidden: number };

/** A container shows this many children; the rest are counted on one line, so a huge result cannot stall the panel. */
export const MAX_CHILDREN_SHOWN = 200;

/** Values come from JSON, so these are the only kinds there are. */
function kindOf(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'object' | 'string' | 'number' | 'boolean';
}

function entriesOf(value: unknown, kind: JsonKind): [string | number, unknown][] {
  if (kind === 'array') return (value as unknown[]).map((item, index) => [index, item]);
  if (kind === 'object') return Object.entries(value as Record<string, unknown>);
  return [];
}

const plural = (n: number, one: string): string => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;

function childPath(parent: string, key: string | number): string {
  return `${parent}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** A report's line breaks are easier to read as line breaks than as \n. */
function leafText(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** The rows to draw: the root, and the children of every expanded container, depth first. */
export function jsonTreeRows(value: unknown, expanded: ReadonlySet<string>): JsonTreeRow[] {
  const rows: JsonTreeRow[] = [];
  const visit = (node: unknown, path: string, depth: number, key: string | number | undefined): void => {
    const kind = kindOf(node);
    const entries = entriesOf(node, kind);
    const container = kind === 'object' || kind === 'array';
    const open = container && entries.length > 0 && expanded.has(path);
    const text = container ? (kind === 'array' ? plural(entries.length, 'item') : plural(entries.length, 'key')) : leafText(node);
    rows.push({ kind, path, depth, key, text, expandable: container && entries.length > 0, expanded: open });
    if (!open) return;
    for (const [childKey, child] of entries.slice(0, MAX_CHILDREN_SHOWN)) visit(child, childPath(path, childKey), depth + 1, childKey);
    if (entries.length > MAX_CHILDREN_SHOWN) rows.push({ kind: 'more', path: `${path}/…`, depth: depth + 1, hidden: entries.length - MAX_CHILDREN_SHOWN });
  };
  visit(value, '', 0, undefined);
  return rows;
}

/** What opens by itself: the containers down to `depth` levels below the root (1: the root's own children show). */
export function expandedToDepth(value: unknown, depth: number): Set<string> {
  const open = new Set<string>();
  const visit = (node: unknown, path: string, level: number): void => {
    const kind = kindOf(node);
    if (level >= depth || (kind !== 'object' && kind !== 'array')) return;
    open.add(path);
    for (const [key, child] of entriesOf(node, kind).slice(0, MAX_CHILDREN_SHOWN)) visit(child, childPath(path, key), level + 1);
  };
  visit(value, '', 0);
  return open;
}

export function toggled(expanded: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set(expanded);
  if (!next.delete(path)) next.add(path);
  return next;
}
