import { runAgentId } from '../../../src-shared/events/agent-actions';
import type { WorkflowAgentInfo, WorkflowError, WorkflowLogLine } from '../../../src-shared/workflows/workflows-contract';
import { callHash, readAgentCallOptions } from './agent-call-options';
import type { AgentCallOptions } from './agent-call-options';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { runLiveCall } from './live-agent-call';
import type { LiveCallOutcome } from './live-agent-call';
import { replayablePrefix } from './positional-cache';
import type { AgentCallPayload, LogLevel, SandboxItem, SandboxLimits, ScriptError, ToSandbox, WorkflowCallPayload } from './sandbox-protocol';
import type { WorkflowRef, ResolvedWorkflow } from './workflow-catalog';
import type { WorkflowAgentPort } from './workflow-agent-port';
import type { WorkflowCallRecord, WorkflowJournal, WorkflowRunRecord } from './workflow-journal';
import { workflowAgentId, workflowDoneEvent, workflowLogEvent, workflowPhaseAgentId, workflowPhaseSpawnEvent, workflowProgressEvent } from './workflow-node-events';
import type { EmitEvents, Progress } from './workflow-node-events';
import { WorkflowSandbox } from './workflow-sandbox';

export interface ExecutionOptions {
  run: WorkflowRunRecord;
  workflow: Pick<ResolvedWorkflow, 'path' | 'sandboxCode'>;
  /** The previous attempt's calls: what it may replay (the positional cache). */
  previousCalls: readonly WorkflowCallRecord[];
  journal: WorkflowJournal;
  emit: EmitEvents;
  port: WorkflowAgentPort;
  resolveChild(ref: WorkflowRef, cwd: string): ResolvedWorkflow;
  /** Agents at once for this workflow, before the global run limit. */
  concurrencyCap: number;
  maxCalls: number;
  limits: SandboxLimits;
  progressIntervalMs: number;
  now(): number;
  onCallChanged(agent: WorkflowAgentInfo): void;
  onLog(line: WorkflowLogLine): void;
  /** Its state or counters changed (throttled to the progress interval while it runs). */
  onRunChanged(): void;
}

const MAX_LOG_LINES_PER_ATTEMPT = 10_000;
const PROMPT_PREVIEW_CHARS = 200;
const MAX_RESULT_JSON_CHARS = 10_000_000;

interface LiveEntry {
  controller: AbortController;
  done: Promise<void>;
}

/** A result for the script; `position` set for a live call, whose delivery order is journaled when it is sent. */
type Result = { message: ToSandbox; position?: number };

/**
 * One attempt of a workflow run: the script in its sandbox, its agent() calls replayed from the
 * previous attempt (the sandbox serves them) or run live through the port (at most `concurrencyCap` at once), every call
 * journaled, the workflow's node kept up to date. `finished` settles once the script has ended
 * and no agent of it is left running.
 */
export class WorkflowExecution {
  readonly run: WorkflowRunRecord;
  readonly finished: Promise<void>;
  private readonly options: ExecutionOptions;
  private readonly sandbox: WorkflowSandbox;
  /** The previous attempt's calls by position. */
  private readonly recorded: Map<number, WorkflowCallRecord>;
  /** Set at the first live call: the journal's later records are stale from there. */
  private replayBroken = false;
  private readonly limiter: ConcurrencyLimiter;
  /** The current attempt's calls, by position. */
  private readonly calls = new Map<number, WorkflowCallRecord>();
  private readonly live = new Map<number, LiveEntry>();
  /** Phase nodes already in the graph for this attempt. */
  private readonly phaseNodes = new Set<string>();
  /** Sandbox call ids of agent() calls, by position. */
  private readonly callIds = new Map<number, number>();
  /** Messages for the sandbox, one per turn: children first (so nothing overtakes a workflow() call), then results. */
  private readonly childStarts: ToSandbox[] = [];
  private readonly replayedUnsaved: WorkflowCallRecord[] = [];
  private readonly results: Result[] = [];
  private deliveries = 0;
  private logLines = 0;
  private stopping: 'script-ended' | 'cancel' | 'interrupt' | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private resolveFinished!: () => void;

