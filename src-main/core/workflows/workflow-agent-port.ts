import type { AgentOutcome } from '../../../src-shared/events/event-schema';

/** One live attempt of one agent() call, as the workflow engine asks the runs layer for it. */
export interface WorkflowAgentCall {
  workflowRunId: string;
  /** The call's place in the run (0-based); a retry has the same position. */
  position: number;
  prompt: string;
  label?: string;
  phase?: string;
  /** A JSON Schema with an object root. Claude profiles pass it as `--json-schema`. */
  schema?: Record<string, unknown>;
  model?: string;
  effort?: string;
  /** The workflow's directory, or a fresh git worktree for `isolation: 'worktree'`. */
  cwd: string;
  profileId: string;
  /** The workflow's node in the graph (`wf-<id>`): the run is drawn as its branch. */
  parentAgentId: string;
  agentType?: string;
}

export interface WorkflowAgentResult {
  outcome: AgentOutcome;
  /** The final answer's text. */
  text?: string;
  /** With a schema, on profiles that validate it themselves (Claude's `structured_output`). */
  structuredOutput?: unknown;
  tokensOut: number;
  runId: string;
  error?: string;
}

/**
 * The one seam between the workflow engine and the runs layer. The engine never launches a
 * process itself: the lead's implementation launches a run (with `workflowRunId` and the parent
 * agent), waits for its end, and cancels it when `signal` aborts.
 */
export interface WorkflowAgentPort {
  /**
   * Resolves when the run has ended, whatever its outcome; it may reject only for a launch that
   * never happened (the engine treats that as a failed attempt). `onLaunched` names the run as soon
   * as it exists, so the progress can link a running call to its card.
   */
  runAgent(call: WorkflowAgentCall, signal: AbortSignal, onLaunched?: (runId: string) => void): Promise<WorkflowAgentResult>;
  /** The global limit on concurrent runs; a workflow never runs more agents at once than this. */
  maxConcurrentRuns(): number;
}
