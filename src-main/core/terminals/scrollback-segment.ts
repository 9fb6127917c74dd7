/**
 * A sealed run of scrollback lines, stored once as text in shared memory. The search worker
 * reads the same memory, so mirroring a segment, or re-mirroring everything into a fresh worker
 * after a runaway regex, never copies text on the main thread.
 */
export interface ScrollbackSegment {
  /** Unique across all buffers, so a worker can hold segments of many terminals by id. */
  readonly id: number;
  readonly firstLine: number;
  readonly lineCount: number;
  /** Lines joined by `\n`, without a trailing newline. */
  readonly data: SharedArrayBuffer;
  /** ASCII text is stored one byte per char; anything else as UTF-16 so offsets stay exact. */
  readonly encoding: 'latin1' | 'utf16le';
  /** Char offset where each line starts. */
  readonly starts: Int32Array;
  /** UTF-8 size of each line plus its newline: what the byte bound counts. */
  readonly lineBytes: Int32Array;
}

let nextSegmentId = 1;

/** @param lineBytes UTF-8 size of each line plus one for its newline. */
export function sealSegment(firstLine: number, lines: readonly string[], lineBytes: readonly number[]): ScrollbackSegment {
  const text = lines.join('\n');
  const starts = new Int32Array(lines.length);
  let offset = 0;
  let utf8Chars = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = offset;
    offset += (lines[i] as string).length + 1;
    utf8Chars += (lineBytes[i] as number) - 1;
  }
  // UTF-8 needs more bytes than UTF-16 code units for any non-ASCII char, so equal sizes mean ASCII.
  const ascii = utf8Chars === text.length - (lines.length - 1);
  const encoding = ascii ? 'latin1' : 'utf16le';
  const data = new SharedArrayBuffer(ascii ? text.length : text.length * 2);
  Buffer.from(data).write(text, encoding);
  return { id: nextSegmentId++, firstLine, lineCount: lines.length, data, encoding, starts, lineBytes: Int32Array.from(lineBytes) };
}

export function segmentLine(segment: ScrollbackSegment, index: number): string {
  const width = segment.encoding === 'latin1' ? 1 : 2;
  const start = segment.starts[index] as number;
  const end = index + 1 < segment.lineCount ? (segment.starts[index + 1] as number) - 1 : segment.data.byteLength / width;
  return Buffer.from(segment.data).toString(segment.encoding, start * width, end * width);
}
