// Log paging against pages RECORDED from the real Paperclip server (test/fixtures/paperclip/,
// test/support/paperclip/record-fixtures.ts): a page is a byte range of the NDJSON log, cut
// anywhere, even inside a multi-byte character (which Paperclip then decodes as U+FFFD).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogLineTooLongError, LogPager } from '../../../../src-main/core/paperclip/log-pager';
import type { LogPageWire } from '../../../../src-main/core/paperclip/paperclip-wire';

const FIXTURES = join(__dirname, '../../../fixtures/paperclip');
const whole = (JSON.parse(readFileSync(join(FIXTURES, 'log-whole.json'), 'utf8')) as { content: string }).content;
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'log-pages.json'), 'utf8')) as {
  bytes: number;
  pages: { offset: number; limit: number; content: string; nextOffset?: number }[];
};

/** Paperclip's paging as observed: bytes [offset, offset + limit), decoded leniently; nextOffset only if more remain. */
function servePage(log: Buffer, offset: number, limit: number): LogPageWire {
  const content = log.subarray(offset, offset + limit).toString('utf8');
  return offset + limit < log.length ? { content, nextOffset: offset + limit } : { content };
}

async function readAll(log: Buffer, pageBytes: number): Promise<string[]> {
  const lines: string[] = [];
  const pager = new LogPager({ fetchPage: async (offset, limit) => servePage(log, offset, limit), pageBytes });
  await pager.drain((line) => lines.push(line));
  return lines;
}

describe('LogPager', () => {
  const log = Buffer.from(whole, 'utf8');
  const expected = whole.split('\n').filter((line) => line !== '');

  it('models the real server: the page emulation reproduces every recorded page', () => {
    expect(log.length).toBe(recorded.bytes);
    expect(whole).toContain('héllo ✓');
    expect(recorded.pages.some((page) => page.content.includes('\uFFFD'))).toBe(true);
    for (const page of recorded.pages) {
      expect(servePage(log, page.offset, page.limit), `offset ${page.offset}, limit ${page.limit}`).toEqual({
        content: page.content,
        ...(page.nextOffset !== undefined && { nextOffset: page.nextOffset }),
      });
    }
  });

  it('hands over every line exactly once whatever the page size, across cut lines and cut characters', async () => {
    for (let pageBytes = 1; pageBytes <= log.length + 1; pageBytes++) {
      expect(await readAll(log, pageBytes), `pages of ${pageBytes} bytes`).toEqual(expected);
    }
  });

  it('leaves a last line still being written for the next read, then reads it once', async () => {
    const cut = whole.length - 10;
    let available = Buffer.from(whole.slice(0, cut), 'utf8');
    const lines: string[] = [];
    const pager = new LogPager({ fetchPage: async (offset, limit) => servePage(available, offset, limit), pageBytes: 64 });
    await pager.drain((line) => lines.push(line));
    expect(lines).toEqual(expected.slice(0, -1));
    available = log;
    await pager.drain((line) => lines.push(line));
    await pager.drain((line) => lines.push(line));
    expect(lines).toEqual(expected);
    expect(pager.position).toBe(log.length);
  });

  it('stops on a line longer than its limit instead of growing pages without bound', async () => {
    const huge = Buffer.from(`${'x'.repeat(5000)}\n`);
    const pager = new LogPager({ fetchPage: async (offset, limit) => servePage(huge, offset, limit), pageBytes: 64, maxLineBytes: 1024 });
    await expect(pager.drain(() => undefined)).rejects.toBeInstanceOf(LogLineTooLongError);
  });
});
