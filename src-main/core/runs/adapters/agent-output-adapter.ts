import type { AgentOutcome, OrreryEventInput } from '../../../../src-shared/events/event-schema';

/**
 * Turns an agent CLI's output into Orrery events and a readable transcript. One adapter per run
 * process; the runs layer feeds it every stdout line and stderr chunk and, when the process is
 * gone, asks it to close whatever the CLI left open.
 */
export interface AdapterContext {
  runId: string;
  /** The run's main agent; subagents get ids of their own under it. */
  agentId: string;
  /** Written into every event's `source`. */
  source: string;
  terminalId?: string;
  now: () => number;
}

export interface RunTokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** What the runs layer records about the run, as far as the output told so far. */
export interface RunFacts {
  sessionId?: string;
  model?: string;
  /** Cumulative for this process (main agent and subagents). */
  tokens: RunTokens;
  costUsd: number;
  costEstimated: boolean;
  turns?: number;
  resultText?: string;
  structuredOutput?: unknown;
  /** Set once the CLI reported how it ended (Claude: `result`; Codex: `turn.completed` / `turn.failed`). */
  reportedOutcome?: { outcome: AgentOutcome; subtype?: string; error?: string };
}

export interface AdapterStep {
  /** Ready for the ingest (`ts` as epoch ms, `v: 1`), in order. */
  events: OrreryEventInput[];
  /** Readable text with ANSI colours and `\r\n` line ends, for the run's terminal tab. */
  transcript: string;
}

export interface AgentOutputAdapter {
  readonly facts: RunFacts;
  stdoutLine(line: string): AdapterStep;
  stderrText(text: string): AdapterStep;
  /** The process is gone: end open tool calls and subagents with the run's outcome. */
  finish(outcome: AgentOutcome, reason?: string): AdapterStep;
}
