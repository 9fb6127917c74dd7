import { afterAll, describe, expect, it } from 'vitest';
import { ScrollbackBuffer } from '../../../../src-main/core/terminals/scrollback-buffer';
import { ScrollbackSearch, SearchCancelledError } from '../../../../src-main/core/terminals/scrollback-search';
import type { SearchSource } from '../../../../src-main/core/terminals/scrollback-search';
import { InvalidSearchQueryError } from '../../../../src-main/core/terminals/search-query';

const search = new ScrollbackSearch();
afterAll(() => search.dispose());

function terminal(id: string, lines: readonly string[], options: ConstructorParameters<typeof ScrollbackBuffer>[0] = {}): SearchSource {
  const buffer = new ScrollbackBuffer(options);
  buffer.append(lines.map((line) => `${line}\r\n`).join(''));
  return { terminalId: id, terminalName: `name ${id}`, buffer };
}

const numbered = (count: number, text = (i: number) => `line ${i}`): string[] => Array.from({ length: count }, (_, i) => text(i));

describe('ScrollbackSearch', () => {
  it('finds plain text with every match offset, terminal id and name', async () => {
    const source = terminal('t1', ['alpha beta', 'beta beta gamma', 'delta']);
    const result = await search.search([source], { pattern: 'beta', contextLines: 0 });
    expect(result).toMatchObject({ timedOut: false, limitReached: false });
    expect(result.hits.map(({ line, text, matches, terminalId, terminalName }) => ({ line, text, matches, terminalId, terminalName }))).toEqual([
      { line: 0, text: 'alpha beta', matches: [[6, 10]], terminalId: 't1', terminalName: 'name t1' },
      { line: 1, text: 'beta beta gamma', matches: [[0, 4], [5, 9]], terminalId: 't1', terminalName: 'name t1' },
    ]);
  });

  it('matches plain text case-sensitively unless asked not to', async () => {
    const source = terminal('t', ['Error here', 'error there', 'ERROR everywhere']);
    expect((await search.search([source], { pattern: 'error' })).hits.map((hit) => hit.line)).toEqual([1]);
    const folded = await search.search([source], { pattern: 'error', ignoreCase: true });
    expect(folded.hits.map((hit) => hit.matches)).toEqual([[[0, 5]], [[0, 5]], [[0, 5]]]);
  });

  it('treats regex metacharacters in plain text literally', async () => {
    const source = terminal('t', ['cost is $5.00 (approx)', 'cost is 5500']);
    expect((await search.search([source], { pattern: '$5.00 (', ignoreCase: true })).hits.map((hit) => hit.line)).toEqual([0]);
    expect((await search.search([source], { pattern: '5.0' })).hits.map((hit) => hit.line)).toEqual([0]);
  });

  it('runs regular expressions per line, with flags', async () => {
    const source = terminal('t', ['GET /a 200', 'GET /b 503', 'post /c 500', 'x a', 'b y']);
    const hits = (await search.search([source], { pattern: '^(get|post) \\S+ 5\\d\\d$', regex: true, flags: 'i' })).hits;
    expect(hits.map((hit) => [hit.line, hit.matches])).toEqual([
      [1, [[0, 10]]],
      [2, [[0, 11]]],
    ]);
    // A match that exists only across a line break is not a hit.
    expect((await search.search([source], { pattern: 'a\\sb', regex: true })).hits).toEqual([]);
  });

  it('checks lines found through the literal prefilter against the whole regex', async () => {
    const source = terminal('t', ['timeout after 30ms', 'timeout after many ms', 'no timeout', 'timeout after 5ms!']);
    const hits = (await search.search([source], { pattern: 'timeout after \\d+ms', regex: true })).hits;
    expect(hits.map((hit) => hit.line)).toEqual([0, 3]);
  });

  it('reports an invalid regex as a typed error with the reason', async () => {
    const source = terminal('t', ['x']);
    const failure = search.search([source], { pattern: '(', regex: true });
    await expect(failure).rejects.toBeInstanceOf(InvalidSearchQueryError);
    await expect(failure).rejects.toThrow('Invalid regular expression: /(/: Unterminated group');
    await expect(search.search([source], { pattern: 'a', regex: true, flags: 'g' })).rejects.toThrow(/Unsupported regular expression flag "g"/);
    await expect(search.search([source], { pattern: '' })).rejects.toThrow(/empty/);
    await expect(search.search([source], { pattern: 'a'.repeat(1001) })).rejects.toThrow(/limit is 1000/);
    await expect(search.search([source], { pattern: 'a', limit: 0 })).rejects.toBeInstanceOf(InvalidSearchQueryError);
  });

  it('clips context at both ends of the scrollback', async () => {
    const source = terminal('t', numbered(10));
    const first = (await search.search([source], { pattern: 'line 0', contextLines: 3 })).hits[0];
    expect(first).toMatchObject({ line: 0, before: [], after: ['line 1', 'line 2', 'line 3'] });
    const last = (await search.search([source], { pattern: 'line 9', contextLines: 3 })).hits[0];
    expect(last).toMatchObject({ line: 9, before: ['line 6', 'line 7', 'line 8'], after: [] });
  });

  it('clips context at the oldest retained line and crosses segment boundaries', async () => {
    const source = terminal('t', numbered(3000), { maxBytes: 4096, segmentChars: 256 });
    const { buffer } = source;
    expect(buffer.firstLine).toBeGreaterThan(0);
    const oldest = `line ${buffer.firstLine}`;
    const atStart = (await search.search([source], { pattern: `^${oldest}$`, regex: true, contextLines: 2 })).hits;
    expect(atStart).toHaveLength(1);
    expect(atStart[0]).toMatchObject({ line: buffer.firstLine, before: [] });
    // Dropped lines are gone from search too.
    expect((await search.search([source], { pattern: `^line ${buffer.firstLine - 1}$`, regex: true })).hits).toEqual([]);

    const all = (await search.search([source], { pattern: 'line', limit: 10_000, contextLines: 1 })).hits;
    expect(all.map((hit) => hit.line)).toEqual(numbered(buffer.lineCount, (i) => String(buffer.firstLine + i)).map(Number));
    for (const hit of all) {
      expect(hit.text).toBe(`line ${hit.line}`);
      if (hit.line > buffer.firstLine) expect(hit.before).toEqual([`line ${hit.line - 1}`]);
    }
  });

  it('follows the buffer as it seals, drops and grows between searches', async () => {
    const source = terminal('t', [], { maxBytes: 2048, segmentChars: 256 });
    for (let round = 0; round < 5; round++) {
      source.buffer.append(numbered(500, (i) => `r${round} n${i}`).join('\n') + '\n');
      const hits = (await search.search([source], { pattern: `r${round} n`, limit: 10_000 })).hits;
      expect(hits.length).toBe(source.buffer.lineCount);
      expect((await search.search([source], { pattern: `r${round - 1} n` })).hits).toEqual([]);
    }
  });

  it('searches the unfinished last line', async () => {
    const source = terminal('t', ['done']);
    source.buffer.append('$ npm run buil');
    const hits = (await search.search([source], { pattern: 'run buil', contextLines: 1 })).hits;
    expect(hits).toMatchObject([{ line: 1, text: '$ npm run buil', before: ['done'], after: [] }]);
  });

  it('returns newest first and honours the limit', async () => {
    const source = terminal('t', numbered(1000, (i) => `item ${i}`), { segmentChars: 1024 });
    const newest = await search.search([source], { pattern: 'item', newestFirst: true, limit: 3 });
    expect(newest.hits.map((hit) => hit.line)).toEqual([999, 998, 997]);
    expect(newest.limitReached).toBe(true);
    const oldest = await search.search([source], { pattern: 'item', limit: 3 });
    expect(oldest.hits.map((hit) => hit.line)).toEqual([0, 1, 2]);
    const exact = await search.search([source], { pattern: 'item 12', limit: 100 });
    expect(exact.hits.map((hit) => hit.line)).toEqual([12, ...numbered(10, (i) => String(120 + i)).map(Number)]);
    expect(exact.limitReached).toBe(false);
  });

  it('orders hits across terminals by when their lines were written', async () => {
    let now = 0;
    const a = new ScrollbackBuffer({ now: () => now });
    const b = new ScrollbackBuffer({ now: () => now });
    for (let i = 0; i < 6; i++) {
      now = i;
      (i % 2 === 0 ? a : b).append(`hit ${i}\n`);
    }
    const sources = [
      { terminalId: 'a', terminalName: 'A', buffer: a },
      { terminalId: 'b', terminalName: 'B', buffer: b },
    ];
    const oldest = await search.search(sources, { pattern: 'hit', limit: 4 });
    expect(oldest.hits.map((hit) => `${hit.terminalId}:${hit.text}`)).toEqual(['a:hit 0', 'b:hit 1', 'a:hit 2', 'b:hit 3']);
    expect(oldest.limitReached).toBe(true);
    const newest = await search.search(sources, { pattern: 'hit', newestFirst: true });
    expect(newest.hits.map((hit) => hit.text)).toEqual(['hit 5', 'hit 4', 'hit 3', 'hit 2', 'hit 1', 'hit 0']);
    expect(newest.hits[0]).toMatchObject({ terminalId: 'b', terminalName: 'B', time: 5 });
  });

  it('stops a catastrophic regex at its budget with timedOut, then keeps working', async () => {
    const evil = terminal('evil', numbered(50, () => `${'a'.repeat(40)}!`));
    const started = performance.now();
    const result = await search.search([evil], { pattern: '(a+)+$', regex: true, budgetMs: 100 });
    const elapsed = performance.now() - started;
    expect(result.timedOut).toBe(true);
    expect(result.hits).toEqual([]);
    expect(elapsed).toBeLessThan(1000);

    const after = await search.search([evil, terminal('ok', ['fine'])], { pattern: 'fine' });
    expect(after).toMatchObject({ timedOut: false, hits: [{ terminalId: 'ok', text: 'fine' }] });
    expect((await search.search([evil], { pattern: 'a!', limit: 1000 })).hits).toHaveLength(50);
  });

  it('stops a slow scan at its budget and returns what it found so far', async () => {
    // Every line costs about a millisecond of backtracking: far more in total than the budget.
    const slow = terminal('slow', numbered(400, (i) => `${i} ${'a'.repeat(20)}!`));
    const result = await search.search([slow], { pattern: '^\\d+ (a|aa)+$|\\d', regex: true, limit: 10_000, budgetMs: 50 });
    expect(result.timedOut).toBe(true);
    expect(result.durationMs).toBeLessThan(1000);
    expect(result.hits.length).toBeLessThan(400);
    for (const hit of result.hits) expect(hit.text).toBe(`${hit.line} ${'a'.repeat(20)}!`);
  });

  it('stops a cancelled search at once instead of at its budget, and rejects it as cancelled', async () => {
    // Seconds of backtracking in all: without the cancel it would run to its 5 s budget.
    const slow = terminal('slow', numbered(10_000, (i) => `${i} ${'a'.repeat(18)}!`));
    const aborter = new AbortController();
    const running = search.search([slow], { pattern: '^\\d+ (a|aa)+$', regex: true, budgetMs: 5_000 }, aborter.signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cancelledAt = performance.now();
    aborter.abort();
    await expect(running).rejects.toBeInstanceOf(SearchCancelledError);
    expect(performance.now() - cancelledAt).toBeLessThan(100);
    await expect(search.search([slow], { pattern: 'a!' }, aborter.signal)).rejects.toBeInstanceOf(SearchCancelledError);
  });

  it("answers a short search while another client's long one is still running", async () => {
    const slow = terminal('slow', numbered(10_000, (i) => `${i} ${'a'.repeat(18)}!`));
    const aborter = new AbortController();
    let longDone = false;
    const long = search.search([slow], { pattern: '^\\d+ (a|aa)+$', regex: true, budgetMs: 5_000 }, aborter.signal).finally(() => (longDone = true));
    const started = performance.now();
    const short = await search.search([terminal('t', ['needle here'])], { pattern: 'needle' });
    expect(short.hits.map((hit) => hit.text)).toEqual(['needle here']);
    expect(longDone).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
    aborter.abort();
    await expect(long).rejects.toBeInstanceOf(SearchCancelledError);
  });

  it('restarts the searches a runaway regex held up, on a fresh worker, with their full results', async () => {
    const evil = terminal('evil', numbered(50, () => `${'a'.repeat(40)}!`));
    const [stuck, heldUp] = await Promise.all([
      search.search([evil], { pattern: '(a+)+$', regex: true, budgetMs: 100 }),
      search.search([evil, terminal('ok', ['fine', 'also fine'])], { pattern: 'fine' }),
    ]);
    expect(stuck.timedOut).toBe(true);
    expect(heldUp).toMatchObject({ timedOut: false });
    expect(heldUp.hits.map((hit) => hit.text)).toEqual(['fine', 'also fine']);
  });
});
