import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { ApiError } from '../../../src-shared/api/api-error';
import { runAgentId } from '../../../src-shared/events/agent-actions';
import { validateEvent } from '../../../src-shared/events/event-schema';
import type { AgentOutcome, OrreryEvent, OrreryEventInput } from '../../../src-shared/events/event-schema';
import type { LiveState } from '../../../src-shared/events/live-state';
import type { BudgetStatus, LaunchRequest, Profile, RunInfo, RunSettings } from '../../../src-shared/runs/runs-contract';
import type { EventIngest } from '../events/event-ingest';
import { launchChild, LaunchError } from '../process/child-launcher';
import type { ChildExit, LaunchedChild } from '../process/child-launcher';
import { interruptLadder, terminateProcessTree } from '../process/process-tree';
import { TreeWatcher } from '../process/tree-watcher';
import type { TerminalManager, TranscriptHandle } from '../terminals/terminal-manager';
import { isDirectory } from '../util/is-directory';
import { ListenerSet } from '../util/listener-set';
import type { Dispose } from '../util/listener-set';
import type { AgentOutputAdapter, AdapterStep, RunTokens } from './adapters/agent-output-adapter';
import { createAdapter } from './adapters/create-adapter';
import { addTokens, noTokens } from './adapters/run-events';
import { oneLine } from './adapters/transcript-format';
import { redactSecrets } from '../../../src-shared/redaction/redact-secrets.mjs';
import { MissingBinaryError } from './binary-lookup';
import { budgetStatus } from './monthly-budget';
import type { ProfileRepository } from './profile-repository';
import { canResume, runCommand } from './run-command';
import type { CommandContext, RunRequest } from './run-command';
import { publicRun } from './run-record';
import type { RunRecord } from './run-record';
import type { RunRepository } from './run-repository';
import type { RunSettingsStore } from './run-settings';
import { runFooter, runHeader } from './run-transcript';
import type { TranscriptLog } from './transcript-log';

/** What the runs layer itself, and features on top of it (workflows), may ask for at launch. */
export interface InternalLaunch extends LaunchRequest {
  name?: string;
  parentAgentId?: string;
  jsonSchema?: object;
  workflowRunId?: string;
  details?: Record<string, string | number | boolean>;
  resumeOf?: RunRecord;
  resetFrom?: string;
}

export interface RunManagerOptions {
  ingest: EventIngest;
  liveState: LiveState;
  terminals: TerminalManager;
  profiles: ProfileRepository;
  runs: RunRepository;
  settings: RunSettingsStore;
  transcripts: TranscriptLog;
  command: Omit<CommandContext, 'runId'>;
  now?: () => number;
}

interface ActiveRun {
  record: RunRecord;
  /** The prompt as given: the record keeps it redacted, the CLI needs it whole. */
  prompt: string;
  /** The thread's token totals before this process (a Codex resume), fixed at launch. */
  threadBase: RunTokens;
  adapter: AgentOutputAdapter;
  transcript: TranscriptHandle;
  child?: LaunchedChild;
  /** Set by cancel (or a budget): how the run ends once its process is gone. */
  stopping?: { outcome: AgentOutcome; reason: string };
  /** Resolves once the run is recorded as done. */
  done: Promise<RunRecord>;
  resolveDone: (record: RunRecord) => void;
}

const SOURCE = 'orrery';
/** After a natural end, what the agent left behind in its session gets this long to go. */
const SWEEP_GRACE_MS = 500;
const PROMPT_NAME_CHARS = 40;
/** How often paused runs look at the budget again, for the turn of the month. */
const BUDGET_RECHECK_MS = 60_000;
const BUDGET_PUSH_MS = 250;
/** After the sweep nothing of the run should hold its pipes; a stranger that inherited them is not waited for. */
const DRAIN_TIMEOUT_MS = 2_000;

/**
 * The orchestrator's runs: launches agent CLIs as real processes in sessions of their own, turns
 * their output into events and transcripts, queues them under the concurrency limit and the
 * monthly budget, and cancels them for real (SIGINT, SIGTERM, SIGKILL on the whole tree).
 *
 * Every change of a run commits together with the events it causes (`ingest.ingestEvents` with
 * the run's row written alongside), so the store never holds a run state its events contradict.
 */
