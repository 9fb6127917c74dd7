import { describe, expect, it } from 'vitest';
import { ScrollbackBuffer } from '../../../../src-main/core/terminals/scrollback-buffer';

const numbered = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `line ${from + i}`);

describe('ScrollbackBuffer', () => {
  it('numbers lines from 0 and counts the unfinished line once it has text', () => {
    const buffer = new ScrollbackBuffer();
    expect([buffer.firstLine, buffer.endLine, buffer.lineCount]).toEqual([0, 0, 0]);
    buffer.append('a\r\nb\r\n');
    expect([buffer.firstLine, buffer.endLine]).toEqual([0, 2]);
    buffer.append('\x1b[1mpart');
    expect(buffer.endLine).toBe(3);
    expect(buffer.getLines(0, 10)).toEqual(['a', 'b', 'part']);
    buffer.append('ial\r\n');
    expect(buffer.endLine).toBe(3);
    expect(buffer.getLine(2)).toBe('partial');
    expect(buffer.getLine(3)).toBeUndefined();
  });

  it('drops the oldest lines past the byte bound and never reuses their numbers', () => {
    const buffer = new ScrollbackBuffer({ maxBytes: 1000, segmentChars: 128 });
    const all = numbered(0, 5000);
    for (let i = 0; i < all.length; i += 7) buffer.append(all.slice(i, i + 7).map((line) => `${line}\r\n`).join(''));

    expect(buffer.bytes).toBeLessThanOrEqual(1000);
    expect(buffer.bytes).toBeGreaterThan(1000 - 'line 4999\n'.length);
    expect(buffer.endLine).toBe(5000);
    expect(buffer.firstLine).toBeGreaterThan(4800);
    // Sealed segments and the open tail together still read back exactly, by absolute number.
    expect(buffer.sealedSegments().length).toBeGreaterThan(1);
    expect(buffer.getLines(0, buffer.endLine)).toEqual(all.slice(buffer.firstLine));
    expect(buffer.getLine(buffer.firstLine - 1)).toBeUndefined();
    const bytes = buffer.getLines(buffer.firstLine, buffer.endLine).reduce((sum, line) => sum + line.length + 1, 0);
    expect(buffer.bytes).toBe(bytes);
  });

  it('keeps only segments that still hold live lines', () => {
    const buffer = new ScrollbackBuffer({ maxBytes: 2000, segmentChars: 200 });
    for (let i = 0; i < 10_000; i++) buffer.append(`entry ${i}\n`);
    const segments = buffer.sealedSegments();
    const first = segments[0];
    expect(first).toBeDefined();
    expect(first!.firstLine + first!.lineCount).toBeGreaterThan(buffer.firstLine);
    expect(segments.length).toBeLessThan(2000 / 200 + 2);
  });

  it('counts UTF-8 bytes, so multi-byte text holds fewer lines', () => {
    const ascii = new ScrollbackBuffer({ maxBytes: 1024 });
    const wide = new ScrollbackBuffer({ maxBytes: 1024 });
    for (let i = 0; i < 1000; i++) {
      ascii.append('aaaa\n');
      wide.append('\u00e9\u00e9\u00e9\u00e9\n');
    }
    expect(ascii.lineCount).toBe(Math.floor(1024 / 5));
    expect(wide.lineCount).toBe(Math.floor(1024 / 9));
    expect(wide.getLine(wide.endLine - 1)).toBe('\u00e9\u00e9\u00e9\u00e9');
  });

  it('reads non-ASCII lines back exactly from sealed segments', () => {
    const buffer = new ScrollbackBuffer({ segmentChars: 64 });
    const text = ['h\u00e9llo w\u00f6rld', '\u65e5\u672c\u8a9e\u306e\u884c', 'emoji \u{1f680} rocket', 'plain'];
    for (let round = 0; round < 20; round++) buffer.append(text.map((line) => `${line}\r\n`).join(''));
    expect(buffer.sealedSegments().some((segment) => segment.encoding === 'utf16le')).toBe(true);
    expect(buffer.getLines(0, 8)).toEqual([...text, ...text]);
  });

  it('exposes the unsealed lines and the unfinished line as the tail, versioned', () => {
    const buffer = new ScrollbackBuffer({ segmentChars: 1024 });
    buffer.append('one\ntwo\nthr');
    const tail = buffer.tail();
    expect(tail).toMatchObject({ firstLine: 0, lineCount: 3, text: 'one\ntwo\nthr' });
    expect(buffer.tail()).toBe(tail);
    buffer.append('ee\n');
    expect(buffer.tail().version).not.toBe(tail.version);
    expect(buffer.tail().text).toBe('one\ntwo\nthree');
  });

  it('remembers when each line was last written', () => {
    let now = 1000;
    const buffer = new ScrollbackBuffer({ now: () => now });
    buffer.append('a\nb\npart');
    now = 2000;
    buffer.append('ial\nc\n');
    now = 3000;
    buffer.append('d\n');
    expect([0, 1, 2, 3, 4].map((line) => buffer.lineTime(line))).toEqual([1000, 1000, 2000, 2000, 3000]);
  });

  it('bounds an endless line by cutting it', () => {
    const buffer = new ScrollbackBuffer({ maxLineChars: 100 });
    buffer.append('y'.repeat(1050));
    expect(buffer.endLine).toBe(11);
    expect(buffer.getLine(10)).toBe('y'.repeat(50));
  });
});
