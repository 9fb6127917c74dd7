/** A piece of output to write into the xterm, and how many of its chars to acknowledge afterwards. */
export interface OutputChunk {
  data: string;
  /** Zero for replay: the host counts only stream batches sent after attaching against a view. */
  ackChars: number;
}

export interface AttachPlan {
  /** The xterm holds output that cannot be continued from the replay: clear it first. */
  reset: boolean;
  chunks: OutputChunk[];
  /** The held batches skip past what the replay covers: attach again once these chunks are written. */
  gap: boolean;
}

export type ReceiveResult = { kind: 'write'; chunk: OutputChunk } | { kind: 'skip' } | { kind: 'gap' };

interface StreamItem {
  data: string;
  offset: number;
}

/**
 * Puts one terminal's output into the xterm exactly once and in order. Output has absolute char
 * offsets, so the replay handed out by `attach` and the stream batches (which may arrive before
 * the attach answer, or overlap the replay) can be stitched together; after a reconnect only the
 * part of the new replay the xterm has not seen yet is written, so the pane does not flicker.
 */
export class OutputSequencer {
  /** Offset just past the last char written into the xterm; undefined while it is blank. */
  private written: number | undefined;
  /** Stream batches from this offset on were counted against the current view. */
  private attachOffset = 0;
  private live = false;
  private queue: StreamItem[] = [];

  /** An attach request is on its way: hold stream batches until its answer says where to start. */
  beginAttach(): void {
    this.live = false;
    this.queue = [];
  }

  /** The attach answer arrived: what to write now, in order (replay first, then held batches). */
  attached(replay: string, offset: number): AttachPlan {
    const replayStart = offset - replay.length;
    const written = this.written;
    const continues = written !== undefined && written >= replayStart && written <= offset;
    const chunks: OutputChunk[] = [];
    const rest = continues ? replay.slice(written - replayStart) : replay;
    if (rest !== '') chunks.push({ data: rest, ackChars: 0 });
    this.written = offset;
    this.attachOffset = offset;
    this.live = true;
    const held = this.queue;
    this.queue = [];
    let gap = false;
    for (const item of held) {
      const result = this.receive(item);
      if (result.kind === 'write') chunks.push(result.chunk);
      gap = result.kind === 'gap';
      if (gap) break;
    }
    return { reset: written !== undefined && !continues, chunks, gap };
  }

  /** A stream batch: the new part of it, nothing if already written, or a gap that needs a re-attach. */
  receive(item: StreamItem): ReceiveResult {
    if (!this.live) {
      this.queue.push(item);
      return { kind: 'skip' };
    }
    const written = this.written ?? 0;
    const end = item.offset + item.data.length;
    if (end <= written) return { kind: 'skip' };
    if (item.offset > written) {
      this.live = false;
      return { kind: 'gap' };
    }
    this.written = end;
    const data = item.offset === written ? item.data : item.data.slice(written - item.offset);
    return { kind: 'write', chunk: { data, ackChars: Math.max(0, end - Math.max(written, this.attachOffset)) } };
  }
}