export class RunManager {
  private readonly options: RunManagerOptions;
  private readonly now: () => number;
  private readonly active = new Map<string, ActiveRun>();
  private readonly trees = new TreeWatcher();
  private readonly changes = new ListenerSet<RunInfo>();
  private readonly budgetChanges = new ListenerSet<BudgetStatus>();
  private budgetLevel: BudgetStatus['level'];
  private budgetTimer: NodeJS.Timeout | undefined;
  /** Spend changes with every usage report; clients hear of it at most this often. */
  private budgetPush: NodeJS.Timeout | undefined;
  private budgetCrossedBy: RunRecord | undefined;
  private disposed = false;

  constructor(options: RunManagerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.budgetLevel = this.budget().level;
  }

  settings(): RunSettings {
    return this.options.settings.get();
  }

  updateSettings(patch: Partial<RunSettings>): RunSettings {
    const settings = this.options.settings.update(patch);
    this.noteBudget(undefined);
    this.schedule();
    return settings;
  }

  budget(): BudgetStatus {
    const { monthlyBudgetUsd } = this.settings();
    return budgetStatus(monthlyBudgetUsd, (since) => this.options.runs.costSince(since), this.now());
  }

  list(limit: number, activeOnly: boolean): RunInfo[] {
    const records = activeOnly ? this.options.runs.unfinished().reverse() : this.options.runs.recent(limit);
    return records.slice(0, limit).map((record) => publicRun(this.current(record)));
  }

  /** By run id, or by the run's agent id. */
  get(id: string): RunRecord {
    const runId = id.startsWith('run-') && !this.options.runs.get(id) ? id.slice('run-'.length) : id;
    const record = this.active.get(runId)?.record ?? this.options.runs.get(runId);
    if (!record) throw new ApiError('not_found', `There is no run "${id}"`);
    return record;
  }

  onChange(listener: (run: RunInfo) => void): Dispose {
    return this.changes.add(listener);
  }

  onBudgetChange(listener: (budget: BudgetStatus) => void): Dispose {
    return this.budgetChanges.add(listener);
  }

  /** Resolves with the run once it is recorded as done. */
  whenDone(runId: string): Promise<RunRecord> {
    const active = this.active.get(runId);
    if (active) return active.done;
    return Promise.resolve(this.get(runId));
  }

  /**
   * Records and queues a run and opens its transcript tab at once; it starts when a slot is free
   * and the budget allows. A profile whose CLI cannot be found is refused here, with the message.
   */
  launch(request: InternalLaunch): RunRecord {
    if (this.disposed) throw new ApiError('failed_precondition', 'Orrery is shutting down');
    const profile = this.options.profiles.get(request.profileId ?? 'claude');
    if (request.resumeOf !== undefined && !canResume(profile)) {
      throw new ApiError('failed_precondition', `Runs of the "${profile.id}" profile cannot be resumed: it is a plain command with no session`);
    }
    const cwd = request.cwd ?? profile.cwd ?? homedir();
    if (!isDirectory(cwd)) throw new ApiError('invalid_argument', `cwd: the working directory does not exist: ${cwd}`);
    const id = newRunId();
    const runRequest = this.runRequest(request, cwd, request.resumeOf?.sessionId);
    let argv: string[];
    try {
      const spec = runCommand(profile, runRequest, { ...this.options.command, runId: id });
      argv = [spec.file, ...spec.args].map(redactSecrets);
    } catch (error) {
      if (error instanceof MissingBinaryError) throw new ApiError('failed_precondition', error.message);
      throw error;
    }
    const now = this.now();
    const name = request.name ?? `${profile.id}: ${oneLine(request.prompt, PROMPT_NAME_CHARS)}`;
    const transcript = this.options.terminals.createTranscript({ name, runId: id, command: profile.name, cwd });
    const record: RunRecord = {
      id,
      name,
      profileId: profile.id,
      profileKind: profile.kind,
      agentId: runAgentId(id),
      prompt: redactSecrets(request.prompt),
      argv,
      cwd,
      ...definedFields({
        model: runRequest.model,
        effort: request.effort,
        maxCostUsd: request.maxCostUsd,
        maxTurns: request.maxTurns,
        parentAgentId: request.parentAgentId,
        jsonSchema: request.jsonSchema,
        workflowRunId: request.workflowRunId,
        details: request.details,
        resumedFrom: request.resumeOf?.id,
        resetFrom: request.resetFrom,
        sessionId: request.resumeOf?.sessionId,
        sessionTokens: request.resumeOf?.sessionTokens,
      }),
      state: 'queued',
      terminalId: transcript.info.id,
      tokensIn: 0,
      tokensOut: 0,
      cacheRead: 0,
      cacheWrite: 0,
      costUsd: 0,
      costEstimated: profile.kind === 'codex',
      queuedAt: now,
    };
    const adapter = createAdapter(profile.kind, { runId: id, agentId: record.agentId, source: SOURCE, terminalId: transcript.info.id, now: this.now }, { ...(record.sessionTokens && { previousTotals: record.sessionTokens }), ...(record.model !== undefined && { model: record.model }) });
    let resolveDone!: (record: RunRecord) => void;
    const done = new Promise<RunRecord>((resolve) => {
      resolveDone = resolve;
    });
    const active: ActiveRun = { record, prompt: request.prompt, threadBase: record.sessionTokens ?? noTokens(), adapter, transcript, done, resolveDone };
    this.active.set(id, active);
    this.appendTranscript(active, runHeader(record, profile, request.resumeOf !== undefined));
    this.commit(active, [
      this.event(record, 'agent_spawn', {
        name,
        ...(record.parentAgentId !== undefined && { parent_id: record.parentAgentId }),
        ...(record.model !== undefined && { model: record.model }),
        ...(record.sessionId !== undefined && { session_id: record.sessionId }),
        ...(record.details !== undefined && { details: record.details }),
      }),
      this.event(record, 'status', { status: 'queued' }),
    ]);
    this.schedule();
    return record;
  }

