import { describe, expect, it } from 'vitest';
import type { TerminalSearchHit } from '../../../../src-shared/terminals/terminals-contract';
import { groupHits, hitKey, listedHits, sameTextAfter } from '../../../../src-renderer/src/search/hit-groups';

const hit = (terminalId: string, line: number, text = `line ${line}`): TerminalSearchHit => ({
  terminalId,
  terminalName: `name-${terminalId}`,
  line,
  text,
  matches: [[0, 4]],
  before: [],
  after: [],
  time: line,
});

describe('groupHits', () => {
  it('groups by terminal in the order terminals first appear, keeping result order within', () => {
    const hits = [hit('b', 3), hit('a', 1), hit('b', 7), hit('a', 2)];
    const groups = groupHits(hits);
    expect(groups.map((group) => group.terminalId)).toEqual(['b', 'a']);
    expect(groups[0]?.terminalName).toBe('name-b');
    expect(groups[0]?.hits.map((h) => h.line)).toEqual([3, 7]);
    expect(listedHits(groups).map(hitKey)).toEqual(['b:3', 'b:7', 'a:1', 'a:2']);
  });
});

describe('sameTextAfter', () => {
  const hits = [hit('a', 1, 'ok'), hit('a', 5, 'ok'), hit('a', 9, 'ok'), hit('b', 20, 'ok'), hit('a', 12, 'other')];

  it('counts later hits with the same text in the same terminal', () => {
    const result = { hits, timedOut: false, limitReached: false };
    expect(sameTextAfter(hits[0] as TerminalSearchHit, result, false)).toBe(2);
    expect(sameTextAfter(hits[2] as TerminalSearchHit, result, false)).toBe(0);
  });

  it('is unknown when the result may be missing later lines', () => {
    expect(sameTextAfter(hits[0] as TerminalSearchHit, { hits, timedOut: true, limitReached: false }, false)).toBeUndefined();
    expect(sameTextAfter(hits[0] as TerminalSearchHit, { hits, timedOut: false, limitReached: true }, false)).toBeUndefined();
    // Newest first, a cut-off result still holds every later line.
    expect(sameTextAfter(hits[0] as TerminalSearchHit, { hits, timedOut: false, limitReached: true }, true)).toBe(2);
  });
});
