import { describe, expect, it } from 'vitest';
import { LineSplitter, type LineRejectReason, type LineSink } from '../../../../src-main/core/events/line-splitter';

interface Seen {
  lines: { text: string; start: number; line: number | undefined }[];
  rejects: { reason: LineRejectReason; start: number; line: number | undefined; excerpt: string }[];
}

function recorder(): LineSink & Seen {
  const seen: Seen = { lines: [], rejects: [] };
  return {
    ...seen,
    line: (text, start, line) => seen.lines.push({ text, start, line }),
    reject: (reason, _detail, start, line, excerpt) => seen.rejects.push({ reason, start, line, excerpt }),
  };
}

function feed(splitter: LineSplitter, sink: LineSink, ...chunks: (string | Buffer)[]): void {
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, sink);
}

describe('LineSplitter', () => {
  it('emits complete lines with offsets and numbers, holding a partial line back', () => {
    const splitter = new LineSplitter(1024);
    const sink = recorder();
    feed(splitter, sink, 'ab\ncd', 'e\n\n  \r\nf');
    expect(sink.lines).toEqual([
      { text: 'ab', start: 0, line: 1 },
      { text: 'cde', start: 3, line: 2 },
    ]);
    expect(splitter.boundary).toBe(12);
    expect(splitter.readOffset).toBe(13);
    expect(splitter.lineNumber).toBe(5);
  });

  it('decodes a multi-byte character split across chunks', () => {
    const splitter = new LineSplitter(1024);
    const sink = recorder();
    const bytes = Buffer.from('«é»\n');
    feed(splitter, sink, bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3));
    expect(sink.lines.map((l) => l.text)).toEqual(['«é»']);
  });

  it('rejects invalid UTF-8 and keeps going', () => {
    const splitter = new LineSplitter(1024);
    const sink = recorder();
    feed(splitter, sink, Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), 'ok\n');
    expect(sink.rejects).toMatchObject([{ reason: 'invalid_utf8', start: 0, line: 1 }]);
    expect(sink.lines).toEqual([{ text: 'ok', start: 5, line: 2 }]);
  });

  it('skips an oversize line spread over many chunks without holding it', () => {
    const splitter = new LineSplitter(10);
    const sink = recorder();
    feed(splitter, sink, 'a\nXXXXXX', 'XXXXXX', 'XXXXXX', 'XX\nb\n');
    expect(sink.rejects).toEqual([{ reason: 'oversize_line', start: 2, line: 2, excerpt: 'XXXXXX' }]);
    expect(sink.lines.map((l) => [l.text, l.start, l.line])).toEqual([
      ['a', 0, 1],
      ['b', 23, 3],
    ]);
  });

  it('rejects an oversize line that arrives in one chunk', () => {
    const splitter = new LineSplitter(4);
    const sink = recorder();
    feed(splitter, sink, 'abcdef\nabcd\n');
    expect(sink.rejects.map((r) => r.reason)).toEqual(['oversize_line']);
    expect(sink.lines.map((l) => l.text)).toEqual(['abcd']);
  });

  it('flushes an unterminated last line on demand', () => {
    const splitter = new LineSplitter(1024);
    const sink = recorder();
    feed(splitter, sink, 'a\ntail');
    splitter.flush(sink);
    expect(sink.lines.map((l) => l.text)).toEqual(['a', 'tail']);
    expect(splitter.boundary).toBe(6);
  });

  it('does not know line numbers after resuming mid-file', () => {
    const splitter = new LineSplitter(1024);
    const sink = recorder();
    splitter.reset(100, undefined);
    feed(splitter, sink, 'x\n');
    expect(sink.lines).toEqual([{ text: 'x', start: 100, line: undefined }]);
    expect(splitter.boundary).toBe(102);
  });
});