  /**
   * Stops a run for real: a queued one just leaves the queue; a live one gets SIGINT, then SIGTERM
   * after the grace, then SIGKILL, on its whole process tree. Idempotent: an ended run is returned
   * as it is. Resolves once the run is recorded as done.
   */
  async cancel(runId: string, how: { outcome: AgentOutcome; reason: string } = { outcome: 'cancelled', reason: 'cancelled by you' }): Promise<RunRecord> {
    const record = this.get(runId);
    const active = this.active.get(record.id);
    if (!active) return record;
    if (active.stopping) return active.done;
    active.stopping = how;
    if (active.child === undefined) {
      // Not started (queued, paused), or its process is still being spawned: start() sees `stopping`.
      if (active.record.state !== 'starting') this.finish(active, how.outcome, how.reason, undefined);
      return active.done;
    }
    this.appendTranscript(active, runFooter.stopping(how.reason));
    await active.child.terminate(interruptLadder(this.settings().cancelGraceMs));
    return active.done;
  }

  /** Stops it if it is live, then runs the same task again in a fresh session. */
  async reset(runId: string): Promise<RunRecord> {
    const previous = this.get(runId);
    if (this.active.has(previous.id)) await this.cancel(previous.id, { outcome: 'cancelled', reason: 'reset: started again in a fresh session' });
    return this.launch({ ...this.repeatRequest(previous), resetFrom: previous.id });
  }

  /** A new prompt into the same session, from the same working directory. */
  resume(runId: string, prompt: string): RunRecord {
    const previous = this.get(runId);
    if (this.active.has(previous.id)) throw new ApiError('failed_precondition', 'The run is still going; cancel it first, or wait until it ends');
    if (previous.sessionId === undefined) throw new ApiError('failed_precondition', 'The run ended before its session started, so there is nothing to resume; reset it instead');
    return this.launch({ ...this.repeatRequest(previous), prompt, resumeOf: previous });
  }

  /**
   * At start: a run still recorded as unfinished died with the previous Orrery. A surviving process
   * tree (same pid and start time) is killed; the run is marked interrupted, offered for Resume.
   */
  async reconcile(): Promise<void> {
    for (const record of this.options.runs.unfinished()) {
      if (record.pid !== undefined && record.pidStart !== undefined) {
        await terminateProcessTree(record.pid, true, { ladder: interruptLadder(this.settings().cancelGraceMs).slice(1), expectedStartTime: record.pidStart });
      }
      const ended: RunRecord = { ...record, state: 'done', outcome: 'interrupted', reason: 'Orrery stopped while it ran', endedAt: this.now() };
      const stragglers = this.aliveAgentsOf(record).filter((agentId) => agentId !== record.agentId);
      const events = [...stragglers.map((agentId) => this.event(record, 'agent_done', { agent_id: agentId, outcome: 'interrupted', error: ended.reason })), this.event(record, 'agent_done', { outcome: 'interrupted', error: ended.reason })];
      this.options.ingest.ingestEvents(validated(events), () => this.options.runs.save(ended));
      this.changes.emit(publicRun(ended));
    }
  }

