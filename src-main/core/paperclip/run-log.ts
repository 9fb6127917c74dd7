import type { AgentOutcome, OrreryEventInput } from '../../../src-shared/events/event-schema';
import type { AdapterContext, AdapterStep, AgentOutputAdapter } from '../runs/adapters/agent-output-adapter';
import type { ProfileKind } from '../../../src-shared/runs/runs-contract';
import { CRLF, dim, notice } from '../runs/adapters/transcript-format';
import type { TerminalExit } from '../terminals/terminal-session';
import { AcpxAdapter, EngineRoutingAdapter } from './acpx-adapter';
import { CoalescingTask } from './coalescing-task';
import { LogPager } from './log-pager';
import { PaperclipError } from './paperclip-errors';
import { LogChunkWire } from './paperclip-wire';
import type { LogPageWire } from './paperclip-wire';

/** The writer's end of a transcript terminal (TerminalManager.createTranscript). */
export interface TranscriptSink {
  readonly info: { id: string };
  write(text: string): void;
  end(exit?: TerminalExit): void;
}

export interface TranscriptTerminals {
  createTranscript(request: { name: string; command?: string }): TranscriptSink;
}

export type AdapterFactory = (kind: ProfileKind, context: AdapterContext) => AgentOutputAdapter;

/** Claude Code's and Codex's adapters print those CLIs' own JSON: the runs layer reads it. */
export function adapterKindOf(adapterType: string | undefined): ProfileKind {
  if (adapterType === 'claude_local') return 'claude';
  if (adapterType === 'codex_local') return 'codex';
  return 'command';
}

export interface RunLogOptions {
  runId: string;
  /** The graph node of the run's agent: the adapter's events are about it. */
  nodeId: string;
  adapterType: string | undefined;
  name: string;
  terminals: TranscriptTerminals;
  createAdapter: AdapterFactory;
  fetchPage(offset: number, limitBytes: number): Promise<LogPageWire>;
  /** Bytes asked for per page (LogPager's default otherwise). */
  pageBytes?: number;
  /** Chunks up to this seq already had their events ingested (before a restart). */
  eventsThrough: number;
  /** Ingests a chunk's events together with the new cursor, in one transaction. */
  commitEvents(events: OrreryEventInput[], throughSeq: number): void;
  now: () => number;
  onError(error: unknown): void;
}

/**
 * One Paperclip run's log as a transcript terminal. The log is read by byte offset (LogPager), so
 * a poke per live-event `heartbeat.run.log`, per poll or per refresh all read the same lines once.
 * The chunks go through the runs layer's adapter for the run's kind: plain text with stderr marked
 * for `process` agents, and for Claude Code and Codex agents their JSON as a readable transcript
 * whose tool calls become the agent's tool calls in the graph. After a restart the transcript is
 * rebuilt from the start while events flow only for chunks past `eventsThrough`.
 */
export class RunLog {
  readonly transcript: TranscriptSink;
  private readonly pager: LogPager;
  private readonly adapter: AgentOutputAdapter;
  private eventsThrough: number;
  private lastSeq = 0;
  private stdoutPartial = '';
  private ended = false;
  private readonly reader = new CoalescingTask(
    () => this.readOnce(),
    () => !this.ended,
  );

  private readonly options: RunLogOptions;

  constructor(options: RunLogOptions) {
    this.options = options;
    this.transcript = options.terminals.createTranscript({ name: options.name, command: `paperclip ${options.adapterType ?? 'run'}` });
    this.pager = new LogPager({ fetchPage: options.fetchPage, ...(options.pageBytes !== undefined && { pageBytes: options.pageBytes }) });
    this.eventsThrough = options.eventsThrough;
    const context = { runId: options.runId, agentId: options.nodeId, source: 'paperclip', terminalId: this.transcript.info.id, now: options.now };
    const kind = adapterKindOf(options.adapterType);
    this.adapter = kind === 'command' ? options.createAdapter(kind, context) : new EngineRoutingAdapter(options.createAdapter(kind, context), new AcpxAdapter(context));
  }

  get terminalId(): string {
    return this.transcript.info.id;
  }

  /** New lines may be there: read them (one read at a time; a poke during a read reads again after it). */
  poke(): Promise<void> {
    return this.ended ? Promise.resolve() : this.reader.run();
  }

  /** The run ended: read what is left, close what the CLI left open, and close the tab with its outcome. */
  async finish(outcome: AgentOutcome, status: string, reason: string | undefined, exit: TerminalExit): Promise<void> {
    if (this.ended) return;
    await this.poke().catch((error: unknown) => this.options.onError(error));
    this.ended = true;
    const steps: AdapterStep[] = [];
    if (this.stdoutPartial.trim() !== '') steps.push(this.adapter.stdoutLine(this.stdoutPartial));
    this.stdoutPartial = '';
    steps.push(this.adapter.finish(outcome, reason));
    this.absorb(steps, 'final');
    this.transcript.write(outcome === 'success' ? dim(`■ ${status}`) + CRLF : notice(outcome === 'cancelled' || outcome === 'interrupted' ? 'warn' : 'error', reason ? `${status}: ${reason}` : status));
    this.transcript.end(exit);
  }

  /** Orrery stops watching (quit, instance removed): the tab ends without claiming an outcome. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.transcript.end({ exitCode: null, signal: null });
  }

  private async readOnce(): Promise<void> {
    try {
      await this.pager.drain((line) => this.line(line));
    } catch (error) {
      // A queued run has no log yet: Paperclip answers 404 until its process writes.
      if (!(error instanceof PaperclipError && error.status === 404)) this.options.onError(error);
    }
  }

  private line(line: string): void {
    let chunk: LogChunkWire;
    try {
      chunk = LogChunkWire.parse(JSON.parse(line));
    } catch {
      this.transcript.write(notice('warn', `unreadable log line: ${line.slice(0, 120)}`));
      return;
    }
    // Paperclip numbers a run's chunks; one seen already (a read that overlapped) is skipped.
    if (chunk.seq <= this.lastSeq) return;
    this.lastSeq = chunk.seq;
    const steps: AdapterStep[] = [];
    if (chunk.stream === 'stderr') {
      steps.push(this.adapter.stderrText(chunk.chunk));
    } else {
      const lines = (this.stdoutPartial + chunk.chunk).split('\n');
      this.stdoutPartial = lines.pop() ?? '';
      for (const text of lines) if (text.trim() !== '') steps.push(this.adapter.stdoutLine(text.replace(/\r$/, '')));
    }
    this.absorb(steps, chunk.seq);
  }

  /** `final`: the adapter's closing steps, which no restart replays. */
  private absorb(steps: readonly AdapterStep[], seq: number | 'final'): void {
    let text = '';
    for (const step of steps) text += step.transcript;
    if (text !== '') this.transcript.write(text);
    // The run's own life (spawn, status, end) is the watcher's; the adapter adds tools, usage, subagents.
    const events = steps
      .flatMap((step) => step.events)
      .filter((event) => event.agent_id !== this.options.nodeId || (event.type !== 'agent_spawn' && event.type !== 'agent_done' && event.type !== 'status'))
      // `run_id` names an Orrery run; a Paperclip run is not one (its id is in the agent's details).
      .map(({ run_id: _paperclipRun, ...event }) => event as OrreryEventInput);
    if (events.length === 0) return;
    // Replaying from the start after a restart: these chunks' events are in the store already.
    if (seq !== 'final' && seq <= this.eventsThrough) return;
    if (seq !== 'final') this.eventsThrough = seq;
    this.options.commitEvents(events, this.eventsThrough);
  }

}
