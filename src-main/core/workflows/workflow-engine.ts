import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type {
  WorkflowAgentInfo,
  WorkflowChange,
  WorkflowEntry,
  WorkflowRunDetail,
  WorkflowRunInfo,
  WorkflowStartRequest,
} from '../../../src-shared/workflows/workflows-contract';
import { ListenerSet } from '../util/listener-set';
import type { Dispose } from '../util/listener-set';
import { workflowConcurrencyCap } from './concurrency-limiter';
import { DEFAULT_SANDBOX_LIMITS } from './sandbox-protocol';
import type { SandboxLimits } from './sandbox-protocol';
import { WorkflowCatalog } from './workflow-catalog';
import type { ResolvedWorkflow, WorkflowLocations } from './workflow-catalog';
import type { WorkflowAgentPort } from './workflow-agent-port';
import { agentInfo, WorkflowExecution } from './workflow-execution';
import { WorkflowJournal } from './workflow-journal';
import type { WorkflowCallRecord, WorkflowRunRecord } from './workflow-journal';
import { workflowAgentId, workflowDoneEvent, workflowSpawnEvent } from './workflow-node-events';
import type { EmitEvents } from './workflow-node-events';
import { loadSyntaxCheck } from './workflow-syntax-check';
import type { SyntaxCheck } from './workflow-syntax-check';

export interface WorkflowEngineOptions {
  db: Database;
  /** `EventIngest.ingestEvents`. */
  emit: EmitEvents;
  port: WorkflowAgentPort;
  locations: WorkflowLocations;
  /** Where project workflows are looked for and agents work, when a request names no cwd. */
  defaultCwd: string;
  defaultProfileId?: string;
  cpuCount?: number;
  limits?: SandboxLimits;
  maxCalls?: number;
  progressIntervalMs?: number;
  now?: () => number;
  newRunId?: () => string;
  syntaxCheck?: () => Promise<SyntaxCheck>;
}

/** A backstop against runaway loops, as in Claude Code. */
export const MAX_AGENT_CALLS = 1000;
const LOG_LINES_SHOWN = 1000;

class EngineError extends Error {
  readonly code: 'not_found' | 'failed_precondition';

