import type { AgentOutcome, AgentStatus } from '../../../src-shared/events/event-schema';
import type { PaperclipState } from '../../../src-shared/paperclip/paperclip-contract';
import type { CompanyModel } from './company-model';
import { isLiveRun } from './company-model';
import { agentNodeId, companyNodeId } from './instance-url';
import type { AgentWire, RunWire } from './paperclip-wire';
import type { NodeEnding } from './view-diff';

export type DetailValue = string | number | boolean;

/** What one graph node shows: the events that made it are the diffs between successive views. */
export interface NodeView {
  kind: 'company' | 'agent';
  parentId?: string;
  name: string;
  /** The adapter type (`process`, `claude_local`, …), shown where a model would be. */
  model?: string;
  status: AgentStatus;
  /** The Paperclip run shown; a paused or errored agent is shown without one. */
  runId?: string;
  /** When the run started (or was queued), epoch ms: a run seen mid-way keeps its real runtime. */
  since?: number;
  terminalId?: string;
  details: Record<string, DetailValue>;
}

export interface ProjectionContext {
  instanceUrl: string;
  hash: string;
  connection: PaperclipState;
  connectionReason: string | undefined;
  /** A status message Orrery sets while it acts (e.g. "stopping…"), by Paperclip agent id. */
  statusOverrides: ReadonlyMap<string, string>;
  /** The transcript terminal of a run, once it has one. */
  terminalOf(runId: string): string | undefined;
}

/** Details values are capped by the event schema. */
const MAX_DETAIL_CHARS = 2000;

/**
 * The nodes a company should show now: itself, and each agent that has a live run or is paused or
 * in error (those stay visible with their reason). An agent with several live runs shows the
 * running one, else the oldest queued.
 */
export function projectCompany(company: CompanyModel, context: ProjectionContext): Map<string, NodeView> {
  const views = new Map<string, NodeView>();
  const companyNode = companyNodeId(context.hash, company.id);
  const liveByAgent = new Map<string, RunWire>();
  for (const run of company.runs.values()) {
    if (!isLiveRun(run)) continue;
    const current = liveByAgent.get(run.agentId);
    if (current === undefined || rank(run) < rank(current)) liveByAgent.set(run.agentId, run);
  }
  let anyRunning = false;
  const agentViews: [string, NodeView][] = [];
  const agentIds = new Set([...company.agents.keys(), ...liveByAgent.keys()]);
  for (const agentId of agentIds) {
    const agent = company.agents.get(agentId);
    const run = liveByAgent.get(agentId);
    if (run === undefined && agent?.status !== 'paused' && agent?.status !== 'error') continue;
    if (run?.status === 'running') anyRunning = true;
    agentViews.push([agentNodeId(context.hash, agentId), agentView(company, companyNode, agentId, agent, run, context)]);
  }
  views.set(companyNode, {
    kind: 'company',
    name: company.name,
    status: anyRunning ? 'running' : 'idle',
    details: compact({
      actionsBy: 'paperclip',
      paperclipInstance: context.instanceUrl,
      paperclipCompanyId: company.id,
      connection: context.connection,
      connectionReason: context.connection === 'connected' ? undefined : context.connectionReason,
    }),
  });
  for (const [id, view] of agentViews) views.set(id, view);
  return views;
}

/** Running first, then queued by age. */
function rank(run: RunWire): string {
  return `${run.status === 'running' ? 0 : 1}${run.createdAt ?? run.startedAt ?? ''}`;
}

function agentView(company: CompanyModel, parentId: string, agentId: string, agent: AgentWire | undefined, run: RunWire | undefined, context: ProjectionContext): NodeView {
  const reason = agent?.status === 'paused' ? agent.pauseReason : agent?.status === 'error' ? agent.errorReason : undefined;
  const issue = run?.issueId ? company.issues.get(run.issueId) : undefined;
  const terminalId = run === undefined ? undefined : context.terminalOf(run.id);
  const model = agent?.adapterType ?? run?.adapterType ?? undefined;
  const since = epoch(run?.startedAt ?? run?.createdAt);
  return {
    kind: 'agent',
    parentId,
    name: agent?.name ?? run?.agentName ?? agentId,
    ...(model != null && { model }),
    status: run !== undefined ? (run.status === 'running' ? 'running' : 'queued') : agent?.status === 'paused' ? 'paused' : 'error',
    ...(run !== undefined && { runId: run.id }),
    ...(since !== undefined && { since }),
    ...(terminalId !== undefined && { terminalId }),
    details: compact({
      actionsBy: 'paperclip',
      paperclipInstance: context.instanceUrl,
      paperclipCompanyId: company.id,
      paperclipAgentId: agentId,
      paperclipRunId: run?.id,
      issue: run?.issueId ? issueLabel(run.issueId, issue?.identifier, issue?.title) : undefined,
      invocationSource: run?.invocationSource,
      phase: run?.execution?.label ?? run?.execution?.phase,
      attempt: run?.execution?.attempt,
      maxAttempts: run?.execution?.maxAttempts,
      statusMessage: context.statusOverrides.get(agentId) ?? run?.currentStatusMessage,
      currentTool: run?.currentToolName,
      outputSilence: epoch(run?.outputSilence?.silenceStartedAt),
      outputSilenceLevel: run?.outputSilence?.level,
      spentMonthlyUsd: cents(agent?.spentMonthlyCents),
      budgetMonthlyUsd: cents(agent?.budgetMonthlyCents),
      agentState: agent?.status,
      agentStateReason: reason,
    }),
  };
}

/** A timeout is an error here, as Paperclip counts it: the agent is left in error with that reason. */
const RUN_OUTCOMES: Record<string, AgentOutcome> = {
  succeeded: 'success',
  failed: 'error',
  timed_out: 'error',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};

/** How an ended run ends in the graph: its outcome, Paperclip's reason unless it succeeded, its finish time. */
export function endingOfRun(run: RunWire, now: number): NodeEnding {
  const outcome = RUN_OUTCOMES[run.status] ?? 'error';
  const finished = epoch(run.finishedAt);
  const error = outcome === 'success' ? undefined : (run.error ?? run.status);
  return { outcome, ...(error !== undefined && { error }), ts: finished === undefined ? now : Math.min(finished, now) };
}

function issueLabel(id: string, identifier: string | null | undefined, title: string | null | undefined): string {
  const name = identifier ?? id;
  return title ? `${name} ${title}` : name;
}

function epoch(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

function cents(value: number | null | undefined): number | undefined {
  return value == null ? undefined : Math.round(value) / 100;
}

/** Drops absent values (the diff turns a key that disappears into `null`) and caps strings. */
function compact(fields: Record<string, DetailValue | null | undefined>): Record<string, DetailValue> {
  const out: Record<string, DetailValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue;
    out[key] = typeof value === 'string' && value.length > MAX_DETAIL_CHARS ? `${value.slice(0, MAX_DETAIL_CHARS - 1)}…` : value;
  }
  return out;
}
