import { sealSegment, segmentLine } from './scrollback-segment';
import type { ScrollbackSegment } from './scrollback-segment';
import { VtTextExtractor } from './vt-text-extractor';

const DEFAULT_SCROLLBACK_BYTES = 8 * 1024 * 1024;
const DEFAULT_MAX_LINE_CHARS = 16 * 1024;
const MAX_SEGMENT_CHARS = 128 * 1024;
const MIN_SEGMENT_CHARS = 1024;

export interface ScrollbackBufferOptions {
  /** Bound on the UTF-8 size of the retained lines (one newline each included). */
  maxBytes?: number;
  /** Longer lines are cut into pieces of this many chars. */
  maxLineChars?: number;
  /** Chars per sealed segment; smaller means finer mirroring, larger means fewer pieces to scan. */
  segmentChars?: number;
  /** Clock for line times; tests pass a fake one. */
  now?: () => number;
}

/** The lines not yet sealed into a segment, plus the unfinished last line when it has text. */
export interface ScrollbackTail {
  /** Changes whenever the tail's text does; lets a mirror skip resending it. */
  readonly version: number;
  readonly firstLine: number;
  readonly lineCount: number;
  /** Lines joined by `\n`. */
  readonly text: string;
}

/**
 * One terminal's scrollback as plain text, independent of any view. Lines get absolute numbers
 * (first line 0, never reused); the oldest fall off the front once the byte bound is exceeded.
 * Appends cost amortised O(1) per line: finished lines collect in an array and are sealed into
 * fixed-size shared-memory segments, so eviction is an index bump plus an occasional segment drop.
 */
export class ScrollbackBuffer {
  readonly maxBytes: number;
  private readonly segmentChars: number;
  private readonly now: () => number;
  private readonly extractor: VtTextExtractor;
  private readonly segments: ScrollbackSegment[] = [];
  private openLines: string[] = [];
  private openLineBytes: number[] = [];
  private openChars = 0;
  private openFirstLine = 0;
  private liveFirstLine = 0;
  private liveBytes = 0;
  private tailVersion = 0;
  private tailCache: ScrollbackTail | undefined;
  /** `checkpointLines[i]` and later lines were last written at `checkpointTimes[i]`. */
  private checkpointLines: number[] = [];
  private checkpointTimes: number[] = [];
  private checkpointHead = 0;