  constructor(code: 'not_found' | 'failed_precondition', message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Every workflow run: started from the catalog, resumed from the journal, cancelled, and described
 * for the api. One execution per running run; a run that has ended lives in the journal only.
 */
export class WorkflowEngine {
  readonly catalog: WorkflowCatalog;
  private readonly options: WorkflowEngineOptions;
  private readonly journal: WorkflowJournal;
  private readonly executions = new Map<string, WorkflowExecution>();
  private readonly listeners = new ListenerSet<WorkflowChange>();
  private readonly now: () => number;
  private disposed = false;

  constructor(options: WorkflowEngineOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.journal = new WorkflowJournal(options.db);
    this.catalog = new WorkflowCatalog(options.locations, options.syntaxCheck ?? loadSyntaxCheck);
    this.endRunsOfPreviousProcess();
  }

  list(cwd?: string): Promise<WorkflowEntry[]> {
    return this.catalog.list(this.cwdOf(cwd));
  }

  async start(request: WorkflowStartRequest): Promise<WorkflowRunInfo> {
    const cwd = this.cwdOf(request.cwd);
    const workflow = await this.catalog.resolve(request.nameOrPath, cwd);
    const argsJson = request.args === undefined ? undefined : JSON.stringify(request.args);
    const run: WorkflowRunRecord = {
      id: (this.options.newRunId ?? newRunId)(),
      name: workflow.meta.name,
      description: workflow.meta.description,
      scriptPath: workflow.path,
      sourceKind: workflow.sourceKind,
      cwd,
      profileId: request.profileId ?? this.options.defaultProfileId ?? 'claude',
      ...(argsJson !== undefined && { argsJson }),
      budgetTokens: request.budgetTokens ?? null,
      spentTokens: 0,
      state: 'running',
      attempts: 1,
      callCount: 0,
      phases: workflow.meta.phases,
      startedAt: this.now(),
    };
    this.launch(run, workflow, []);
    return this.info(run.id);
  }

  /** Runs the script again from its file (edits count); the unchanged prefix of its calls comes from the journal. */
  async resume(runId: string, budgetTokens?: number): Promise<WorkflowRunInfo> {
    const previous = this.record(runId);
    if (this.executions.has(runId)) throw new EngineError('failed_precondition', `Workflow run ${runId} is still running; cancel it first, or wait until it ends`);
    const workflow = await this.catalog.resolve(previous.scriptPath, previous.cwd);
    const { outcome: _outcome, error: _error, resultJson: _result, endedAt: _ended, currentPhase: _phase, ...kept } = previous;
    const run: WorkflowRunRecord = {
      ...kept,
      name: workflow.meta.name,
      description: workflow.meta.description,
      phases: workflow.meta.phases,
      budgetTokens: budgetTokens ?? previous.budgetTokens,
      state: 'running',
      attempts: previous.attempts + 1,
    };
    this.launch(run, workflow, this.journal.calls(runId));
    return this.info(runId);
  }

  /** Idempotent; settles once the script has stopped and its agents have ended. */
  async cancel(runId: string): Promise<WorkflowRunInfo> {
    this.record(runId);
    await this.executions.get(runId)?.cancel();
    return this.info(runId);
  }

  /** Settles when the run is not running (at once if it is not). */
  async settled(runId: string): Promise<WorkflowRunInfo> {
    await this.executions.get(runId)?.finished;
    return this.info(runId);
  }

  isRunning(runId: string): boolean {
    return this.executions.has(runId);
  }

  runs(limit: number, activeOnly: boolean): WorkflowRunInfo[] {
    return this.journal.runs(limit, activeOnly).map((run) => this.infoOf(run));
  }

  info(runId: string): WorkflowRunInfo {
    return this.infoOf(this.record(runId));
  }

  get(runId: string): WorkflowRunDetail {
    const info = this.info(runId);
    const run = this.record(runId);
    const execution = this.executions.get(runId);
    const agents = execution !== undefined ? execution.agents() : this.latestCalls(run).map(agentInfo);
    return { ...info, phases: phaseProgress(run, agents), agents, log: this.journal.logs(runId, LOG_LINES_SHOWN) };
  }

  onChange(listener: (change: WorkflowChange) => void): Dispose {
    return this.listeners.add(listener);
  }

  /** Orrery is quitting: running workflows end as interrupted (resumable at the next start), their agents cancelled. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.executions.values()].map((execution) => execution.interrupt()));
    this.listeners.clear();
  }

  private launch(run: WorkflowRunRecord, workflow: ResolvedWorkflow, previousCalls: readonly WorkflowCallRecord[]): void {
    if (this.disposed) throw new EngineError('failed_precondition', 'Orrery is quitting');
    this.options.emit([workflowSpawnEvent(run, { cached: 0, total: 0 }, this.now())], () => this.journal.saveRun(run));
    const execution = new WorkflowExecution({
      run,
      workflow,
      previousCalls,
      journal: this.journal,
      emit: this.options.emit,
      port: this.options.port,
      resolveChild: (ref, cwd) => this.catalog.resolveNow(ref, cwd),
      concurrencyCap: workflowConcurrencyCap(this.options.cpuCount),
      maxCalls: this.options.maxCalls ?? MAX_AGENT_CALLS,
      limits: this.options.limits ?? DEFAULT_SANDBOX_LIMITS,
      progressIntervalMs: this.options.progressIntervalMs ?? 250,
      now: this.now,
      onCallChanged: (agent) => this.publish({ kind: 'agent', runId: run.id, agent }),
      onLog: (line) => this.publish({ kind: 'log', runId: run.id, line }),
      onRunChanged: () => this.publish({ kind: 'run', run: this.infoOf(run) }),
    });
    this.executions.set(run.id, execution);
    void execution.finished.then(() => {
      this.executions.delete(run.id);
      this.publish({ kind: 'run', run: this.infoOf(run) });
    });
    this.publish({ kind: 'run', run: this.infoOf(run) });
  }

  private publish(change: WorkflowChange): void {
    try {
      this.listeners.emit(change);
    } catch (error) {
      console.error('[workflows] a change listener failed:', error);
    }
  }

  private record(runId: string): WorkflowRunRecord {
    const execution = this.executions.get(runId);
    if (execution !== undefined) return execution.run;
    const run = this.journal.run(runId);
    if (run === undefined) throw new EngineError('not_found', `There is no workflow run ${runId}`);
    return run;
  }

  private latestCalls(run: WorkflowRunRecord): WorkflowCallRecord[] {
    return this.journal.calls(run.id).filter((call) => call.position < run.callCount);
  }

  private infoOf(run: WorkflowRunRecord): WorkflowRunInfo {
    const execution = this.executions.get(run.id);
    const counts = execution !== undefined ? execution.progress() : this.journal.callCounts(run);
    return {
      id: run.id,
      agentId: workflowAgentId(run.id),
      name: run.name,
      ...(run.description !== undefined && { description: run.description }),
      scriptPath: run.scriptPath,
      sourceKind: run.sourceKind,
      cwd: run.cwd,
      profileId: run.profileId,
      ...(run.argsJson !== undefined && { args: JSON.parse(run.argsJson) as unknown }),
      budgetTokens: run.budgetTokens,
      spentTokens: run.spentTokens,
      state: run.state,
      ...(run.outcome !== undefined && { outcome: run.outcome }),
      ...(run.resultJson !== undefined && { result: JSON.parse(run.resultJson) as unknown }),
      ...(run.error !== undefined && { error: run.error }),
      attempts: run.attempts,
      ...(run.currentPhase !== undefined && { currentPhase: run.currentPhase }),
      totalCalls: counts.total,
      cachedCount: counts.cached,
      runningCount: counts.running,
      failedCount: counts.failed,
      startedAt: run.startedAt,
      ...(run.endedAt !== undefined && { endedAt: run.endedAt }),
    };
  }

  private cwdOf(requested: string | undefined): string {
    const cwd = resolve(this.options.defaultCwd, requested ?? '.');
    let isDirectory = false;
    try {
      isDirectory = statSync(cwd).isDirectory();
    } catch {
      // reported below
    }
    if (!isDirectory) throw new EngineError('failed_precondition', `The working directory ${cwd} does not exist or is not a directory`);
    return cwd;
  }

  /** Runs the previous Orrery left running died with it: they end as interrupted, and can be resumed. */
  private endRunsOfPreviousProcess(): void {
    for (const stale of this.journal.runs(Number.MAX_SAFE_INTEGER, true)) {
      const { currentPhase: _phase, ...rest } = stale;
      const unfinished = this.journal.calls(stale.id).filter((call) => call.state === 'queued' || call.state === 'running');
      // The record is saved on a throttle, so calls made just before the end may be past its count.
      const callCount = Math.max(stale.callCount, ...unfinished.map((call) => call.position + 1));
      const run: WorkflowRunRecord = {
        ...rest,
        callCount,
        state: 'done',
        outcome: 'interrupted',
        error: { message: 'Orrery stopped while the workflow ran; resume it to go on' },
        endedAt: this.now(),
      };
      const counts = this.journal.callCounts(run);
      this.options.emit([workflowDoneEvent(run, { cached: counts.cached, total: counts.total }, this.now())], () => {
        this.journal.saveRun(run);
        for (const call of unfinished) this.journal.saveCall(run.id, { ...call, state: 'interrupted', endedAt: this.now() });
      });
    }
  }
}

function newRunId(): string {
  return randomBytes(6).toString('hex');
}

const ENDED_STATES = new Set(['done', 'failed', 'cancelled', 'rejected', 'interrupted']);

/** `meta.phases` in order, then the phases calls named on the way; calls outside any phase under "". */
function phaseProgress(run: WorkflowRunRecord, agents: readonly WorkflowAgentInfo[]): WorkflowRunDetail['phases'] {
  const phases = new Map<string, WorkflowRunDetail['phases'][number]>();
  for (const phase of run.phases) phases.set(phase.title, { title: phase.title, ...(phase.detail !== undefined && { detail: phase.detail }), calls: 0, ended: 0, running: 0 });
  for (const agent of agents) {
    const title = agent.phase ?? '';
    let phase = phases.get(title);
    if (phase === undefined) {
      phase = { title, calls: 0, ended: 0, running: 0 };
      phases.set(title, phase);
    }
    phase.calls++;
    if (ENDED_STATES.has(agent.state)) phase.ended++;
    else phase.running++;
  }
  return [...phases.values()];
}
