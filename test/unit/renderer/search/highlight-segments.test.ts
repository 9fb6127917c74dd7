import { describe, expect, it } from 'vitest';
import { highlightSegments } from '../../../../src-renderer/src/search/highlight-segments';

describe('highlightSegments', () => {
  it('cuts a line into plain and matched runs', () => {
    expect(highlightSegments('error: disk error', [
      [0, 5],
      [12, 17],
    ])).toEqual([
      { text: 'error', match: true },
      { text: ': disk ', match: false },
      { text: 'error', match: true },
    ]);
  });

  it('returns the whole line unmarked without matches', () => {
    expect(highlightSegments('plain', [])).toEqual([{ text: 'plain', match: false }]);
    expect(highlightSegments('', [])).toEqual([{ text: '', match: false }]);
  });

  it('merges overlapping and touching ranges, sorts them and drops empty ones', () => {
    expect(highlightSegments('abcdefgh', [
      [4, 6],
      [1, 3],
      [2, 4],
      [7, 7],
    ])).toEqual([
      { text: 'a', match: false },
      { text: 'bcdef', match: true },
      { text: 'gh', match: false },
    ]);
  });

  it('clamps offsets that run past the text', () => {
    expect(highlightSegments('abc', [[-2, 99]])).toEqual([{ text: 'abc', match: true }]);
  });

  it('never loses or duplicates a character', () => {
    const text = 'the quick brown fox';
    const segments = highlightSegments(text, [
      [4, 9],
      [6, 12],
      [16, 19],
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });
});