  /** Quit: every live run is cancelled through the same ladder and recorded; no ghosts remain. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.budgetTimer);
    clearTimeout(this.budgetPush);
    await Promise.allSettled([...this.active.keys()].map((id) => this.cancel(id, { outcome: 'cancelled', reason: 'Orrery quit' })));
    this.changes.clear();
    this.budgetChanges.clear();
  }

  private runRequest(request: Pick<InternalLaunch, 'profileId' | 'prompt' | 'model' | 'effort' | 'maxCostUsd' | 'maxTurns' | 'jsonSchema'>, cwd: string, resumeSession: string | undefined): RunRequest {
    const profile = this.options.profiles.get(request.profileId ?? 'claude');
    return {
      prompt: request.prompt,
      cwd,
      model: request.model ?? profile.model,
      effort: request.effort,
      maxCostUsd: request.maxCostUsd,
      maxTurns: request.maxTurns,
      jsonSchema: request.jsonSchema,
      resumeSession,
    };
  }

  /** The same task as a previous run: its profile, directory, limits and place in the graph. */
  private repeatRequest(previous: RunRecord): InternalLaunch {
    return {
      profileId: previous.profileId,
      prompt: previous.prompt,
      cwd: previous.cwd,
      ...definedFields({
        model: previous.model,
        effort: previous.effort,
        maxCostUsd: previous.maxCostUsd,
        maxTurns: previous.maxTurns,
        parentAgentId: previous.parentAgentId,
        jsonSchema: previous.jsonSchema,
        workflowRunId: previous.workflowRunId,
        details: previous.details,
      }),
    };
  }

  /** Starts queued runs while slots are free and the budget allows; holds them as paused when it does not. */
  private schedule(): void {
    if (this.disposed) return;
    const budget = this.budget();
    const waiting = [...this.active.values()].filter((run) => (run.record.state === 'queued' || run.record.state === 'paused') && !run.stopping);
    if (budget.level === 'exceeded') {
      for (const run of waiting) if (run.record.state === 'queued') this.hold(run, budget);
      this.budgetTimer ??= setInterval(() => this.schedule(), BUDGET_RECHECK_MS).unref();
      return;
    }
    clearInterval(this.budgetTimer);
    this.budgetTimer = undefined;
    let free = this.settings().maxConcurrent - [...this.active.values()].filter((run) => isLive(run.record.state)).length;
    for (const run of waiting) {
      if (free <= 0) break;
      free--;
      void this.start(run);
    }
  }

  private hold(run: ActiveRun, budget: BudgetStatus): void {
    const reason = `monthly budget reached ($${budget.spentUsd.toFixed(2)} of $${(budget.monthlyBudgetUsd ?? 0).toFixed(2)}): held until the budget is raised or the month turns`;
    this.update(run, { state: 'paused', reason }, [this.event(run.record, 'status', { status: 'paused', details: { heldBy: 'budget' } }), this.event(run.record, 'log', { level: 'warn', message: reason })]);
  }

  private async start(run: ActiveRun): Promise<void> {
    const { reason: _reason, ...record } = run.record;
    run.record = record;
    this.update(run, { state: 'starting' }, []);
    const profile = this.options.profiles.get(record.profileId);
    const request = this.runRequest({ ...record, prompt: run.prompt }, record.cwd, record.resumedFrom !== undefined ? record.sessionId : undefined);
    let child: LaunchedChild;
    // The moment of the spawn itself: what the first-event latency is measured from.
    const spawnedAt = this.now();
    try {
      child = await launchChild(runCommand(profile, request, { ...this.options.command, runId: record.id }), this.trees);
    } catch (error) {
      const message = error instanceof MissingBinaryError || error instanceof LaunchError ? error.message : `Cannot start the run: ${String(error)}`;
      if (run.stopping) this.finish(run, run.stopping.outcome, run.stopping.reason, undefined);
      else this.finish(run, 'error', message, undefined);
      return;
    }
    run.child = child;
    this.update(run, { state: 'running', pid: child.pid, pidStart: child.startTime, startedAt: spawnedAt }, [this.event(run.record, 'status', { status: 'running' })]);
    if (run.stopping) void child.terminate(interruptLadder(this.settings().cancelGraceMs));
    const streamsEnded = Promise.all([this.follow(run, child.stdout, 'stdout'), this.follow(run, child.stderr, 'stderr')]);
    const exit = await child.exited;
    // What the agent left running (a backgrounded command, one that left its session) does not
    // outlive its run; it may also hold the output pipes open, so it goes before they are drained.
    await child.terminate([{ signals: ['SIGTERM', 'SIGCONT'], waitMs: SWEEP_GRACE_MS }]).catch(() => undefined);
    const drained = await Promise.race([streamsEnded.then(() => true), delay(DRAIN_TIMEOUT_MS).then(() => false)]);
    if (!drained) {
      child.stdout.destroy();
      child.stderr.destroy();
    }
    const { outcome, reason } = this.outcomeOf(run, exit);
    this.finish(run, outcome, reason, exit);
  }