  constructor(options: ExecutionOptions) {
    this.options = options;
    this.run = options.run;
    this.recorded = new Map(options.previousCalls.map((call) => [call.position, call]));
    this.limiter = new ConcurrencyLimiter(() => Math.min(options.concurrencyCap, options.port.maxConcurrentRuns()));
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    this.sandbox = new WorkflowSandbox(options.limits, {
      onTurn: (items) => this.onTurn(items),
      onCrash: (message) => void this.end({ message }),
    });
    const { run } = options;
    // Spent tokens and the call count are this attempt's, replayed calls included.
    run.spentTokens = 0;
    run.callCount = 0;
    this.sandbox.send({
      type: 'start',
      code: options.workflow.sandboxCode,
      file: options.workflow.path,
      config: { ...(run.argsJson !== undefined && { argsJson: run.argsJson }), budgetTotal: run.budgetTokens, isChild: false },
      spent: 0,
      maxCalls: options.maxCalls,
      replay: replayablePrefix(options.previousCalls),
    });
  }

  progress(): Progress & { running: number; failed: number } {
    let cached = 0;
    let running = 0;
    let failed = 0;
    for (const call of this.calls.values()) {
      if (call.cached) cached++;
      if (call.state === 'queued' || call.state === 'running') running++;
      if (call.state === 'failed' || call.state === 'rejected' || call.state === 'interrupted') failed++;
    }
    return { cached, total: this.calls.size, running, failed };
  }

  agents(): WorkflowAgentInfo[] {
    return [...this.calls.values()].map(agentInfo);
  }

  /** Stops the script at once and cancels its agents; settles when nothing of it is left running. */
  cancel(): Promise<void> {
    return this.stop('cancel', undefined);
  }

  /** Orrery is quitting: the run ends as interrupted, resumable at the next start. */
  interrupt(): Promise<void> {
    return this.stop('interrupt', undefined);
  }

  private onTurn(items: SandboxItem[]): void {
    if (this.stopping !== undefined) return;
    for (const item of items) {
      if (item.t === 'call' && item.kind === 'agent') this.onAgentCall(item.id, item.payload, item.phase, item.position);
      else if (item.t === 'call') this.onWorkflowCall(item.id, item.payload);
      else if (item.t === 'replayed') this.onReplayed(item.position);
      else if (item.t === 'log') this.log(item.level, item.message);
      else if (item.t === 'phase') this.onPhase(item.title);
      else if (item.ok) this.onScriptDone(item.json);
      else void this.end(scriptError(item.error));
    }
    this.scheduleProgress();
    this.pump();
  }

  private pump(): void {
    if (this.stopping !== undefined || !this.sandbox.idle) return;
    const next = this.childStarts.shift() ?? this.nextResult();
    if (next !== undefined) this.sandbox.send(next);
  }

  private nextResult(): ToSandbox | undefined {
    const result = this.results.shift();
    if (result?.position !== undefined) this.recordDelivery(result.position);
    return result?.message;
  }

  private recordDelivery(position: number): void {
    const call = this.calls.get(position);
    if (call === undefined) return;
    const seq = this.deliveries++;
    this.calls.set(position, { ...call, deliverySeq: seq });
    this.options.emit([], () => this.options.journal.setDeliverySeq(this.run.id, position, seq));
  }

  /** The sandbox served this call from the previous attempt and handed its result over. */
  private onReplayed(position: number): void {
    const recorded = this.recorded.get(position);
    if (recorded === undefined) return;
    const call: WorkflowCallRecord = { ...recorded, cached: true, deliverySeq: this.deliveries++ };
    this.calls.set(position, call);
    this.run.callCount = Math.max(this.run.callCount, position + 1);
    this.run.spentTokens += recorded.tokensOut;
    // Written in batches: until then the journal holds the same finished call from the attempt
    // it replays, which serves a later resume just as well.
    this.replayedUnsaved.push(call);
    this.changed(call);
  }

