import { FlowController } from './flow-control';
import type { FlowControlOptions, FlowWindow } from './flow-control';
import { ListenerSet } from '../util/listener-set';
import type { Dispose } from '../util/listener-set';
import { OutputBatcher } from './output-batcher';
import { RecentOutput } from './recent-output';
import { ScrollbackBuffer } from './scrollback-buffer';

export interface TerminalOutputOptions {
  scrollbackBytes?: number;
  /** Raw output kept for replay into a view that attaches later, in chars. */
  replayChars?: number;
  batchMs?: number;
  flow?: FlowControlOptions;
}

export interface TerminalOutputBatchEvent {
  data: string;
  /** Chars of output before this batch; a view dedupes replay and stream with it. */
  offset: number;
}

export interface ViewAttachment {
  /** Pass back to acknowledge and detach. */
  viewId: string;
  /** Recent raw output, escapes included, to write into a fresh terminal view. */
  replay: string;
  /** Output offset just past the replay: stream batches from here on are new to this view. */
  offset: number;
}

const DEFAULT_REPLAY_CHARS = 256 * 1024;
const DEFAULT_BATCH_MS = 5;
/**
 * A flood fills a 5 ms batch with ~200k chars. Sent whole, the view parses one batch while the
 * next is still being collected; cut at 64 KiB, several batches are in flight within the flow
 * control window, so the host collects while the view parses.
 */
const BATCH_MAX_CHARS = 64 * 1024;

/**
 * Everything a terminal derives from its output, whoever produces it (a pty, or Orrery writing a
 * run's transcript): 5 ms batches to listeners, the scrollback for search, the recent raw output
 * for replay, and flow control against the attached views.
 */
export class TerminalOutput {
  readonly scrollback: ScrollbackBuffer;
  private readonly recent: RecentOutput;
  private readonly batcher: OutputBatcher;
  private readonly flow: FlowController;
  private readonly listeners = new ListenerSet<TerminalOutputBatchEvent>();
  private emittedChars = 0;

  /** @param setPaused called when the views fall behind (true) and catch up (false). */
  constructor(options: TerminalOutputOptions, setPaused: (paused: boolean) => void) {
    this.scrollback = new ScrollbackBuffer(options.scrollbackBytes === undefined ? {} : { maxBytes: options.scrollbackBytes });
    this.recent = new RecentOutput(options.replayChars ?? DEFAULT_REPLAY_CHARS);
    this.batcher = new OutputBatcher(options.batchMs ?? DEFAULT_BATCH_MS, BATCH_MAX_CHARS, (data) => this.deliver(data));
    this.flow = new FlowController(options.flow ?? {}, setPaused);
  }

  get paused(): boolean {
    return this.flow.paused;
  }

  push(text: string): void {
    if (text !== '') this.batcher.push(text);
  }

  flush(): void {
    this.batcher.flush();
  }

  onBatch(listener: (batch: TerminalOutputBatchEvent) => void): Dispose {
    return this.listeners.add(listener);
  }

  /**
   * Registers a view for flow control, charged to `window` (its connection's) or to one of its own,
   * and hands it the replay; output from `offset` on streams to it.
   */
  attach(window?: FlowWindow): ViewAttachment {
    this.batcher.flush();
    return { viewId: this.flow.attachView(window), replay: this.recent.snapshot(), offset: this.emittedChars };
  }

  detach(viewId: string): void {
    this.flow.detachView(viewId);
  }

  /** The view has written `chars` more chars of output into its terminal. */
  acknowledge(viewId: string, chars: number): void {
    this.flow.acknowledge(viewId, chars);
  }

  /** Output ends: flushes what is pending and stops flow control (nothing can be paused any more). */
  close(): void {
    try {
      this.batcher.flush();
    } finally {
      this.flow.dispose();
      this.batcher.dispose();
    }
  }

  /** Stops holding the producer back: it must keep running (to notice signals) while it is killed. */
  release(): void {
    this.flow.dispose();
  }

  private deliver(data: string): void {
    this.scrollback.append(data);
    this.recent.push(data);
    const offset = this.emittedChars;
    this.emittedChars += data.length;
    this.flow.sent(data.length);
    this.listeners.emit({ data, offset });
  }
}
