import { describe, expect, it } from 'vitest';
import { OutputSequencer } from '../../../../src-renderer/src/terminals/output-sequencer';

describe('OutputSequencer', () => {
  it('writes the replay, then stream batches from the attach offset on, acknowledging only the stream', () => {
    const sequencer = new OutputSequencer();
    sequencer.beginAttach();
    expect(sequencer.attached('hello ', 6)).toEqual({ reset: false, gap: false, chunks: [{ data: 'hello ', ackChars: 0 }] });
    expect(sequencer.receive({ data: 'world', offset: 6 })).toEqual({ kind: 'write', chunk: { data: 'world', ackChars: 5 } });
    expect(sequencer.receive({ data: '!', offset: 11 })).toEqual({ kind: 'write', chunk: { data: '!', ackChars: 1 } });
  });

  it('holds batches that arrive before the attach answer and drops those the replay already covers', () => {
    const sequencer = new OutputSequencer();
    sequencer.beginAttach();
    expect(sequencer.receive({ data: 'abc', offset: 0 })).toEqual({ kind: 'skip' });
    expect(sequencer.receive({ data: 'def', offset: 3 })).toEqual({ kind: 'skip' });
    expect(sequencer.receive({ data: 'ghi', offset: 6 })).toEqual({ kind: 'skip' });
    // The host flushed everything up to 6 into the replay; 'ghi' came after the attach.
    const plan = sequencer.attached('abcdef', 6);
    expect(plan.reset).toBe(false);
    expect(plan.gap).toBe(false);
    expect(plan.chunks).toEqual([
      { data: 'abcdef', ackChars: 0 },
      { data: 'ghi', ackChars: 3 },
    ]);
  });

  it('slices a batch that overlaps what was already written', () => {
    const sequencer = new OutputSequencer();
    sequencer.beginAttach();
    sequencer.attached('0123', 4);
    expect(sequencer.receive({ data: '0123', offset: 0 })).toEqual({ kind: 'skip' });
    expect(sequencer.receive({ data: '2345', offset: 2 })).toEqual({ kind: 'write', chunk: { data: '45', ackChars: 2 } });
  });

  it('does not acknowledge the part of a batch that predates the attach', () => {
    const sequencer = new OutputSequencer();
    sequencer.beginAttach();
    sequencer.receive({ data: 'xxxyyy', offset: 0 });
    // Replay reaches only to 3: the held batch straddles the attach offset.
    expect(sequencer.attached('xxx', 3).chunks).toEqual([
      { data: 'xxx', ackChars: 0 },
      { data: 'yyy', ackChars: 3 },
    ]);
  });

  it('reports a gap so the view re-attaches instead of writing output with a hole', () => {
    const sequencer = new OutputSequencer();
    sequencer.beginAttach();
    sequencer.attached('ab', 2);
    expect(sequencer.receive({ data: 'zz', offset: 10 })).toEqual({ kind: 'gap' });
    // Until the next attach, batches are held rather than written.
    expect(sequencer.receive({ data: 'cd', offset: 2 })).toEqual({ kind: 'skip' });
  });

  it('reports a gap inside the held batches', () => {
    const sequencer = new OutputSequencer();
    sequencer.beginAttach();
    sequencer.receive({ data: 'late', offset: 50 });
    const plan = sequencer.attached('abc', 3);
    expect(plan.gap).toBe(true);
    expect(plan.chunks).toEqual([{ data: 'abc', ackChars: 0 }]);
  });

  it('after a reconnect writes only the part of the new replay the xterm has not seen', () => {
    const sequencer = new OutputSequencer();
    sequencer.beginAttach();
    sequencer.attached('hello', 5);
    sequencer.receive({ data: ' wor', offset: 5 });
    sequencer.beginAttach();
    // The host kept running meanwhile: its replay now spans offsets 3..14.
    expect(sequencer.attached('lo world!!', 13)).toEqual({ reset: false, gap: false, chunks: [{ data: 'ld!!', ackChars: 0 }] });
    expect(sequencer.receive({ data: '?', offset: 13 })).toEqual({ kind: 'write', chunk: { data: '?', ackChars: 1 } });
  });

  it('resets the xterm when the new replay starts after what it holds', () => {
    const sequencer = new OutputSequencer();
    sequencer.beginAttach();
    sequencer.attached('abc', 3);
    sequencer.beginAttach();
    expect(sequencer.attached('recent output', 1_000)).toEqual({ reset: true, gap: false, chunks: [{ data: 'recent output', ackChars: 0 }] });
  });

  it('writes nothing for an empty replay of a silent terminal', () => {
    const sequencer = new OutputSequencer();
    sequencer.beginAttach();
    expect(sequencer.attached('', 0)).toEqual({ reset: false, gap: false, chunks: [] });
  });
});