  private onAgentCall(id: number, payloadJson: string, phase: string | undefined, position: number): void {
    this.run.callCount = Math.max(this.run.callCount, position + 1);
    this.callIds.set(position, id);
    const payload = JSON.parse(payloadJson) as AgentCallPayload;
    const read = readAgentCallOptions(payload.options, phase);
    const base: WorkflowCallRecord = {
      position,
      hash: callHash(payloadJson),
      payload: payloadJson,
      prompt: payload.prompt,
      optionsJson: JSON.stringify(payload.options),
      state: 'queued',
      cached: false,
      tokensOut: 0,
      attempts: 0,
      ...(read.ok && read.options.label !== undefined && { label: read.options.label }),
      ...(phase !== undefined && { phase }),
    };
    // The first live call: what the journal held from here on is an earlier attempt's, and stale.
    const breaksHere = !this.replayBroken;
    this.replayBroken = true;
    if (!read.ok) return this.reject(base, read.error, breaksHere);
    if (read.ignored.length > 0) this.log('warn', `agent() at call ${position + 1}: ignored unknown option${read.ignored.length > 1 ? 's' : ''} ${read.ignored.join(', ')}`);
    const budget = this.run.budgetTokens;
    if (budget !== null && this.run.spentTokens >= budget) return this.reject(base, budgetSpent(budget), breaksHere);
    const call: WorkflowCallRecord = { ...base, startedAt: this.options.now() };
    this.calls.set(position, call);
    this.options.emit([], () => {
      if (breaksHere) this.options.journal.dropCallsFrom(this.run.id, position);
      this.options.journal.saveCall(this.run.id, call);
    });
    this.changed(call);
    // A phase of meta.phases may name the model its calls run on.
    const phaseModel = this.run.phases.find((phase) => phase.title === read.options.phase)?.model;
    this.startLive(call, read.options.model === undefined && phaseModel !== undefined ? { ...read.options, model: phaseModel } : read.options);
  }

  private reject(call: WorkflowCallRecord, error: string, breaksHere: boolean): void {
    const rejected: WorkflowCallRecord = { ...call, state: 'rejected', error, endedAt: this.options.now() };
    this.calls.set(call.position, rejected);
    this.options.emit([], () => {
      if (breaksHere) this.options.journal.dropCallsFrom(this.run.id, call.position);
      this.options.journal.saveCall(this.run.id, rejected);
    });
    this.changed(rejected);
    this.results.push({ message: { type: 'settle', id: this.callIds.get(call.position) as number, ok: false, error, spent: this.run.spentTokens } });
  }

  private startLive(call: WorkflowCallRecord, options: AgentCallOptions): void {
    const controller = new AbortController();
    const { position } = call;
    const done = (async () => {
      let release: (() => void) | undefined;
      try {
        release = await this.limiter.acquire(controller.signal);
      } catch {
        return this.complete(position, { state: 'cancelled', error: 'the workflow stopped before it started', tokensOut: 0, attempts: 0 });
      }
      try {
        const budget = this.run.budgetTokens;
        if (budget !== null && this.run.spentTokens >= budget) return this.completeRejected(position, budgetSpent(budget));
        this.update(position, { state: 'running', startedAt: this.options.now() });
        const outcome = await runLiveCall(
          this.options.port,
          { workflowRunId: this.run.id, position, prompt: call.prompt, options, cwd: this.run.cwd, profileId: this.run.profileId, parentAgentId: this.parentFor(options.phase) },
          controller.signal,
          (runId) => this.update(position, { runId }),
        );
        this.complete(position, outcome);
      } finally {
        release();
      }
    })();
    this.live.set(position, { controller, done });
    void done.finally(() => {
      this.live.delete(position);
    });
  }

  /** Agents branch from their phase's node (spawned at its first live call), else from the workflow's. */
  private parentFor(phase: string | undefined): string {
    if (phase === undefined || phase === '') return workflowAgentId(this.run.id);
    const id = workflowPhaseAgentId(this.run.id, phase);
    if (!this.phaseNodes.has(id)) {
      this.phaseNodes.add(id);
      this.options.emit([workflowPhaseSpawnEvent(this.run, phase, this.options.now())]);
    }
    return id;
  }

