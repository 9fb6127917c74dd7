import { describe, expect, it } from 'vitest';
import { locateLine, logicalLines } from '../../../../src-renderer/src/terminals/line-locator';
import type { BufferLike, LineTarget } from '../../../../src-renderer/src/terminals/line-locator';

/** An xterm-like buffer: rows of a fixed width, a long line soft-wrapped over several rows. */
function buffer(lines: string[], cols = 10, blankRowsBelow = 0): BufferLike {
  const rows: { text: string; isWrapped: boolean }[] = [];
  for (const line of lines) {
    if (line === '') rows.push({ text: '', isWrapped: false });
    for (let at = 0; at < line.length; at += cols) rows.push({ text: line.slice(at, at + cols), isWrapped: at > 0 });
  }
  for (let i = 0; i < blankRowsBelow; i++) rows.push({ text: '', isWrapped: false });
  return {
    length: rows.length,
    getLine: (row) => {
      const entry = rows[row];
      if (!entry) return undefined;
      return { isWrapped: entry.isWrapped, translateToString: (trimRight) => (trimRight ? entry.text.replace(/ +$/, '') : entry.text.padEnd(cols)) };
    },
  };
}

const target = (text: string, before: string[] = [], after: string[] = [], sameTextAfter?: number): LineTarget => ({ text, before, after, sameTextAfter });

describe('logicalLines', () => {
  it('joins soft-wrapped rows and keeps blanks that sit at a wrap boundary', () => {
    const lines = logicalLines(buffer(['short', 'abcdefgh  ij', 'x'], 10, 3));
    expect(lines).toEqual([
      { text: 'short', firstRow: 0, lastRow: 0 },
      { text: 'abcdefgh  ij', firstRow: 1, lastRow: 2 },
      { text: 'x', firstRow: 3, lastRow: 3 },
    ]);
  });

  it('keeps empty lines between text but drops the unused screen below', () => {
    expect(logicalLines(buffer(['a', '', 'b'], 10, 5)).map((line) => line.text)).toEqual(['a', '', 'b']);
  });
});

describe('locateLine', () => {
  it('finds a line by its text, wherever the wrapping put it', () => {
    const lines = logicalLines(buffer(['$ make', 'error: a very long message that wraps', '$'], 10));
    expect(locateLine(lines, target('error: a very long message that wraps'))).toMatchObject({ firstRow: 1, lastRow: 4 });
  });

  it('picks the occurrence whose context matches', () => {
    const lines = logicalLines(buffer(['one', 'PASS', 'two', 'three', 'PASS', 'four'], 20));
    expect(locateLine(lines, target('PASS', ['one'], ['two']))?.firstRow).toBe(1);
    expect(locateLine(lines, target('PASS', ['three'], ['four']))?.firstRow).toBe(4);
  });

  it('counts equal lines from the end when the context cannot tell them apart', () => {
    const lines = logicalLines(buffer(['y', 'y', 'y', 'y'], 20));
    expect(locateLine(lines, target('y', ['y'], [], 0))?.firstRow).toBe(3);
    expect(locateLine(lines, target('y', ['y'], ['y'], 2))?.firstRow).toBe(1);
  });

  it('reports a line that scrolled out of the pane as missing', () => {
    const lines = logicalLines(buffer(['ok', 'ok'], 20));
    // The search result knows of three later "ok" lines, but the pane holds only two in all.
    expect(locateLine(lines, target('ok', [], [], 3))).toBeUndefined();
    expect(locateLine(lines, target('gone'))).toBeUndefined();
  });

  it('ignores trailing blanks on either side', () => {
    const lines = logicalLines(buffer(['done   '], 20));
    expect(locateLine(lines, target('done  '))?.firstRow).toBe(0);
  });
});
