// `command` profiles run any CLI: nothing in its output is structured, so its stdout is the
// transcript as it is and the run's events are the runs layer's own (spawn, done).
import type { AgentOutcome } from '../../../../src-shared/events/event-schema';
import type { AdapterStep, AgentOutputAdapter, RunFacts } from './agent-output-adapter';
import { noTokens } from './run-events';
import { StderrTranscript } from './stderr-transcript';
import { plainLine } from './transcript-format';

export class PlainOutputAdapter implements AgentOutputAdapter {
  readonly facts: RunFacts = { tokens: noTokens(), costUsd: 0, costEstimated: false };
  private readonly stderr = new StderrTranscript();

  stdoutLine(line: string): AdapterStep {
    return { events: [], transcript: plainLine(line) };
  }

  stderrText(text: string): AdapterStep {
    return { events: [], transcript: this.stderr.write(text) };
  }

  finish(_outcome: AgentOutcome, _reason?: string): AdapterStep {
    return { events: [], transcript: this.stderr.flush() };
  }
}