  private update(position: number, patch: Partial<WorkflowCallRecord>): void {
    const call = this.calls.get(position);
    if (call === undefined) return;
    const updated = { ...call, ...patch };
    this.calls.set(position, updated);
    this.options.emit([], () => this.options.journal.saveCall(this.run.id, updated));
    this.changed(updated);
    this.scheduleProgress();
  }

  private completeRejected(position: number, error: string): void {
    this.update(position, { state: 'rejected', error, endedAt: this.options.now() });
    this.results.push({ message: { type: 'settle', id: this.callIds.get(position) as number, ok: false, error, spent: this.run.spentTokens } });
    this.pump();
  }

  /** Records how a live call ended, and queues its result for the script (null when it failed). */
  private complete(position: number, outcome: LiveCallOutcome): void {
    const resultJson = outcome.resultJson !== undefined && outcome.resultJson.length > MAX_RESULT_JSON_CHARS ? undefined : outcome.resultJson;
    const tooLarge = outcome.resultJson !== undefined && resultJson === undefined;
    this.run.spentTokens += outcome.tokensOut;
    this.update(position, {
      state: tooLarge ? 'failed' : outcome.state,
      tokensOut: outcome.tokensOut,
      attempts: outcome.attempts,
      endedAt: this.options.now(),
      ...(resultJson !== undefined && { resultJson }),
      ...(outcome.error !== undefined && { error: outcome.error }),
      ...(tooLarge && { error: `its answer is larger than ${MAX_RESULT_JSON_CHARS / 1_000_000} MB of JSON` }),
      ...(outcome.runId !== undefined && { runId: outcome.runId }),
      ...(outcome.worktreePath !== undefined && { worktreePath: outcome.worktreePath }),
    });
    if (this.stopping !== undefined) return;
    this.results.push({ position, message: { type: 'settle', id: this.callIds.get(position) as number, ok: true, json: resultJson, spent: this.run.spentTokens } });
    this.pump();
  }

  private onWorkflowCall(id: number, payloadJson: string): void {
    const payload = JSON.parse(payloadJson) as WorkflowCallPayload;
    const label = 'name' in payload.ref ? payload.ref.name : payload.ref.scriptPath;
    let child: ResolvedWorkflow;
    try {
      child = this.options.resolveChild(payload.ref, this.run.cwd);
    } catch (error) {
      this.results.push({ message: { type: 'settle', id, ok: false, error: `workflow(${JSON.stringify(label)}): ${(error as Error).message}`, spent: this.run.spentTokens } });
      return;
    }
    this.log('info', `workflow ${child.meta.name} starts (${child.path})`);
    const argsJson = payload.args === undefined ? undefined : JSON.stringify(payload.args);
    this.childStarts.push({
      type: 'child',
      id,
      code: child.sandboxCode,
      file: child.path,
      config: { ...(argsJson !== undefined && { argsJson }), budgetTotal: this.run.budgetTokens, isChild: true },
    });
  }

  private onPhase(title: string): void {
    if (this.run.currentPhase === title) return;
    this.run.currentPhase = title;
    // A new phase is news on the node at once, not at the next tick of the progress throttle.
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.flushProgress();
  }

  private log(level: LogLevel, message: string): void {
    if (this.logLines >= MAX_LOG_LINES_PER_ATTEMPT) return;
    this.logLines++;
    const line = { ts: this.options.now(), level, message: this.logLines === MAX_LOG_LINES_PER_ATTEMPT ? `${message} (log limit of ${MAX_LOG_LINES_PER_ATTEMPT} lines reached: later lines are dropped)` : message };
    let seq = 0;
    this.options.emit([workflowLogEvent(this.run, line)], () => {
      seq = this.options.journal.appendLog(this.run.id, line);
    });
    this.options.onLog({ ...line, seq });
  }

  private onScriptDone(json: string | undefined): void {
    if (json !== undefined && json.length > MAX_RESULT_JSON_CHARS) {
      void this.end({ message: `The workflow's result is larger than ${MAX_RESULT_JSON_CHARS / 1_000_000} MB of JSON` });
      return;
    }
    void this.end(undefined, json);
  }

  private end(error: WorkflowError | undefined, resultJson?: string): Promise<void> {
    return this.stop('script-ended', { error, resultJson });
  }

