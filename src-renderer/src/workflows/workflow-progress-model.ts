import type {
  WorkflowAgentInfo,
  WorkflowCallState,
  WorkflowChange,
  WorkflowLogLine,
  WorkflowRunDetail,
  WorkflowRunInfo,
} from '../../../src-shared/workflows/workflows-contract';
import { OUTCOME_COLOUR, STATUS_COLOUR } from '../state/status-colours';

/** Like the host's detail: the last lines of log() only. */
export const MAX_LOG_LINES = 1_000;

const ENDED_CALLS: ReadonlySet<WorkflowCallState> = new Set(['done', 'failed', 'cancelled', 'rejected', 'interrupted']);
export const isEndedCall = (state: WorkflowCallState): boolean => ENDED_CALLS.has(state);

const RUN_STEP = { running: 0, cancelling: 1, done: 2 } as const;

/** Later in its life than `than`: a newer attempt, or further on in the same one. */
function isNewerRun(run: WorkflowRunInfo, than: WorkflowRunInfo): boolean {
  if (run.attempts !== than.attempts) return run.attempts > than.attempts;
  return RUN_STEP[run.state] >= RUN_STEP[than.state];
}

const callStep = (state: WorkflowCallState): number => (isEndedCall(state) ? 2 : state === 'running' ? 1 : 0);

/** A call's picture never goes back (ended to running, running to queued): a change that overtook a `workflows.get` answer is older than it. */
function mergeAgent(agents: WorkflowAgentInfo[], agent: WorkflowAgentInfo): WorkflowAgentInfo[] {
  const index = agents.findIndex((known) => known.position === agent.position);
  if (index < 0) return [...agents, agent].sort((a, b) => a.position - b.position);
  const known = agents[index] as WorkflowAgentInfo;
  return callStep(agent.state) < callStep(known.state) ? agents : agents.with(index, agent);
}

function mergeLog(log: WorkflowLogLine[], line: WorkflowLogLine): WorkflowLogLine[] {
  if (log.some((known) => known.seq === line.seq)) return log;
  const next = [...log, line].sort((a, b) => a.seq - b.seq);
  return next.length > MAX_LOG_LINES ? next.slice(next.length - MAX_LOG_LINES) : next;
}

/**
 * One `workflows.changes` item folded into the panel's copy of a run. A resume starts a new
 * attempt whose calls are numbered from 0 again (the cached ones are sent again as they replay),
 * so the previous attempt's calls are dropped; the log runs on across attempts.
 */
export function applyWorkflowChange(detail: WorkflowRunDetail, change: WorkflowChange): WorkflowRunDetail {
  if (change.kind === 'run') {
    if (change.run.id !== detail.id || !isNewerRun(change.run, detail)) return detail;
    const { phases, agents, log } = detail;
    // Fields the run no longer has (a resumed run's old error and result) must not linger.
    return { ...change.run, phases, agents: change.run.attempts > detail.attempts ? [] : agents, log };
  }
  if (change.runId !== detail.id) return detail;
  if (change.kind === 'agent') return { ...detail, agents: mergeAgent(detail.agents, change.agent) };
  return { ...detail, log: mergeLog(detail.log, change.line) };
}

/** A fresh `workflows.get` answer over what the panel had: each part is merged as if it had been streamed. */
export function mergeDetail(current: WorkflowRunDetail | undefined, fetched: WorkflowRunDetail): WorkflowRunDetail {
  if (current === undefined || current.id !== fetched.id) return fetched;
  const { phases: _phases, agents, log, ...run } = fetched;
  let merged = applyWorkflowChange(current, { kind: 'run', run });
  if (fetched.attempts < merged.attempts) return merged;
  for (const agent of agents) merged = applyWorkflowChange(merged, { kind: 'agent', runId: fetched.id, agent });
  for (const line of log) merged = applyWorkflowChange(merged, { kind: 'log', runId: fetched.id, line });
  return { ...merged, phases: fetched.phases };
}

export interface PhaseGroup {
  /** "" for calls made outside any phase. */
  title: string;
  detail: string | undefined;
  agents: WorkflowAgentInfo[];
  ended: number;
  current: boolean;
}

