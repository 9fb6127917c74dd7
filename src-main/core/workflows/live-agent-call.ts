import type { AgentCallOptions } from './agent-call-options';
import { readStructuredAnswer, schemaRetryNote } from './structured-answer';
import type { WorkflowAgentPort } from './workflow-agent-port';
import { addWorktree, nameKeptWorktree, releaseWorktree } from './worktree-isolation';
import type { Worktree } from './worktree-isolation';

export interface LiveCall {
  workflowRunId: string;
  position: number;
  prompt: string;
  options: AgentCallOptions;
  cwd: string;
  profileId: string;
  parentAgentId: string;
}

export interface LiveCallOutcome {
  state: 'done' | 'failed' | 'cancelled';
  /** What agent() resolves to, as JSON; set when done. */
  resultJson?: string;
  error?: string;
  tokensOut: number;
  runId?: string;
  attempts: number;
  worktreePath?: string;
}

/** A dead agent or an answer that does not match the schema gets one more try. */
const MAX_ATTEMPTS = 2;

/**
 * Runs one agent() call through the runs layer: in a fresh worktree if asked, retried once, its
 * answer checked against the schema. It never rejects; what went wrong is in the outcome.
 */
export async function runLiveCall(port: WorkflowAgentPort, call: LiveCall, signal: AbortSignal, onLaunched: (runId: string) => void): Promise<LiveCallOutcome> {
  let worktree: Worktree | undefined;
  if (call.options.isolation === 'worktree') {
    try {
      worktree = await addWorktree(call.cwd, `orrery/wf-${call.workflowRunId}-${call.position}`);
    } catch (error) {
      return { state: 'failed', error: (error as Error).message, tokensOut: 0, attempts: 0 };
    }
  }
  const outcome = await attempt(port, call, worktree?.cwd ?? call.cwd, signal, onLaunched);
  if (worktree === undefined) return outcome;
  let kept = true;
  try {
    ({ kept } = await releaseWorktree(worktree));
  } catch {
    // A worktree that cannot be inspected is kept: it may hold the agent's work.
  }
  if (!kept) return outcome;
  const named = outcome.resultJson === undefined ? outcome : { ...outcome, resultJson: JSON.stringify(nameKeptWorktree(JSON.parse(outcome.resultJson), worktree)) };
  return { ...named, worktreePath: worktree.root };
}

async function attempt(port: WorkflowAgentPort, call: LiveCall, cwd: string, signal: AbortSignal, onLaunched: (runId: string) => void): Promise<LiveCallOutcome> {
  const { options } = call;
  let prompt = call.prompt;
  let tokensOut = 0;
  let runId: string | undefined;
  let lastError = 'it did not run';
  let attempts = 0;
  while (attempts < MAX_ATTEMPTS) {
    if (signal.aborted) break;
    attempts++;
    let result;
    try {
      result = await port.runAgent(
        {
          workflowRunId: call.workflowRunId,
          position: call.position,
          prompt,
          cwd,
          profileId: call.profileId,
          parentAgentId: call.parentAgentId,
          ...(options.label !== undefined && { label: options.label }),
          ...(options.phase !== undefined && { phase: options.phase }),
          ...(options.schema !== undefined && { schema: options.schema }),
          ...(options.model !== undefined && { model: options.model }),
          ...(options.effort !== undefined && { effort: options.effort }),
          ...(options.agentType !== undefined && { agentType: options.agentType }),
        },
        signal,
        onLaunched,
      );
    } catch (error) {
      lastError = `the agent could not be started: ${error instanceof Error ? error.message : String(error)}`;
      continue;
    }
    tokensOut += Number.isFinite(result.tokensOut) ? Math.max(0, result.tokensOut) : 0;
    runId = result.runId;
    const facts = { tokensOut, attempts, ...(runId !== undefined && { runId }) };
    if (result.outcome === 'cancelled' || signal.aborted) return { state: 'cancelled', error: result.error ?? 'the agent was cancelled', ...facts };
    if (result.outcome !== 'success') {
      lastError = result.error ?? `the agent ended with outcome ${result.outcome}`;
      continue;
    }
    if (options.schema === undefined) return { state: 'done', resultJson: JSON.stringify(result.text ?? ''), ...facts };
    const answer = readStructuredAnswer(options.schema, result.structuredOutput, result.text);
    if (answer.ok) return { state: 'done', resultJson: JSON.stringify(answer.value), ...facts };
    lastError = `its answer did not match the schema: ${answer.problem}`;
    prompt = call.prompt + schemaRetryNote(answer.problem);
  }
  const facts = { tokensOut, attempts, ...(runId !== undefined && { runId }) };
  if (signal.aborted) return { state: 'cancelled', error: 'the workflow stopped', ...facts };
  return { state: 'failed', error: attempts > 1 ? `${lastError} (after ${attempts} attempts)` : lastError, ...facts };
}
