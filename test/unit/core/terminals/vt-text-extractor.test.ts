import { describe, expect, it } from 'vitest';
import { VtTextExtractor } from '../../../../src-main/core/terminals/vt-text-extractor';

function extract(chunks: readonly string[], maxLineChars = 16_384): { lines: string[]; current: string } {
  const lines: string[] = [];
  const extractor = new VtTextExtractor(maxLineChars, (line) => lines.push(line));
  for (const chunk of chunks) extractor.feed(chunk);
  return { lines, current: extractor.currentLine };
}

const lines = (raw: string): string[] => extract([raw]).lines;

describe('VtTextExtractor', () => {
  it('splits on LF and CRLF and keeps the unfinished line apart', () => {
    expect(extract(['one\r\ntwo\nthree'])).toEqual({ lines: ['one', 'two'], current: 'three' });
  });

  it('strips SGR, cursor, OSC (BEL and ST), DCS, charset and C1 sequences', () => {
    const raw =
      '\x1b[1;31mred\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[m\r\n' +
      '\x1b]0;window title\x07\x1b]8;;https://x.test\x1b\\link\x1b]8;;\x1b\\\r\n' +
      '\x1bP1$r0m\x1b\\\x1b(Bplain\x1b[?25l\x1b[?1049h\x1b=\r\n' +
      '\x9b32mc1\x9b0m\r\n';
    expect(lines(raw)).toEqual(['red rgb', 'link', 'plain', 'c1']);
  });

  it('gives the same text however the output is split, even inside sequences', () => {
    const raw = 'a\x1b[31mb\x1b]2;t\x1b\\c\r\n\x1b[2Kprog 1%\rprog 100%\x1b[K\r\nd\x1bPq#0\x1b\\e\r\nf\u20acg\tz\r\n';
    const whole = extract([raw]);
    expect(whole.lines).toEqual(['abc', 'prog 100%', 'de', 'f\u20acg     z']);
    for (let cut = 1; cut < raw.length; cut++) {
      expect(extract([raw.slice(0, cut), raw.slice(cut)]), `split at ${cut}`).toEqual(whole);
    }
    expect(extract([...raw])).toEqual(whole);
  });

  it('keeps only the final frame of a carriage-return progress bar', () => {
    expect(lines('downloading 10%\rdownloading 55%\rdownloading 100%\r\ndone\r\n')).toEqual(['downloading 100%', 'done']);
  });

  it('overwrites like a screen: a shorter rewrite leaves the old tail unless erased', () => {
    expect(lines('abcdef\rxy\r\n')).toEqual(['xycdef']);
    expect(lines('abcdef\rxy\x1b[K\r\n')).toEqual(['xy']);
    expect(lines('abcdef\x1b[2K\x1b[1Gxy\r\n')).toEqual(['xy']);
    expect(lines('abcdef\x1b[3Gxy\r\n')).toEqual(['abxyef']);
  });

  it('handles backspace, including the erase idiom of line editors', () => {
    expect(lines('ab\b \bc\r\n')).toEqual(['ac']);
    expect(lines('\b\bx\r\n')).toEqual(['x']);
    expect(lines('abc\b\bX\r\n')).toEqual(['aXc']);
  });

  it('applies the cursor and erase sequences readline uses', () => {
    expect(lines('hello\x1b[3D\x1b[P\r\n')).toEqual(['helo']);
    expect(lines('hello\x1b[2D\x1b[2@\r\n')).toEqual(['hel  lo']);
    expect(lines('hello\x1b[5D\x1b[2X\r\n')).toEqual(['llo'.padStart(5, ' ')]);
    expect(lines('a\x1b[3Cb\r\n')).toEqual(['a   b']);
  });

  it('expands tabs to the next stop of 8 and trims trailing blanks', () => {
    expect(lines('a\tb\r\nabcdefgh\tc\r\ntrail   \r\n')).toEqual(['a       b', 'abcdefgh        c', 'trail']);
  });

  it('treats a lone ESC-terminated string as ended and ignores BEL and other controls', () => {
    expect(lines('\x1b]0;unterminated\x1b[31mtext\x07\x00\x0e\r\n')).toEqual(['text']);
    expect(lines('\x1b]0;title\x18after\r\n')).toEqual(['after']);
  });

  it('cuts endless lines into pieces of maxLineChars', () => {
    expect(extract(['x'.repeat(25)], 10)).toEqual({ lines: ['x'.repeat(10), 'x'.repeat(10)], current: 'x'.repeat(5) });
  });

  it('does not turn huge cursor moves into huge padding', () => {
    expect(extract(['a\x1b[999999999Cb'], 100).lines.every((line) => line.length <= 100)).toBe(true);
  });
});
