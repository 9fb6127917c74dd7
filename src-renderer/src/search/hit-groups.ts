import type { TerminalSearchHit, TerminalSearchOutput } from '../../../src-shared/terminals/terminals-contract';

export interface HitGroup {
  terminalId: string;
  terminalName: string;
  hits: TerminalSearchHit[];
}

/** Stable identity of a hit within one result: a terminal never reuses a line number. */
export function hitKey(hit: Pick<TerminalSearchHit, 'terminalId' | 'line'>): string {
  return `${hit.terminalId}:${hit.line}`;
}

/** Hits grouped by terminal, groups in the order their first hit appears, hits in result order. */
export function groupHits(hits: readonly TerminalSearchHit[]): HitGroup[] {
  const groups = new Map<string, HitGroup>();
  for (const hit of hits) {
    let group = groups.get(hit.terminalId);
    if (!group) {
      group = { terminalId: hit.terminalId, terminalName: hit.terminalName, hits: [] };
      groups.set(hit.terminalId, group);
    }
    group.hits.push(hit);
  }
  return [...groups.values()];
}

/** The hits in the order the panel lists them, for moving through them with the arrow keys. */
export function listedHits(groups: readonly HitGroup[]): TerminalSearchHit[] {
  return groups.flatMap((group) => group.hits);
}

/**
 * How many later lines of the hit's terminal have the same text, when the result is sure to
 * include every such line: a complete result, or the newest hits when the limit cut it short.
 * Undefined otherwise; the pane then goes by context alone (see locateLine).
 */
export function sameTextAfter(hit: TerminalSearchHit, result: Pick<TerminalSearchOutput, 'hits' | 'timedOut' | 'limitReached'>, newestFirst: boolean): number | undefined {
  if (result.timedOut || (result.limitReached && !newestFirst)) return undefined;
  let count = 0;
  for (const other of result.hits) if (other.terminalId === hit.terminalId && other.line > hit.line && other.text === hit.text) count++;
  return count;
}