  /** Feeds one of the child's streams to the adapter a chunk at a time; resolves at its end. */
  private follow(run: ActiveRun, stream: NodeJS.ReadableStream, which: 'stdout' | 'stderr'): Promise<void> {
    const decoder = new StringDecoder('utf8');
    let partial = '';
    const feed = (text: string, final: boolean): void => {
      const steps: AdapterStep[] = [];
      if (which === 'stderr') {
        if (text !== '') steps.push(run.adapter.stderrText(text));
      } else {
        const lines = (partial + text).split('\n');
        partial = final ? '' : (lines.pop() ?? '');
        for (const line of lines) if (line.trim() !== '') steps.push(run.adapter.stdoutLine(line.replace(/\r$/, '')));
      }
      if (steps.length > 0) this.absorb(run, steps);
    };
    return new Promise((resolve) => {
      stream.on('data', (chunk: Buffer) => feed(decoder.write(chunk), false));
      stream.once('end', () => {
        feed(decoder.end(), true);
        resolve();
      });
      stream.once('error', () => resolve());
    });
  }

  /** Commits what the adapter made of a chunk, with the run's facts, and enforces its cost limit. */
  private absorb(run: ActiveRun, steps: readonly AdapterStep[]): void {
    const events = steps.flatMap((step) => step.events);
    for (const step of steps) this.appendTranscript(run, step.transcript);
    const facts = run.adapter.facts;
    const costBefore = run.record.costUsd;
    const waiting = events.findLast((event) => event.type === 'status' && event.agent_id === run.record.agentId);
    const state = waiting?.type === 'status' && (waiting.status === 'waiting' || waiting.status === 'running') && isLive(run.record.state) ? waiting.status : run.record.state;
    this.update(
      run,
      {
        state,
        tokensIn: facts.tokens.input,
        tokensOut: facts.tokens.output,
        cacheRead: facts.tokens.cacheRead,
        cacheWrite: facts.tokens.cacheWrite,
        costUsd: facts.costUsd,
        costEstimated: facts.costEstimated,
        ...definedFields({ sessionId: facts.sessionId, model: facts.model ?? run.record.model, turns: facts.turns, resultText: facts.resultText, structuredOutput: facts.structuredOutput }),
        ...(run.record.profileKind === 'codex' && { sessionTokens: threadTotals(run.threadBase, facts.tokens) }),
      },
      events,
    );
    const { maxCostUsd } = run.record;
    // Claude enforces --max-budget-usd itself; for the others Orrery is the only one who can.
    if (maxCostUsd !== undefined && run.record.profileKind !== 'claude' && run.record.profileKind !== 'demo' && facts.costUsd > maxCostUsd && !run.stopping) {
      void this.cancel(run.record.id, { outcome: 'error', reason: `budget: the run cost $${facts.costUsd.toFixed(4)}, over its limit of $${maxCostUsd}` });
    }
    if (facts.costUsd !== costBefore) this.noteBudget(run.record);
  }