  constructor(options: ScrollbackBufferOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_SCROLLBACK_BYTES;
    if (!(this.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    this.segmentChars =
      options.segmentChars ?? Math.min(MAX_SEGMENT_CHARS, Math.max(MIN_SEGMENT_CHARS, Math.floor(this.maxBytes / 8)));
    this.now = options.now ?? Date.now;
    this.extractor = new VtTextExtractor(options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS, (line) => this.commit(line));
  }

  /** Oldest line still held. */
  get firstLine(): number {
    return this.liveFirstLine;
  }

  /** One past the newest line; the unfinished last line counts once it has text. */
  get endLine(): number {
    return this.committedEnd + (this.extractor.currentLine === '' ? 0 : 1);
  }

  get lineCount(): number {
    return this.endLine - this.liveFirstLine;
  }

  /** UTF-8 size of the finished lines held; the unfinished line is bounded by maxLineChars instead. */
  get bytes(): number {
    return this.liveBytes;
  }

  /** Feeds raw PTY output: escapes, `\r` rewrites and split sequences are all fine. */
  append(chunk: string): void {
    if (chunk === '') return;
    this.checkpoint();
    this.extractor.feed(chunk);
    this.tailVersion++;
  }

  getLine(line: number): string | undefined {
    if (line < this.liveFirstLine || line >= this.endLine) return undefined;
    if (line >= this.openFirstLine) return this.openLines[line - this.openFirstLine] ?? this.extractor.currentLine;
    const segment = this.segmentOf(line);
    return segmentLine(segment, line - segment.firstLine);
  }

  /** Lines in [from, to), clipped to what is held. */
  getLines(from: number, to: number): string[] {
    const lines: string[] = [];
    const end = Math.min(to, this.endLine);
    for (let line = Math.max(from, this.liveFirstLine); line < end; line++) lines.push(this.getLine(line) as string);
    return lines;
  }

  /** When a line was last written (ms since epoch); clamped to the oldest record for dropped lines. */
  lineTime(line: number): number {
    const lines = this.checkpointLines;
    let lo = this.checkpointHead;
    let hi = lines.length - 1;
    if (hi < lo) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((lines[mid] as number) <= line) lo = mid;
      else hi = mid - 1;
    }
    return this.checkpointTimes[lo] as number;
  }

  /** Sealed segments holding at least one live line, oldest first. The first may start before {@link firstLine}. */
  sealedSegments(): readonly ScrollbackSegment[] {
    return this.segments;
  }

  tail(): ScrollbackTail {
    if (this.tailCache?.version !== this.tailVersion) {
      const skip = Math.max(0, this.liveFirstLine - this.openFirstLine);
      const lines = skip === 0 ? this.openLines.slice() : this.openLines.slice(skip);
      const current = this.extractor.currentLine;
      if (current !== '') lines.push(current);
      this.tailCache = {
        version: this.tailVersion,
        firstLine: this.openFirstLine + skip,
        lineCount: lines.length,
        text: lines.join('\n'),
      };
    }
    return this.tailCache;
  }

  private get committedEnd(): number {
    return this.openFirstLine + this.openLines.length;
  }

  private commit(line: string): void {
    const bytes = Buffer.byteLength(line) + 1;
    this.openLines.push(line);
    this.openLineBytes.push(bytes);
    this.openChars += line.length + 1;
    this.liveBytes += bytes;
    if (this.liveBytes > this.maxBytes) this.evict();
    if (this.openChars >= this.segmentChars) this.seal();
  }

  private evict(): void {
    const end = this.committedEnd;
    while (this.liveBytes > this.maxBytes && this.liveFirstLine < end) {
      const line = this.liveFirstLine;
      let bytes: number;
      if (line >= this.openFirstLine) {
        bytes = this.openLineBytes[line - this.openFirstLine] as number;
      } else {
        const head = this.segments[0] as ScrollbackSegment;
        bytes = head.lineBytes[line - head.firstLine] as number;
        if (line + 1 === head.firstLine + head.lineCount) this.segments.shift();
      }
      this.liveBytes -= bytes;
      this.liveFirstLine++;
    }
    this.trimCheckpoints();
  }

  private seal(): void {
    const skip = Math.max(0, this.liveFirstLine - this.openFirstLine);
    if (skip < this.openLines.length) {
      const lines = skip === 0 ? this.openLines : this.openLines.slice(skip);
      const bytes = skip === 0 ? this.openLineBytes : this.openLineBytes.slice(skip);
      this.segments.push(sealSegment(this.openFirstLine + skip, lines, bytes));
    }
    this.openFirstLine = this.committedEnd;
    this.openLines = [];
    this.openLineBytes = [];
    this.openChars = 0;
  }

  private segmentOf(line: number): ScrollbackSegment {
    const segments = this.segments;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((segments[mid] as ScrollbackSegment).firstLine <= line) lo = mid;
      else hi = mid - 1;
    }
    return segments[lo] as ScrollbackSegment;
  }

  private checkpoint(): void {
    const time = this.now();
    const line = this.committedEnd;
    const last = this.checkpointLines.length - 1;
    if (last >= this.checkpointHead) {
      if (this.checkpointTimes[last] === time) return;
      if (this.checkpointLines[last] === line) {
        this.checkpointTimes[last] = time;
        return;
      }
    }
    this.checkpointLines.push(line);
    this.checkpointTimes.push(time);
  }

  private trimCheckpoints(): void {
    const lines = this.checkpointLines;
    let head = this.checkpointHead;
    while (head + 1 < lines.length && (lines[head + 1] as number) <= this.liveFirstLine) head++;
    if (head > 1024 && head * 2 > lines.length) {
      this.checkpointLines = lines.slice(head);
      this.checkpointTimes = this.checkpointTimes.slice(head);
      head = 0;
    }
    this.checkpointHead = head;
  }
}
