import type { LineRejectReason } from '../../../src-shared/events/journal-stats';

export type { LineRejectReason } from '../../../src-shared/events/journal-stats';

/** Receives what a {@link LineSplitter} finds; `start` is the line's byte offset in the file. */
export interface LineSink {
  line(text: string, start: number, lineNumber: number | undefined): void;
  reject(reason: LineRejectReason, detail: string, start: number, lineNumber: number | undefined, excerpt: string): void;
}

const NEWLINE = 0x0a;
const EXCERPT_BYTES = 120;

/**
 * Cuts a byte stream into `\n`-terminated lines. A line is decoded only once its newline has
 * arrived; an over-long line is skipped without ever being held whole, so a runaway writer
 * cannot balloon memory.
 */
export class LineSplitter {
  private readonly maxLineBytes: number;
  // `fatal` makes bad bytes an error instead of silently becoming U+FFFD in stored events.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of an over-long line seen so far; its content is dropped, only the excerpt is kept. */
  private skippedBytes = 0;
  private skippedExcerpt = '';
  private lineStart = 0;
  private nextRead = 0;
  private nextLineNumber: number | undefined = 1;

  constructor(maxLineBytes: number) {
    this.maxLineBytes = maxLineBytes;
  }

  /** Offset just past the last complete line: the only safe place to resume after a restart. */
  get boundary(): number {
    return this.lineStart;
  }

  /** Offset of the next byte to feed. */
  get readOffset(): number {
    return this.nextRead;
  }

  /** Number of the line at {@link boundary}; unknown when reading resumed mid-file. */
  get lineNumber(): number | undefined {
    return this.nextLineNumber;
  }

  /** Forgets any partial line and continues at `offset`, which must be a line boundary. */
  reset(offset: number, lineNumber: number | undefined): void {
    this.clearPartial();
    this.lineStart = offset;
    this.nextRead = offset;
    this.nextLineNumber = offset === 0 ? 1 : lineNumber;
  }

  /** Feeds the bytes that follow {@link readOffset}. The caller may reuse `chunk` afterwards. */
  push(chunk: Buffer, sink: LineSink): void {
    const chunkOffset = this.nextRead;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      this.completeLine(chunk, start, newline, sink);
      this.lineStart = chunkOffset + newline + 1;
      start = newline + 1;
    }
    if (start < chunk.length) this.holdPartial(chunk.subarray(start));
    this.nextRead = chunkOffset + chunk.length;
  }

  /** Treats an unterminated last line as complete, for a file that will never grow again. */
  flush(sink: LineSink): void {
    if (this.pendingBytes === 0 && this.skippedBytes === 0) return;
    this.completeLine(Buffer.alloc(0), 0, 0, sink);
    this.lineStart = this.nextRead;
  }

  private completeLine(chunk: Buffer, start: number, end: number, sink: LineSink): void {
    const lineNumber = this.nextLineNumber;
    if (this.nextLineNumber !== undefined) this.nextLineNumber++;
    const length = this.pendingBytes + this.skippedBytes + (end - start);
    if (this.skippedBytes > 0 || length > this.maxLineBytes) {
      const excerpt = this.skippedBytes > 0 ? this.skippedExcerpt : excerptOf(this.pending[0] ?? chunk.subarray(start, end));
      this.clearPartial();
      sink.reject('oversize_line', `line of ${length} bytes exceeds ${this.maxLineBytes}`, this.lineStart, lineNumber, excerpt);
      return;
    }
    if (length === 0) return;
    const bytes = this.pendingBytes === 0 ? chunk.subarray(start, end) : Buffer.concat([...this.pending, chunk.subarray(start, end)]);
    this.clearPartial();
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      sink.reject('invalid_utf8', 'line is not valid UTF-8', this.lineStart, lineNumber, excerptOf(bytes));
      return;
    }
    if (text.trim().length === 0) return;
    sink.line(text, this.lineStart, lineNumber);
  }

  private holdPartial(bytes: Buffer): void {
    if (this.skippedBytes > 0) {
      this.skippedBytes += bytes.length;
      return;
    }
    if (this.pendingBytes + bytes.length > this.maxLineBytes) {
      const skipped = this.pendingBytes + bytes.length;
      const excerpt = excerptOf(this.pending[0] ?? bytes);
      this.clearPartial();
      this.skippedBytes = skipped;
      this.skippedExcerpt = excerpt;
      return;
    }
    // Copied because the caller reuses its read buffer.
    this.pending.push(Buffer.from(bytes));
    this.pendingBytes += bytes.length;
  }

  private clearPartial(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skippedBytes = 0;
    this.skippedExcerpt = '';
  }
}

/** Lossy on purpose: an excerpt is for a person to recognise the line, not to be parsed. */
function excerptOf(bytes: Buffer): string {
  return bytes.toString('utf8', 0, Math.min(bytes.length, EXCERPT_BYTES));
}