  private outcomeOf(run: ActiveRun, exit: ChildExit): { outcome: AgentOutcome; reason: string | undefined } {
    if (run.stopping) return run.stopping;
    const reported = run.adapter.facts.reportedOutcome;
    if (reported) return { outcome: reported.outcome, reason: reported.error };
    if (exit.exitCode === 0) return { outcome: 'success', reason: undefined };
    return { outcome: 'error', reason: exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.exitCode}` };
  }

  private finish(run: ActiveRun, outcome: AgentOutcome, reason: string | undefined, exit: ChildExit | undefined): void {
    if (run.record.state === 'done') return;
    const closing = run.adapter.finish(outcome, reason);
    this.appendTranscript(run, closing.transcript);
    const ended: Partial<RunRecord> = {
      state: 'done',
      outcome,
      endedAt: this.now(),
      ...definedFields({ reason, exitCode: exit?.exitCode ?? undefined, signal: exit?.signal ?? undefined }),
    };
    this.update(run, ended, [...closing.events, this.event(run.record, 'agent_done', { outcome, ...(reason !== undefined && { error: reason }) })]);
    this.appendTranscript(run, runFooter.ended(run.record));
    run.transcript.end({ exitCode: outcome === 'success' ? 0 : (exit?.exitCode ?? 1) || 1, signal: exit?.signal ?? null });
    this.options.transcripts.close(run.record.id);
    this.active.delete(run.record.id);
    run.resolveDone(run.record);
    this.schedule();
  }

  /** Applies a change to the run and commits it with its events in one transaction. */
  private update(run: ActiveRun, patch: Partial<RunRecord>, events: readonly OrreryEventInput[]): void {
    run.record = { ...run.record, ...patch };
    this.commit(run, events);
  }

  private commit(run: ActiveRun, events: readonly OrreryEventInput[]): void {
    const record = run.record;
    this.options.ingest.ingestEvents(validated(events), () => this.options.runs.save(record));
    this.changes.emit(publicRun(record));
  }

  /**
   * 80 %: a warning event on the run that crossed it; 100 %: new runs wait. Clients get the
   * budget whenever spend or limit changed. Spend changes with every usage report, so this is
   * looked at (one SUM over the month's runs) at most once per BUDGET_PUSH_MS.
   */
  private noteBudget(crossedBy: RunRecord | undefined): void {
    if (crossedBy !== undefined) this.budgetCrossedBy = crossedBy;
    this.budgetPush ??= setTimeout(() => {
      this.budgetPush = undefined;
      const budget = this.budget();
      const by = this.budgetCrossedBy;
      this.budgetCrossedBy = undefined;
      this.budgetChanges.emit(budget);
      if (budget.level === this.budgetLevel) return;
      const rising = levelRank(budget.level) > levelRank(this.budgetLevel);
      this.budgetLevel = budget.level;
      if (rising && by) {
        const message = `monthly budget ${budget.level === 'exceeded' ? 'reached' : '80 % used'}: $${budget.spentUsd.toFixed(2)} of $${(budget.monthlyBudgetUsd ?? 0).toFixed(2)}`;
        this.options.ingest.ingestEvents(validated([this.event(by, 'log', { level: 'warn', message })]));
      }
      if (budget.level === 'exceeded') this.schedule();
    }, BUDGET_PUSH_MS).unref();
  }

  private appendTranscript(run: ActiveRun, text: string): void {
    if (text === '') return;
    const safe = redactSecrets(text);
    run.transcript.write(safe);
    this.options.transcripts.append(run.record.id, safe);
  }

  private aliveAgentsOf(record: RunRecord): string[] {
    return this.options.liveState
      .snapshot()
      .agents.filter((agent) => agent.runId === record.id)
      .map((agent) => agent.id);
  }

  private current(record: RunRecord): RunRecord {
    return this.active.get(record.id)?.record ?? record;
  }

  private event(record: RunRecord, type: OrreryEventInput['type'], fields: Record<string, unknown>): OrreryEventInput {
    return {
      v: 1,
      ts: this.now(),
      type,
      agent_id: record.agentId,
      source: SOURCE,
      run_id: record.id,
      ...(record.terminalId !== undefined && { terminal_id: record.terminalId }),
      ...fields,
    } as OrreryEventInput;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Codex counts usage per thread: the thread's totals are its earlier runs' plus this process's. */
function threadTotals(base: RunTokens, tokens: RunTokens): RunTokens {
  const totals = { ...base };
  addTokens(totals, tokens);
  return totals;
}

function isLive(state: RunRecord['state']): boolean {
  return state === 'starting' || state === 'running' || state === 'waiting';
}

function levelRank(level: BudgetStatus['level']): number {
  return level === 'ok' ? 0 : level === 'warning' ? 1 : 2;
}

/** Events the runs layer builds are valid by construction; a bug here must not reach the store. */
function validated(events: readonly OrreryEventInput[]): OrreryEvent[] {
  return events.map((event) => {
    const result = validateEvent(event);
    if (!result.ok) throw new Error(`The runs layer built an invalid ${event.type} event: ${result.detail}`);
    return result.event;
  });
}

/** Sortable enough to read, random enough never to collide: r + 10 base-32 characters. */
function newRunId(): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  return `r${[...randomBytes(10)].map((byte) => alphabet[byte % 32]).join('')}`;
}

/** Drops undefined values, so optional fields stay absent rather than present-and-undefined. */
function definedFields<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

export type { Profile };
