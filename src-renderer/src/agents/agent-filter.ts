import type { AgentRow } from './agent-rows';

export type StatusFilter = 'all' | 'alive' | 'finished' | AgentRow['status'];

export interface AgentFilter {
  /** Whitespace-separated words; each must appear in the name, id, model, status or tool. */
  text: string;
  status: StatusFilter;
}

export const NO_FILTER: AgentFilter = { text: '', status: 'all' };

export function isFiltering(filter: AgentFilter): boolean {
  return filter.text.trim() !== '' || filter.status !== 'all';
}

export function filterRows(rows: readonly AgentRow[], filter: AgentFilter): readonly AgentRow[] {
  if (!isFiltering(filter)) return rows;
  const words = filter.text.toLowerCase().split(/\s+/).filter((word) => word !== '');
  return rows.filter((row) => matchesStatus(row, filter.status) && words.every((word) => haystack(row).includes(word)));
}

function matchesStatus(row: AgentRow, status: StatusFilter): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'alive':
      return row.outcome === undefined;
    case 'finished':
      return row.outcome !== undefined;
    default:
      return row.outcome === undefined && row.status === status;
  }
}

function haystack(row: AgentRow): string {
  return [row.name, row.id, row.model ?? '', row.outcome ?? row.status, row.currentTool ?? ''].join('\n').toLowerCase();
}