  private async stop(reason: 'script-ended' | 'cancel' | 'interrupt', ended: { error: WorkflowError | undefined; resultJson: string | undefined } | undefined): Promise<void> {
    if (this.stopping !== undefined) return this.finished;
    this.stopping = reason;
    clearTimeout(this.progressTimer);
    if (reason === 'cancel') {
      this.run.state = 'cancelling';
      this.options.onRunChanged();
    }
    // Agents nobody awaits any more (the script ended, or was stopped) are cancelled too.
    for (const entry of this.live.values()) entry.controller.abort();
    await Promise.all([this.sandbox.terminate(), ...[...this.live.values()].map((entry) => entry.done)]);
    const now = this.options.now();
    const run = this.run;
    run.state = 'done';
    run.endedAt = now;
    delete run.currentPhase;
    if (reason === 'cancel') run.outcome = 'cancelled';
    else if (reason === 'interrupt') {
      run.outcome = 'interrupted';
      run.error = { message: 'Orrery quit while the workflow ran; resume it to go on' };
    } else if (ended?.error !== undefined) {
      run.outcome = 'error';
      run.error = ended.error;
    } else {
      run.outcome = 'success';
      if (ended?.resultJson !== undefined) run.resultJson = ended.resultJson;
    }
    this.options.emit([workflowDoneEvent(run, this.progress(), now)], () => {
      this.saveReplayed();
      this.options.journal.saveRun(run);
      // A script that ran to its end will not make its earlier attempts' later calls again. A
      // stopped or failed one may (once resumed or fixed), so their records stay for its cache.
      if (run.outcome === 'success') this.options.journal.dropCallsFrom(run.id, run.callCount);
    });
    this.options.onRunChanged();
    this.resolveFinished();
  }

  private saveReplayed(): void {
    for (const call of this.replayedUnsaved.splice(0)) this.options.journal.saveCall(this.run.id, call);
  }

  private changed(call: WorkflowCallRecord): void {
    this.options.onCallChanged(agentInfo(call));
  }

  /** The node's "3 / 5 cached" and the run's counters, at most once per interval. */
  private scheduleProgress(): void {
    if (this.progressTimer !== undefined || this.stopping !== undefined) return;
    this.progressTimer = setTimeout(() => {
      this.progressTimer = undefined;
      if (this.stopping === undefined) this.flushProgress();
    }, this.options.progressIntervalMs);
    this.progressTimer.unref();
  }

  private flushProgress(): void {
    const run = this.run;
    this.options.emit([workflowProgressEvent(run, this.progress(), this.options.now())], () => {
      this.saveReplayed();
      this.options.journal.saveRun(run);
    });
    this.options.onRunChanged();
  }
}

function budgetSpent(budget: number): string {
  return `The budget of ${budget} output tokens is spent: agent() cannot start another agent`;
}

function scriptError(error: ScriptError): WorkflowError {
  return { message: error.message, ...(error.file !== undefined && { file: error.file }), ...(error.line !== undefined && { line: error.line }) };
}

export function agentInfo(call: WorkflowCallRecord): WorkflowAgentInfo {
  const durationMs = call.startedAt !== undefined && call.endedAt !== undefined && !call.cached ? call.endedAt - call.startedAt : undefined;
  return {
    position: call.position,
    ...(call.label !== undefined && { label: call.label }),
    ...(call.phase !== undefined && { phase: call.phase }),
    promptPreview: call.prompt.length > PROMPT_PREVIEW_CHARS ? `${call.prompt.slice(0, PROMPT_PREVIEW_CHARS)}…` : call.prompt,
    state: call.state,
    cached: call.cached,
    attempts: call.attempts,
    ...(call.runId !== undefined && { runId: call.runId, agentId: runAgentId(call.runId) }),
    tokensOut: call.tokensOut,
    ...(durationMs !== undefined && { durationMs }),
    ...(call.error !== undefined && { error: call.error }),
    ...(call.worktreePath !== undefined && { worktreePath: call.worktreePath }),
    ...(call.startedAt !== undefined && { startedAt: call.startedAt }),
    ...(call.endedAt !== undefined && { endedAt: call.endedAt }),
  };
}
