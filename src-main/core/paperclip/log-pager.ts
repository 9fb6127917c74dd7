import type { LogPageWire } from './paperclip-wire';

export interface LogPagerOptions {
  fetchPage(offset: number, limitBytes: number): Promise<LogPageWire>;
  pageBytes?: number;
  /** A line longer than this stops the pager rather than grow a page without bound. */
  maxLineBytes?: number;
}

export class LogLineTooLongError extends Error {}

const DEFAULT_PAGE_BYTES = 256 * 1024;
const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

/**
 * Reads a run's NDJSON log by byte offset, handing over whole lines only, each exactly once.
 *
 * Paperclip cuts pages at a byte count, so a page may end inside a line and even inside a
 * character (it then decodes the broken bytes as U+FFFD). Only the complete lines of a page are
 * taken, the offset advances by their UTF-8 length, and the cut line is read again in full from
 * the next page: nothing is lost or doubled, and no broken character is ever decoded.
 */
export class LogPager {
  private offset = 0;
  private readonly pageBytes: number;
  private readonly maxLineBytes: number;
  private readonly options: LogPagerOptions;

  constructor(options: LogPagerOptions) {
    this.options = options;
    this.pageBytes = options.pageBytes ?? DEFAULT_PAGE_BYTES;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  /** Byte offset of the first line not handed over yet. */
  get position(): number {
    return this.offset;
  }

  /** Reads to the current end of the log; a last line still being written waits for the next call. */
  async drain(onLine: (line: string) => void): Promise<void> {
    let limit = this.pageBytes;
    for (;;) {
      const page = await this.options.fetchPage(this.offset, limit);
      const atEnd = page.nextOffset == null;
      const lastNewline = page.content.lastIndexOf('\n');
      if (lastNewline === -1) {
        if (atEnd || page.content === '') return;
        if (limit >= this.maxLineBytes) throw new LogLineTooLongError(`a log line at byte ${this.offset} is longer than ${this.maxLineBytes} bytes`);
        limit = Math.min(limit * 2, this.maxLineBytes);
        continue;
      }
      const complete = page.content.slice(0, lastNewline + 1);
      for (const line of complete.split('\n')) if (line !== '') onLine(line);
      this.offset += Buffer.byteLength(complete, 'utf8');
      limit = this.pageBytes;
      if (atEnd) return;
    }
  }
}
