import { describe, expect, it } from 'vitest';
import { searchWorkerMain } from '../../../../src-main/core/terminals/search-worker';
import type { FromSearchWorker, SearchMessage, ToSearchWorker } from '../../../../src-main/core/terminals/search-worker';

/** The worker's function on this thread, behind a port that records what it posts. */
function inProcessWorker() {
  let deliver: ((message: ToSearchWorker) => void) | undefined;
  const posted: FromSearchWorker[] = [];
  const waiters: (() => void)[] = [];
  searchWorkerMain({
    on: (_event, listener) => (deliver = listener),
    postMessage: (message) => {
      posted.push(message);
      for (const wake of waiters.splice(0)) wake();
    },
  });
  const send = (message: ToSearchWorker): void => deliver?.(message);
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { send, posted, until };
}

/** A terminal whose whole scrollback is its tail, as the host syncs an unsealed buffer. */
function tail(key: number, lines: readonly string[]): ToSearchWorker {
  return { type: 'sync', add: [], drop: [], dropTails: [], tails: [{ key, firstLine: 0, lineCount: lines.length, text: lines.join('\n') }] };
}

function search(id: number, key: number, lineCount: number, fields: Partial<SearchMessage>): SearchMessage {
  return {
    type: 'search',
    id,
    matcher: { kind: 'plain', needle: 'x' },
    limit: 100_000,
    contextLines: 0,
    newestFirst: false,
    budgetMs: 10_000,
    targets: [{ key, segmentIds: [], firstLine: 0, endLine: lineCount }],
    ...fields,
  };
}

// Each line costs the regex a fraction of a millisecond of backtracking, so a few thousand take seconds.
const SLOW_LINES = Array.from({ length: 3_000 }, (_, i) => `${i} ${'a'.repeat(18)}!`);
const slowRegex = { kind: 'regex', source: '^\\d+ (a|aa)+$', flags: '', literal: '' } as const;

describe('search worker', () => {
  it('gives searches slices in turn, so a short one finishes while a long one is still running', async () => {
    const worker = inProcessWorker();
    worker.send(tail(1, SLOW_LINES));
    worker.send(tail(2, ['x marks', 'the spot x']));
    worker.send(search(1, 1, SLOW_LINES.length, { matcher: slowRegex }));
    worker.send(search(2, 2, 2, {}));
    await worker.until(() => worker.posted.some((m) => m.type === 'done' && m.id === 2));

    const slicesOfLong = worker.posted.filter((m) => m.type === 'slice' && m.id === 1).length;
    expect(worker.posted.some((m) => m.type === 'done' && m.id === 1)).toBe(false);
    // The short search waited for at most one slice of the long one, not for its whole budget.
    expect(slicesOfLong).toBeLessThanOrEqual(2);
    const hits = worker.posted.flatMap((m) => (m.type === 'hits' && m.id === 2 ? m.hits.map((h) => h.text) : []));
    expect(hits).toEqual(['x marks', 'the spot x']);
    worker.send({ type: 'cancel', id: 1 });
  });

  it('drops a cancelled search at its next turn: no further slice, no result', async () => {
    const worker = inProcessWorker();
    worker.send(tail(1, SLOW_LINES));
    worker.send(search(1, 1, SLOW_LINES.length, { matcher: slowRegex }));
    await worker.until(() => worker.posted.some((m) => m.type === 'paused' && m.id === 1));
    worker.send({ type: 'cancel', id: 1 });
    const seen = worker.posted.length;

    // A search sent after the cancel is answered, and nothing more of the cancelled one comes.
    worker.send(tail(2, ['x']));
    worker.send(search(2, 2, 1, {}));
    await worker.until(() => worker.posted.some((m) => m.type === 'done' && m.id === 2));
    expect(worker.posted.slice(seen).filter((m) => m.id === 1)).toEqual([]);
  });

  it('ends a search whose slices used up its budget as timed out, with the hits found so far posted', async () => {
    const worker = inProcessWorker();
    const lines = SLOW_LINES.map((line, i) => (i % 100 === 0 ? `${i} ${'a'.repeat(18)}` : line));
    worker.send(tail(1, lines));
    worker.send(search(1, 1, lines.length, { matcher: slowRegex, budgetMs: 40 }));
    await worker.until(() => worker.posted.some((m) => m.type === 'done'));
    const done = worker.posted.find((m) => m.type === 'done');
    expect(done).toMatchObject({ id: 1, timedOut: true });
    const hits = worker.posted.flatMap((m) => (m.type === 'hits' ? m.hits : []));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(30);
    for (const hit of hits) expect(hit.line % 100).toBe(0);
  });
});