/** The phases in the workflow's order (`meta.phases`, then those met on the way), each with its calls. */
export function phaseGroups(detail: Pick<WorkflowRunDetail, 'phases' | 'agents' | 'currentPhase'>): PhaseGroup[] {
  const groups = new Map<string, PhaseGroup>();
  const group = (title: string, phaseDetail?: string): PhaseGroup => {
    let found = groups.get(title);
    if (found === undefined) {
      found = { title, detail: phaseDetail, agents: [], ended: 0, current: title !== '' && title === detail.currentPhase };
      groups.set(title, found);
    }
    return found;
  };
  for (const phase of detail.phases) group(phase.title, phase.detail);
  for (const agent of detail.agents) {
    const into = group(agent.phase ?? '');
    into.agents.push(agent);
    if (isEndedCall(agent.state)) into.ended++;
  }
  // A phase the meta did not name and no call has reached yet ("" included) is noise.
  return [...groups.values()].filter((g) => g.agents.length > 0 || detail.phases.some((p) => p.title === g.title) || g.current);
}

export interface RunSummary {
  /** "running", "cancelling…", or the outcome: "success", "cancelled". */
  state: string;
  colour: string;
  /** "3 / 5 cached" once a run has been resumed; undefined for a first attempt. */
  cached: string | undefined;
  /** "5 agents · 2 running · 1 failed". */
  calls: string;
  canCancel: boolean;
  /** Why Resume cannot be pressed, or undefined when it can. */
  resumeBlocked: string | undefined;
}

const plural = (n: number, one: string): string => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;

export function runSummary(run: WorkflowRunInfo): RunSummary {
  const state = run.state === 'done' ? (run.outcome ?? 'done') : run.state === 'cancelling' ? 'cancelling…' : 'running';
  const colour = run.state === 'done' ? (run.outcome === undefined ? STATUS_COLOUR.idle : OUTCOME_COLOUR[run.outcome]) : run.state === 'cancelling' ? STATUS_COLOUR.waiting : STATUS_COLOUR.running;
  const calls = [plural(run.totalCalls, 'agent')];
  if (run.runningCount > 0) calls.push(`${run.runningCount.toLocaleString('en')} running`);
  if (run.failedCount > 0) calls.push(`${run.failedCount.toLocaleString('en')} failed`);
  return {
    state,
    colour,
    cached: run.attempts > 1 ? `${run.cachedCount.toLocaleString('en')} / ${run.totalCalls.toLocaleString('en')} cached` : undefined,
    calls: calls.join(' · '),
    canCancel: run.state === 'running',
    resumeBlocked: resumeBlocked(run),
  };
}

function resumeBlocked(run: WorkflowRunInfo): string | undefined {
  if (run.state !== 'done') return 'It is still running; cancel it first, or wait until it ends.';
  if (run.outcome === 'success') return 'It succeeded; there is nothing to resume.';
  return undefined;
}

/** "review: bugs", else the prompt's start. */
export function agentTitle(agent: Pick<WorkflowAgentInfo, 'label' | 'promptPreview' | 'position'>): string {
  return agent.label ?? (agent.promptPreview.trim() || `agent ${agent.position + 1}`);
}

/** How long a call took, or has been running at `now`; undefined before it started and for cached calls, which did not run. */
export function agentDurationMs(agent: Pick<WorkflowAgentInfo, 'durationMs' | 'startedAt' | 'state' | 'cached'>, now: number): number | undefined {
  if (agent.cached) return undefined;
  if (agent.durationMs !== undefined) return agent.durationMs;
  return agent.state === 'running' && agent.startedAt !== undefined ? Math.max(0, now - agent.startedAt) : undefined;
}

/** Where a script error was thrown, "review-changes.js:42", when the host knows. */
export function errorPlace(run: Pick<WorkflowRunInfo, 'error' | 'scriptPath'>): string | undefined {
  const error = run.error;
  if (error?.line === undefined) return error?.file;
  return `${error.file ?? run.scriptPath}:${error.line}`;
}
