import { appendFileSync, mkdirSync, readdirSync, readlinkSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createJournalTailer,
  type JournalBatch,
  type JournalTailer,
  type JournalTailerOptions,
} from '../../../../src-main/core/events/journal-tailer';
import { MemoryOffsetStore } from '../../../../src-main/core/events/offset-store';
import { eventLine } from '../../../support/event-builders';
import { makeTempDir, waitFor } from './helpers';

const log = (message: string): string => eventLine('log', { message });

describe('journal tailer', () => {
  let dir: string;
  let cleanup: () => void;
  let tailer: JournalTailer | undefined;
  let batches: JournalBatch[];
  let errors: unknown[];
  let offsets: MemoryOffsetStore;

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    batches = [];
    errors = [];
    offsets = new MemoryOffsetStore();
  });
  afterEach(async () => {
    await tailer?.close();
    tailer = undefined;
    cleanup();
  });

  function start(sources: string[], options: Partial<JournalTailerOptions> = {}): JournalTailer {
    tailer = createJournalTailer({
      sources,
      offsets,
      onBatch: (batch) => {
        batches.push(batch);
        offsets.save(batch.journal, batch.position);
      },
      onError: (error) => errors.push(error),
      pollIntervalMs: 100,
      ...options,
    });
    return tailer;
  }

  const messages = (): string[] =>
    batches.flatMap((batch) => batch.events.map((event) => (event.type === 'log' ? event.message : event.type)));
  const waitForMessages = (expected: string[]): Promise<void> =>
    waitFor(() => messages().length >= expected.length, `${expected.length} messages`).then(() =>
      expect(messages()).toEqual(expected),
    );

  it('reads what is there, then follows appends via the directory watch alone', async () => {
    const journal = join(dir, 'events.jsonl');
    writeFileSync(journal, log('one') + '\n\n   \n' + log('two'));
    start([journal], { pollIntervalMs: 60_000 });
    await waitForMessages(['one', 'two']);
    appendFileSync(journal, log('three'));
    await waitForMessages(['one', 'two', 'three']);
    expect(errors).toEqual([]);
  });

  it('coalesces the lines of one read into one batch', async () => {
    const journal = join(dir, 'events.jsonl');
    writeFileSync(journal, Array.from({ length: 50 }, (_, i) => log(`m${i}`)).join(''));
    start([journal]);
    await waitFor(() => messages().length === 50, '50 messages');
    expect(batches).toHaveLength(1);
    expect(batches[0]?.position.offset).toBe(Buffer.byteLength(Array.from({ length: 50 }, (_, i) => log(`m${i}`)).join('')));
  });

  it('waits for a partial line to be completed', async () => {
    const journal = join(dir, 'events.jsonl');
    const line = log('split');
    writeFileSync(journal, log('first') + line.slice(0, 20));
    start([journal]);
    await waitForMessages(['first']);
    expect(batches.at(-1)?.position.offset).toBe(Buffer.byteLength(log('first')));
    appendFileSync(journal, line.slice(20));
    await waitForMessages(['first', 'split']);
  });

  it('starts over when the file is truncated in place', async () => {
    const journal = join(dir, 'events.jsonl');
    writeFileSync(journal, log('old-1') + log('old-2') + log('old-3'));
    start([journal]);
    await waitForMessages(['old-1', 'old-2', 'old-3']);
    truncateSync(journal, 0);
    appendFileSync(journal, log('new-1'));
    await waitForMessages(['old-1', 'old-2', 'old-3', 'new-1']);
    expect(batches.at(-1)?.position.offset).toBe(Buffer.byteLength(log('new-1')));
  });

  it('finishes a rotated file, then follows the new one from its start', async () => {
    const journal = join(dir, 'events.jsonl');
    writeFileSync(journal, log('a1'));
    start([journal]);
    await waitForMessages(['a1']);
    const oldInode = batches.at(-1)?.position.ino;
    // All synchronous, so the tailer sees the rename, the late write and the new file together.
    appendFileSync(journal, log('a2'));
    renameSync(journal, `${journal}.1`);
    appendFileSync(`${journal}.1`, log('a3') + log('a4-unterminated').trimEnd());
    writeFileSync(journal, log('b1'));
    await waitForMessages(['a1', 'a2', 'a3', 'a4-unterminated', 'b1']);
    const last = batches.at(-1)?.position;
    expect(last?.ino).not.toBe(oldInode);
    expect(last?.offset).toBe(Buffer.byteLength(log('b1')));
  });

  it('keeps reading a renamed file until a new one appears', async () => {
    const journal = join(dir, 'events.jsonl');
    writeFileSync(journal, log('a1'));
    start([journal]);
    await waitForMessages(['a1']);
    renameSync(journal, `${journal}.1`);
    appendFileSync(`${journal}.1`, log('a2'));
    await waitForMessages(['a1', 'a2']);
    writeFileSync(journal, log('b1'));
    await waitForMessages(['a1', 'a2', 'b1']);
  });

  it('waits for a journal, and its directory, to appear', async () => {
    const journal = join(dir, 'later', 'events.jsonl');
    start([journal]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(tailer?.stats()).toMatchObject([{ journal, state: 'waiting', delivered: 0 }]);
    mkdirSync(join(dir, 'later'));
    writeFileSync(journal, log('hello'));
    await waitForMessages(['hello']);
    expect(tailer?.stats()).toMatchObject([{ state: 'following', delivered: 1 }]);
    expect(errors).toEqual([]);
  });

  it('counts bad lines with reasons while the good ones around them arrive', async () => {
    const journal = join(dir, 'events.jsonl');
    const huge = `{"v":1,"pad":"${'x'.repeat(2 * 1024 * 1024)}"}\n`;
    const parts = [
      log('g1'),
      '{"v":1, "type": \n',
      log('g2'),
      '{"v":1,"type":"agent_done","agent_id":"a","source":"demo","ts":1748779200000,"outcome":"exploded"}\n',
      log('g3'),
      huge,
      log('g4'),
    ];
    const badUtf8 = Buffer.concat([Buffer.from('{"v":1,"message":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    writeFileSync(journal, Buffer.concat([...parts.map((p) => Buffer.from(p)), badUtf8, Buffer.from(log('g5'))]));
    start([journal]);
    await waitForMessages(['g1', 'g2', 'g3', 'g4', 'g5']);

    const [stats] = tailer?.stats() ?? [];
    expect(stats?.rejected).toEqual({ malformed_json: 1, schema_violation: 1, oversize_line: 1, invalid_utf8: 1 });
    const offsetOf = (index: number): number => parts.slice(0, index).reduce((sum, p) => sum + Buffer.byteLength(p), 0);
    expect(stats?.recentRejections).toMatchObject([
      { reason: 'malformed_json', line: 2, offset: offsetOf(1), excerpt: '{"v":1, "type": ' },
      { reason: 'schema_violation', line: 4, offset: offsetOf(3), detail: expect.stringContaining('outcome:') },
      { reason: 'oversize_line', line: 6, offset: offsetOf(5), excerpt: expect.stringMatching(/^\{"v":1,"pad":"x+$/) },
      { reason: 'invalid_utf8', line: 8, offset: offsetOf(7) },
    ]);
    expect(stats?.recentRejections[2]?.excerpt.length).toBeLessThanOrEqual(120);
  });

  it('keeps only the most recent rejections', async () => {
    const journal = join(dir, 'events.jsonl');
    writeFileSync(journal, Array.from({ length: 30 }, (_, i) => `not json ${i}\n`).join(''));
    start([journal], { rejectionsKept: 5 });
    await waitFor(() => tailer?.stats()[0]?.rejected.malformed_json === 30, '30 rejections');
    expect(tailer?.stats()[0]?.recentRejections.map((r) => r.line)).toEqual([26, 27, 28, 29, 30]);
  });

  it('tails every *.jsonl in a directory, including ones created later', async () => {
    writeFileSync(join(dir, 'a.jsonl'), log('a'));
    writeFileSync(join(dir, 'notes.txt'), log('ignored'));
    start([dir], { pollIntervalMs: 60_000 });
    await waitForMessages(['a']);
    writeFileSync(join(dir, 'b.jsonl'), log('b'));
    await waitForMessages(['a', 'b']);
    expect(new Set(batches.map((b) => b.journal))).toEqual(new Set([join(dir, 'a.jsonl'), join(dir, 'b.jsonl')]));
  });

  it('rewinds and retries a batch the consumer failed to take', async () => {
    const journal = join(dir, 'events.jsonl');
    writeFileSync(journal, log('m1') + log('m2'));
    let failures = 1;
    start([journal], {
      onBatch: (batch) => {
        if (failures-- > 0) throw new Error('database is locked');
        batches.push(batch);
      },
    });
    await waitForMessages(['m1', 'm2']);
    appendFileSync(journal, log('m3'));
    await waitForMessages(['m1', 'm2', 'm3']);
    expect(errors).toMatchObject([{ message: 'database is locked' }]);
  });

  it('resumes from a saved position and ignores one that belongs to another file', async () => {
    const journal = join(dir, 'events.jsonl');
    writeFileSync(journal, log('seen') + log('unseen'));
    start([journal]);
    await waitForMessages(['seen', 'unseen']);
    const position = batches.at(-1)?.position;
    await tailer?.close();
    if (!position) throw new Error('no position');

    batches = [];
    offsets.save(journal, { ...position, offset: Buffer.byteLength(log('seen')) });
    start([journal]);
    await waitForMessages(['unseen']);
    expect(tailer?.stats()[0]?.recentRejections).toEqual([]);
    await tailer?.close();

    batches = [];
    offsets.save(journal, { ...position, ino: position.ino + 1 });
    start([journal]);
    await waitForMessages(['seen', 'unseen']);
  });

  it('releases its descriptors and delivers nothing after close', async () => {
    const journal = join(dir, 'events.jsonl');
    writeFileSync(journal, log('m1'));
    start([journal, dir]);
    await waitForMessages(['m1']);
    const openJournalFds = (): number =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
        } catch {
          return false;
        }
      }).length;
    expect(openJournalFds()).toBeGreaterThan(0);
    await tailer?.close();
    expect(openJournalFds()).toBe(0);
    appendFileSync(journal, log('m2'));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(messages()).toEqual(['m1']);
  });

  it('removes a source it was given by add, with every journal only that source brought in', async () => {
    const permanent = join(dir, 'events.jsonl');
    const folder = join(dir, 'more');
    mkdirSync(folder);
    writeFileSync(permanent, log('p1'));
    writeFileSync(join(folder, 'x.jsonl'), log('x1'));
    const tailing = start([permanent], { pollIntervalMs: 60_000 });
    tailing.add(folder);
    await waitForMessages(['p1', 'x1']);
    expect(tailing.stats().map(({ journal, source, removable }) => ({ journal, source, removable }))).toEqual([
      { journal: permanent, source: permanent, removable: false },
      { journal: join(folder, 'x.jsonl'), source: folder, removable: true },
    ]);

    expect(await tailing.remove(permanent)).toBe('permanent');
    expect(await tailing.remove(join(dir, 'never-added'))).toBe('unknown');
    expect(await tailing.remove(folder)).toBe('removed');
    expect(tailing.stats().map((s) => s.journal)).toEqual([permanent]);

    // Neither appends to its journals nor new files in the folder are read any more.
    appendFileSync(join(folder, 'x.jsonl'), log('x2'));
    writeFileSync(join(folder, 'y.jsonl'), log('y1'));
    appendFileSync(permanent, log('p2'));
    await waitForMessages(['p1', 'x1', 'p2']);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(messages()).toEqual(['p1', 'x1', 'p2']);
  });
});
