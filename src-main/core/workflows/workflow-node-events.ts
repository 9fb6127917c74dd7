import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { WorkflowLogLine } from '../../../src-shared/workflows/workflows-contract';
import type { WorkflowRunRecord } from './workflow-journal';

/** `EventIngest.ingestEvents`: the events, and journal writes committed in the same transaction. */
export type EmitEvents = (events: readonly OrreryEvent[], alongside?: () => void) => void;

const WORKFLOW_EVENT_SOURCE = 'workflow';

/** A workflow run's node in the graph; its agents are runs whose parent it is. */
export function workflowAgentId(runId: string): string {
  return `wf-${runId}`;
}

/**
 * A phase of a workflow run in the graph: a node under the workflow's, its agents branch from it.
 * It ends with the workflow (the fleet rules end an agent's children that never reported).
 */
export function workflowPhaseAgentId(runId: string, phase: string): string {
  return `${workflowAgentId(runId)}/phase:${phase}`;
}

export function workflowPhaseSpawnEvent(run: WorkflowRunRecord, phase: string, ts: number): OrreryEvent {
  return { v: 1, ts, agent_id: workflowPhaseAgentId(run.id, phase), parent_id: workflowAgentId(run.id), source: WORKFLOW_EVENT_SOURCE, type: 'agent_spawn', name: phase, details: { actionsBy: 'workflow-phase', workflowRunId: run.id } };
}

export interface Progress {
  cached: number;
  total: number;
}

function details(run: WorkflowRunRecord, progress: Progress): NonNullable<OrreryEvent['details']> {
  return { actionsBy: 'workflow', workflowRunId: run.id, phase: run.currentPhase ?? null, cached: `${progress.cached} / ${progress.total}` };
}

const base = (run: WorkflowRunRecord, ts: number) => ({ v: 1 as const, ts, agent_id: workflowAgentId(run.id), source: WORKFLOW_EVENT_SOURCE });

export function workflowSpawnEvent(run: WorkflowRunRecord, progress: Progress, ts: number): OrreryEvent {
  return { ...base(run, ts), type: 'agent_spawn', name: run.name, details: details(run, progress) };
}

export function workflowProgressEvent(run: WorkflowRunRecord, progress: Progress, ts: number): OrreryEvent {
  return { ...base(run, ts), type: 'status', status: 'running', details: details(run, progress) };
}

export function workflowLogEvent(run: WorkflowRunRecord, line: Omit<WorkflowLogLine, 'seq'>): OrreryEvent {
  return { ...base(run, line.ts), type: 'log', level: line.level, message: line.message };
}

export function workflowDoneEvent(run: WorkflowRunRecord, progress: Progress, ts: number): OrreryEvent {
  const error = run.error === undefined ? undefined : run.error.line === undefined ? run.error.message : `${run.error.message} (${run.error.file ?? run.scriptPath}:${run.error.line})`;
  return {
    ...base(run, ts),
    type: 'agent_done',
    outcome: run.outcome ?? 'error',
    ...(error !== undefined && { error }),
    details: details(run, progress),
  };
}
