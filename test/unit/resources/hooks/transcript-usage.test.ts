// Transcript lines below have the shape Claude Code 2.1.332 writes (seen in the transcripts of the
// real CLI run against the scripted model): one line per content block, each line of a message
// repeating its id, model and usage.
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newCursor, newestModel, READ_BUDGET_BYTES, readNewUsage, TAIL_BYTES } from '../../../../resources/hooks/transcript-usage.mjs';

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0): Usage => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_input_tokens: cacheRead,
  cache_creation_input_tokens: cacheWrite,
});

function assistantLine(id: string, model: string, tokens: Usage, options: { text?: string; sidechain?: boolean } = {}): string {
  const message = { id, type: 'message', role: 'assistant', model, stop_sequence: null, content: [{ type: 'text', text: options.text ?? 'ok' }], stop_reason: 'end_turn', usage: { ...tokens, service_tier: 'standard' } };
  return `${JSON.stringify({ parentUuid: 'p', isSidechain: options.sidechain ?? false, message, type: 'assistant', uuid: `u-${id}`, sessionId: 's' })}\n`;
}

function userLine(text: string): string {
  return `${JSON.stringify({ parentUuid: 'p', isSidechain: false, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: text }] }, type: 'user' })}\n`;
}

let dir: string;
let transcript: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orrery-transcript-'));
  transcript = join(dir, 'session.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (cursor = newCursor(transcript, 'start'), budget = READ_BUDGET_BYTES, sidechain = false) => readNewUsage(cursor, budget, sidechain);

describe('readNewUsage', () => {
  it('sums the usage of new assistant messages per model, counting each message id once', () => {
    writeFileSync(
      transcript,
      [
        userLine('prompt'),
        assistantLine('msg_1', 'claude-opus-4-5', usage(100, 20, 5, 7), { text: 'Running it.' }),
        assistantLine('msg_1', 'claude-opus-4-5', usage(100, 20, 5, 7), { text: 'tool_use block' }),
        userLine('tool output'),
        assistantLine('msg_2', 'claude-haiku-4-5', usage(10, 2)),
        assistantLine('msg_3', 'claude-opus-4-5', usage(1, 1, 1, 1)),
      ].join(''),
    );
    const result = read();
    expect(result.usage).toEqual([
      { model: 'claude-opus-4-5', tokensIn: 101, tokensOut: 21, cacheRead: 6, cacheWrite: 8 },
      { model: 'claude-haiku-4-5', tokensIn: 10, tokensOut: 2, cacheRead: 0, cacheWrite: 0 },
    ]);
    expect(result.model).toBe('claude-opus-4-5');
  });

  it('reads only what was appended since the previous call', () => {
    writeFileSync(transcript, assistantLine('msg_1', 'claude-opus-4-5', usage(100, 20)));
    const first = read();
    expect(read(first.cursor).usage).toEqual([]);
    appendFileSync(transcript, assistantLine('msg_2', 'claude-opus-4-5', usage(3, 4)));
    const second = read(first.cursor);
    expect(second.usage).toEqual([{ model: 'claude-opus-4-5', tokensIn: 3, tokensOut: 4, cacheRead: 0, cacheWrite: 0 }]);
    expect(second.bytesRead).toBe(assistantLine('msg_2', 'claude-opus-4-5', usage(3, 4)).length);
  });

  it('a message whose lines straddle two calls counts once; a later line reporting more adds the difference', () => {
    writeFileSync(transcript, assistantLine('msg_1', 'claude-opus-4-5', usage(100, 1)));
    const first = read();
    appendFileSync(transcript, assistantLine('msg_1', 'claude-opus-4-5', usage(100, 1)) + assistantLine('msg_1', 'claude-opus-4-5', usage(100, 30)));
    expect(read(first.cursor).usage).toEqual([{ model: 'claude-opus-4-5', tokensIn: 0, tokensOut: 29, cacheRead: 0, cacheWrite: 0 }]);
  });

  it('leaves a line still being written for the next call', () => {
    const line = assistantLine('msg_1', 'claude-opus-4-5', usage(5, 5));
    writeFileSync(transcript, line.slice(0, 40));
    const first = read();
    expect(first.usage).toEqual([]);
    expect(first.cursor.offset).toBe(0);
    appendFileSync(transcript, line.slice(40));
    expect(read(first.cursor).usage).toEqual([{ model: 'claude-opus-4-5', tokensIn: 5, tokensOut: 5, cacheRead: 0, cacheWrite: 0 }]);
  });

  it('never reads more than its budget, and catches up over later calls', () => {
    const lines = Array.from({ length: 50 }, (_, index) => assistantLine(`msg_${index}`, 'claude-opus-4-5', usage(1, 1), { text: 'x'.repeat(500) }));
    writeFileSync(transcript, lines.join(''));
    let cursor = newCursor(transcript, 'start');
    let total = 0;
    let calls = 0;
    for (; calls < 100 && total < 50; calls++) {
      const result = read(cursor, 4096);
      expect(result.bytesRead).toBeLessThanOrEqual(4096);
      total += result.usage.reduce((sum, entry) => sum + entry.tokensIn, 0);
      cursor = result.cursor;
    }
    expect(total).toBe(50);
    expect(calls).toBeGreaterThan(5);
  });

  it('skips a line longer than the whole budget (a huge tool result) and counts what follows', () => {
    writeFileSync(transcript, userLine('y'.repeat(READ_BUDGET_BYTES + 10_000)) + assistantLine('msg_after', 'claude-opus-4-5', usage(7, 8)));
    let cursor = newCursor(transcript, 'start');
    const counted: number[] = [];
    for (let call = 0; call < 4; call++) {
      const result = read(cursor);
      expect(result.bytesRead).toBeLessThanOrEqual(READ_BUDGET_BYTES);
      counted.push(...result.usage.map((entry) => entry.tokensOut));
      cursor = result.cursor;
    }
    expect(counted).toEqual([8]);
  });

  it("counts only the transcript owner's lines: the session's in a session transcript, the subagent's in its own", () => {
    writeFileSync(transcript, assistantLine('msg_main', 'claude-opus-4-5', usage(1, 1)) + assistantLine('msg_side', 'claude-haiku-4-5', usage(2, 2), { sidechain: true }));
    expect(read().usage.map((entry) => entry.model)).toEqual(['claude-opus-4-5']);
    expect(read(undefined, READ_BUDGET_BYTES, true).usage.map((entry) => entry.model)).toEqual(['claude-haiku-4-5']);
  });

  it('ignores the <synthetic> messages an API error leaves, and lines that are not JSON', () => {
    writeFileSync(transcript, `{"role":"assistant" broken\n${assistantLine('msg_err', '<synthetic>', usage(0, 0))}`);
    const result = read();
    expect(result).toMatchObject({ usage: [], model: undefined });
    expect(result.cursor.offset).toBeGreaterThan(0);
  });

  it('a transcript that does not exist yet is read from its start once it does', () => {
    const cursor = newCursor(transcript, 'end');
    expect(read(cursor)).toMatchObject({ usage: [], bytesRead: 0 });
    writeFileSync(transcript, assistantLine('msg_1', 'claude-opus-4-5', usage(1, 2)));
    expect(read(cursor).usage).toHaveLength(1);
  });

  it("a cursor from the end skips history: a resumed session's earlier tokens are not this run's", () => {
    writeFileSync(transcript, assistantLine('msg_old', 'claude-opus-4-5', usage(1000, 1000)));
    const cursor = newCursor(transcript, 'end');
    appendFileSync(transcript, assistantLine('msg_new', 'claude-opus-4-5', usage(1, 2)));
    expect(read(cursor).usage).toEqual([{ model: 'claude-opus-4-5', tokensIn: 1, tokensOut: 2, cacheRead: 0, cacheWrite: 0 }]);
  });

  it('a file that shrank is followed from its new end, not re-counted', () => {
    writeFileSync(transcript, assistantLine('msg_1', 'claude-opus-4-5', usage(1, 2)).repeat(3));
    const first = read();
    truncateSync(transcript, 10);
    const second = read(first.cursor);
    expect(second.usage).toEqual([]);
    expect(second.cursor.offset).toBe(10);
  });
});

describe('newestModel', () => {
  it("is the newest assistant message's model, found in the file's tail", () => {
    writeFileSync(transcript, assistantLine('msg_1', 'claude-sonnet-4-5', usage(1, 1)) + assistantLine('msg_2', 'claude-opus-4-5', usage(1, 1)) + userLine('result') + assistantLine('msg_3', '<synthetic>', usage(0, 0)));
    expect(newestModel(transcript)).toBe('claude-opus-4-5');
  });

  it('reads only the tail: a model further back than the tail is not found', () => {
    writeFileSync(transcript, assistantLine('msg_1', 'claude-sonnet-4-5', usage(1, 1)) + userLine('z'.repeat(TAIL_BYTES)));
    expect(newestModel(transcript)).toBeUndefined();
    appendFileSync(transcript, assistantLine('msg_2', 'claude-haiku-4-5', usage(1, 1)));
    expect(newestModel(transcript)).toBe('claude-haiku-4-5');
  });

  it('is undefined for a missing or empty transcript', () => {
    expect(newestModel(join(dir, 'missing.jsonl'))).toBeUndefined();
    writeFileSync(transcript, '');
    expect(newestModel(transcript)).toBeUndefined();
  });
});
