// What the Claude and Codex adapters share: one JSON object per stdout line (anything else is
// shown as it is, an object of a type the adapter does not know as a dim line), stderr marked,
// and at the end every tool call the CLI left open closed with the run's outcome.
import type { AgentOutcome } from '../../../../src-shared/events/event-schema';
import type { AdapterContext, AdapterStep, AgentOutputAdapter, RunFacts } from './agent-output-adapter';
import { parseJsonObject, type JsonObject } from './json-fields';
import { RunEvents } from './run-events';
import { StderrTranscript } from './stderr-transcript';
import { dimText, oneLine, plainLine } from './transcript-format';

export abstract class JsonLinesAdapter implements AgentOutputAdapter {
  abstract readonly facts: RunFacts;
  protected readonly ctx: AdapterContext;
  protected readonly events: RunEvents;
  private readonly stderr = new StderrTranscript();
  private finished = false;

  constructor(ctx: AdapterContext) {
    this.ctx = ctx;
    this.events = new RunEvents(ctx);
  }

  /** Maps one decoded line into `step`; false for a type it does not know. */
  protected abstract handle(message: JsonObject, step: AdapterStep): boolean;

  /** The process is gone and its open tool calls are closed: end whatever else it left open. */
  protected abstract endRun(outcome: AgentOutcome, reason: string | undefined, step: AdapterStep): void;

  stdoutLine(line: string): AdapterStep {
    const step: AdapterStep = { events: [], transcript: '' };
    if (line.trim() === '') return step;
    const message = parseJsonObject(line);
    if (message === undefined) step.transcript = plainLine(line);
    else if (!this.handle(message, step)) step.transcript = dimText(`${String(message.type ?? 'untyped')} ${oneLine(line, 160)}`);
    return step;
  }

  stderrText(text: string): AdapterStep {
    return { events: [], transcript: this.stderr.write(text) };
  }

  finish(outcome: AgentOutcome, reason?: string): AdapterStep {
    const step: AdapterStep = { events: [], transcript: this.stderr.flush() };
    if (this.finished) return step;
    this.finished = true;
    step.events.push(...this.events.closeOpenTools(reason ?? `the run ended (${outcome}) before the tool returned`));
    this.endRun(outcome, reason, step);
    return step;
  }
}
