import { ApiError } from '../../../src-shared/api/api-error';
import { validateEvent } from '../../../src-shared/events/event-schema';
import type { OrreryEvent, OrreryEventInput } from '../../../src-shared/events/event-schema';
import type { PaperclipInstance, PaperclipProblem, PaperclipState } from '../../../src-shared/paperclip/paperclip-contract';
import type { AgentActionResult } from '../../../src-shared/runs/runs-contract';
import type { EventIngest } from '../events/event-ingest';
import { CoalescingTask } from './coalescing-task';
import { CompanyModel, isLiveRun } from './company-model';
import { instanceHash } from './instance-url';
import { openLiveEvents } from './live-events-socket';
import type { LiveEventsSocket } from './live-events-socket';
import { endingOfRun, projectCompany } from './node-view';
import type { NodeView } from './node-view';
import { PaperclipClient } from './paperclip-client';
import { isTransient, PaperclipError, rethrowForApi } from './paperclip-errors';
import type { PaperclipStore } from './paperclip-store';
import type { RunWire } from './paperclip-wire';
import { RunLog } from './run-log';
import type { AdapterFactory, TranscriptTerminals } from './run-log';
import { diffViews } from './view-diff';
import type { NodeEnding } from './view-diff';

export interface PaperclipTiming {
  /** Full `live-runs` + agents refresh while the live socket is open. */
  refreshMs: number;
  /** The same refresh where the socket is refused. */
  pollMs: number;
  /** Reconnect backoff: doubles from the first delay up to the last. */
  firstRetryMs: number;
  maxRetryMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_TIMING: PaperclipTiming = { refreshMs: 30_000, pollMs: 2_000, firstRetryMs: 500, maxRetryMs: 30_000, requestTimeoutMs: 10_000 };

export interface InstanceConfig {
  /** Normalised (normalizeInstanceUrl). */
  url: string;
  apiKey: string | undefined;
  companies: string[] | undefined;
  fromCommandLine: boolean;
}

export interface WatcherDeps {
  store: PaperclipStore;
  ingest: EventIngest;
  terminals: TranscriptTerminals;
  createAdapter: AdapterFactory;
  timing: PaperclipTiming;
  now: () => number;
  log: (message: string) => void;
  onChange: (instance: PaperclipInstance) => void;
}

/** What to show for a run Paperclip no longer has (a 404 for a run once seen). */
const FORGOTTEN_RUN = 'Paperclip no longer knows this run';

/**
 * One Paperclip instance, watched: its connection (health, companies, one live-events socket per
 * company, a full refresh on connect and every 30 s, a 2 s poll where the socket is refused,
 * reconnects with backoff), the models of its companies, the graph nodes they project to, and
 * the logs of its live runs. Every change reaches the graph as the diff between the views last
 * committed and the views now, committed with those views in one transaction.
 */
export class InstanceWatcher {
  readonly url: string;
  readonly hash: string;
  private config: InstanceConfig;
  private client: PaperclipClient;
  private views: Map<string, NodeView>;
  private readonly companies = new Map<string, CompanyModel>();
  private readonly sockets = new Map<string, LiveEventsSocket>();
  private readonly polled = new Set<string>();
  private readonly logs = new Map<string, RunLog>();
  /** Runs committed views still show that the models do not know (after a restart): asked for one by one. */
  private readonly unknownRuns = new Set<string>();
  private readonly statusOverrides = new Map<string, string>();
  private readonly agentsAsked = new Set<string>();
  private state: PaperclipState = 'connecting';
  private problem: PaperclipProblem | undefined;
  private reason: string | undefined;
  private serverVersion: string | undefined;
  private localTrusted = false;
  private connectedAt: number | undefined;
  private retryAt: number | undefined;
  private everConnected = false;
  private failures = 0;
  /** Bumped on every (re)connect and stop, so late callbacks of an old connection do nothing. */
  private generation = 0;
  private online = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private refreshes = 0;
  private readonly syncTask = new CoalescingTask(
    () =>
      this.syncOnce().catch((error: unknown) => {
        this.deps.log(`[paperclip] ${this.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }),
    () => !this.stopped,
  );

  private readonly deps: WatcherDeps;

  constructor(config: InstanceConfig, committedViews: Map<string, NodeView>, deps: WatcherDeps) {
    this.deps = deps;
    this.url = config.url;
    this.hash = instanceHash(config.url);
    this.config = config;
    this.client = this.newClient();
    this.views = committedViews;
    for (const view of committedViews.values()) if (view.runId !== undefined) this.unknownRuns.add(view.runId);
  }

  start(): void {
    void this.connect();
  }

  /** A new key or other companies: reconnect with them. */
  reconfigure(config: InstanceConfig): void {
    this.config = config;
    this.client = this.newClient();
    this.disconnect();
    this.failures = 0;
    this.retryAt = undefined;
    this.setState('connecting', undefined, undefined);
    void this.connect();
  }

  get fromCommandLine(): boolean {
    return this.config.fromCommandLine;
  }

  info(): PaperclipInstance {
    return {
      url: this.url,
      hasKey: this.config.apiKey !== undefined,
      ...(this.config.companies !== undefined && { companies: [...this.config.companies] }),
      fromCommandLine: this.config.fromCommandLine,
      state: this.state,
      ...(this.problem !== undefined && { problem: this.problem }),
      ...(this.reason !== undefined && { reason: this.reason }),
      ...(this.state === 'connected' && { transport: this.polled.size > 0 ? ('polling' as const) : ('websocket' as const) }),
      watching: [...this.companies.values()].map((company) => ({ id: company.id, name: company.name })),
      ...(this.serverVersion !== undefined && { serverVersion: this.serverVersion }),
      ...(this.connectedAt !== undefined && { connectedAt: this.connectedAt }),
      ...(this.retryAt !== undefined && { retryAt: this.retryAt }),
    };
  }

  /** Whether a graph node belongs to this instance. */
  ownsNode(nodeId: string): boolean {
    return this.views.has(nodeId);
  }

  nodeView(nodeId: string): NodeView | undefined {
    return this.views.get(nodeId);
  }

  /**
   * Stops watching. `remove`: its nodes leave the graph and its stored state is dropped; `quit`:
   * everything stays stored for the next start, which reconciles against it.
   */
  async stop(mode: 'quit' | 'remove'): Promise<void> {
    this.stopped = true;
    this.disconnect();
    await this.syncTask.current;
    for (const log of this.logs.values()) log.close();
    this.logs.clear();
    if (mode === 'quit') return;
    const now = this.deps.now();
    const leaving: NodeEnding = { outcome: 'interrupted', error: `Orrery no longer watches ${this.url}`, ts: now };
    const events = this.validated(diffViews(this.views, new Map(), { now, ending: () => leaving }));
    const removed = [...this.views.keys()];
    this.deps.ingest.ingestEvents(events, () => {
      this.deps.store.saveViews(this.url, { upsert: [], remove: removed }, now);
      this.deps.store.removeInstance(this.url);
    });
    this.views = new Map();
  }

  // ── actions ────────────────────────────────────────────────────────────────────────────────

  async cancel(nodeId: string): Promise<AgentActionResult> {
    const { view, agentId, company } = this.agentNode(nodeId);
    const run = view.runId === undefined ? undefined : company.runs.get(view.runId);
    if (run === undefined || !isLiveRun(run)) throw new ApiError('failed_precondition', 'It has no live run to stop.');
    const ended = await this.stopRun(company, agentId, run.id);
    return { agentId: nodeId, message: ended.status === 'cancelled' ? 'cancelled' : `already ended: ${ended.status}` };
  }

  /** Resetting an agent with a live run stops the run first, as one action: a reset alone would not stop it. */
  async stopThenReset(nodeId: string): Promise<AgentActionResult> {
    const { view, agentId, company } = this.agentNode(nodeId);
    const run = view.runId === undefined ? undefined : company.runs.get(view.runId);
    const stopped = run !== undefined && isLiveRun(run) ? await this.stopRun(company, agentId, run.id) : undefined;
    try {
      await this.client.resetSession(agentId);
    } catch (error) {
      rethrowForApi(error);
    }
    await this.refreshAgent(company, agentId);
    return { agentId: nodeId, message: stopped === undefined ? 'session reset' : `run ${stopped.status}, then session reset` };
  }

  async pause(nodeId: string): Promise<AgentActionResult> {
    return this.onAgent(nodeId, 'paused', (agentId) => this.client.pause(agentId));
  }

  async resume(nodeId: string): Promise<AgentActionResult> {
    return this.onAgent(nodeId, 'resumed', (agentId) => this.client.resume(agentId));
  }

  async wake(nodeId: string): Promise<AgentActionResult> {
    const { agentId, company } = this.agentNode(nodeId);
    let run: RunWire;
    try {
      run = await this.client.wake(agentId);
    } catch (error) {
      rethrowForApi(error);
    }
    company.mergeRun(run);
    await this.sync();
    return { agentId: nodeId, message: `woken: run ${run.id.slice(0, 8)} ${run.status}` };
  }

  /** Availability checked against what Paperclip said last. */
  hasLiveRun(nodeId: string): boolean {
    const view = this.views.get(nodeId);
    const company = view === undefined ? undefined : this.companyOf(view);
    const run = view?.runId === undefined ? undefined : company?.runs.get(view.runId);
    return run !== undefined && isLiveRun(run);
  }

  private async onAgent(nodeId: string, done: string, act: (agentId: string) => ReturnType<PaperclipClient['pause']>): Promise<AgentActionResult> {
    const { agentId, company } = this.agentNode(nodeId);
    try {
      company.setAgent(await act(agentId));
    } catch (error) {
      rethrowForApi(error);
    }
    await this.sync();
    return { agentId: nodeId, message: done };
  }

  /** Shows "stopping…" while Paperclip's cancel blocks (until the process is gone), then the outcome. */
  private async stopRun(company: CompanyModel, agentId: string, runId: string): Promise<RunWire> {
    this.statusOverrides.set(agentId, 'stopping…');
    await this.sync();
    try {
      const run = await this.client.cancelRun(runId);
      company.mergeRun(run);
      return company.runs.get(runId) ?? run;
    } catch (error) {
      rethrowForApi(error);
    } finally {
      this.statusOverrides.delete(agentId);
      await this.sync();
    }
  }

  private agentNode(nodeId: string): { view: NodeView; agentId: string; company: CompanyModel } {
    const view = this.views.get(nodeId);
    if (view === undefined) throw new ApiError('not_found', `No Paperclip agent ${nodeId} is shown`);
    const agentId = view.details.paperclipAgentId;
    const company = this.companyOf(view);
    if (view.kind === 'company' || typeof agentId !== 'string') throw new ApiError('failed_precondition', 'A company is not an agent; act on one of its agents.');
    if (company === undefined) throw new ApiError('failed_precondition', `Orrery is not connected to ${this.url} (${this.reason ?? this.state})`);
    return { view, agentId, company };
  }

  private companyOf(view: NodeView): CompanyModel | undefined {
    const companyId = view.details.paperclipCompanyId;
    return typeof companyId === 'string' ? this.companies.get(companyId) : undefined;
  }

  private async refreshAgent(company: CompanyModel, agentId: string): Promise<void> {
    try {
      company.setAgent(await this.client.agent(agentId));
    } catch (error) {
      this.deps.log(`[paperclip] ${this.url}: could not refresh agent ${agentId}: ${(error as Error).message}`);
    }
    await this.sync();
  }

  // ── connection ─────────────────────────────────────────────────────────────────────────────

  private newClient(): PaperclipClient {
    return new PaperclipClient({ url: this.config.url, apiKey: this.config.apiKey, timeoutMs: this.deps.timing.requestTimeoutMs });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    // The state stays as the last failure left it while retrying: no flicker on every attempt.
    const generation = ++this.generation;
    try {
      const health = await this.client.health();
      this.serverVersion = health.version;
      this.localTrusted = health.deploymentMode === 'local_trusted';
      await this.refreshAll(generation);
      if (generation !== this.generation) return;
      this.online = true;
      for (const companyId of this.companies.keys()) this.openSocket(companyId, generation);
      this.failures = 0;
      this.everConnected = true;
      this.connectedAt = this.deps.now();
      this.retryAt = undefined;
      this.setState('connected', undefined, undefined);
      await this.sync();
      this.scheduleRefresh(generation);
    } catch (error) {
      this.fail(error, generation);
    }
  }

  /** Drops the connection (sockets, timers) but keeps the models and views. */
  private disconnect(): void {
    this.generation++;
    this.agentsAsked.clear();
    this.online = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const socket of this.sockets.values()) socket.close();
    this.sockets.clear();
    this.polled.clear();
  }

  private fail(error: unknown, generation: number): void {
    if (generation !== this.generation || this.stopped) return;
    this.disconnect();
    const problem = error instanceof PaperclipError ? error.problem : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    if (!(error instanceof PaperclipError)) this.deps.log(`[paperclip] ${this.url}: ${error instanceof Error ? (error.stack ?? reason) : reason}`);
    const delay = Math.min(this.deps.timing.firstRetryMs * 2 ** this.failures, this.deps.timing.maxRetryMs);
    this.failures++;
    this.retryAt = this.deps.now() + delay;
    this.connectedAt = undefined;
    this.setState(this.everConnected && isTransient(problem) ? 'reconnecting' : 'error', problem ?? 'server_error', reason);
    this.timer = setTimeout(() => void this.connect(), delay);
    void this.sync();
  }

  private setState(state: PaperclipState, problem: PaperclipProblem | undefined, reason: string | undefined): void {
    this.state = state;
    this.problem = problem;
    this.reason = reason;
    this.deps.onChange(this.info());
  }

  /** One timer: the period follows the transport, so a company that starts or stops polling reschedules it. */
  private scheduleRefresh(generation: number): void {
    if (generation !== this.generation || this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    const polling = this.polled.size > 0;
    this.timer = setTimeout(() => void this.refreshTick(generation), polling ? this.deps.timing.pollMs : this.deps.timing.refreshMs);
  }

  private async refreshTick(generation: number): Promise<void> {
    try {
      await this.refreshAll(generation);
      if (generation !== this.generation) return;
      // Where the socket was refused, try it again every refresh period.
      this.refreshes++;
      const every = Math.max(1, Math.round(this.deps.timing.refreshMs / this.deps.timing.pollMs));
      if (this.polled.size > 0 && this.refreshes % every === 0) for (const companyId of this.polled) this.openSocket(companyId, generation);
      for (const log of this.logs.values()) void log.poke();
      await this.sync();
      this.scheduleRefresh(generation);
    } catch (error) {
      this.fail(error, generation);
    }
  }

  /** Companies, then each watched company's agents and live runs. */
  private async refreshAll(generation: number): Promise<void> {
    const listed = await this.client.companies();
    if (generation !== this.generation) return;
    const wanted = this.config.companies === undefined ? undefined : new Set(this.config.companies);
    const watched = listed.filter((company) => wanted === undefined || wanted.has(company.id));
    const watchedIds = new Set(watched.map((company) => company.id));
    for (const companyId of [...this.companies.keys()]) {
      if (watchedIds.has(companyId)) continue;
      this.companies.delete(companyId);
      this.sockets.get(companyId)?.close();
      this.sockets.delete(companyId);
      this.polled.delete(companyId);
    }
    for (const wire of watched) {
      let company = this.companies.get(wire.id);
      const added = company === undefined;
      if (company === undefined) this.companies.set(wire.id, (company = new CompanyModel(wire.id, wire.name)));
      company.name = wire.name;
      await this.refreshCompany(company, generation);
      if (added && this.online) this.openSocket(wire.id, generation);
    }
    this.deps.onChange(this.info());
  }

  /** A run the model held as live that `live-runs` no longer lists ended in between: asked for by id. */
  private async refreshCompany(company: CompanyModel, generation: number): Promise<void> {
    const [agents, runs] = await Promise.all([this.client.agents(company.id), this.client.liveRuns(company.id)]);
    if (generation !== this.generation) return;
    company.setAgents(agents);
    for (const runId of company.setLiveRuns(runs)) this.unknownRuns.add(runId);
  }

  private openSocket(companyId: string, generation: number): void {
    this.sockets.get(companyId)?.close();
    const { url, headers } = this.client.eventsSocket(companyId, !this.localTrusted);
    const socket = openLiveEvents(url, headers, {
      onOpen: () => {
        const company = this.companies.get(companyId);
        if (generation !== this.generation || company === undefined) return;
        if (this.polled.delete(companyId)) {
          this.deps.onChange(this.info());
          this.scheduleRefresh(generation);
        }
        // What happened between the last refresh and the socket's opening came on no socket.
        this.refreshCompany(company, generation).then(
          () => this.sync(),
          (error: unknown) => this.fail(error, generation),
        );
      },
      onEvent: (event) => {
        if (generation === this.generation) this.onEvent(companyId, event);
      },
      onRefused: (status) => {
        if (generation !== this.generation) return;
        this.sockets.delete(companyId);
        if (this.polled.has(companyId)) return;
        this.polled.add(companyId);
        this.deps.log(`[paperclip] ${this.url}: live events refused (HTTP ${status}) for company ${companyId}; polling every ${this.deps.timing.pollMs} ms`);
        this.deps.onChange(this.info());
        this.scheduleRefresh(generation);
      },
      onLost: (reason) => {
        if (generation !== this.generation || this.polled.has(companyId)) return;
        this.fail(new PaperclipError(reason, 'unreachable'), generation);
      },
    });
    this.sockets.set(companyId, socket);
  }

  private onEvent(companyId: string, event: Parameters<CompanyModel['applyEvent']>[0]): void {
    const company = this.companies.get(companyId);
    if (company === undefined) return;
    const effect = company.applyEvent(event);
    if (effect.logOf !== undefined) void this.logs.get(effect.logOf)?.poke();
    if (effect.fetchAgent !== undefined) void this.refreshAgent(company, effect.fetchAgent);
    else if (effect.changed) void this.sync();
  }

  // ── the graph ──────────────────────────────────────────────────────────────────────────────

  /** A sync asked for while one runs happens once, right after it. */
  private sync(): Promise<void> {
    return this.syncTask.run();
  }

  private async syncOnce(): Promise<void> {
    if (this.online) await this.learnMissing();
    if (this.stopped) return;
    const next = new Map<string, NodeView>();
    const context = {
      instanceUrl: this.url,
      hash: this.hash,
      connection: this.state,
      connectionReason: this.reason,
      statusOverrides: this.statusOverrides,
      terminalOf: (runId: string) => this.logs.get(runId)?.terminalId,
    };
    // While the models are empty (not connected since start), what was shown stays as it was.
    if (this.companies.size === 0 && !this.online) {
      for (const [id, view] of this.views) next.set(id, view.kind === 'company' ? { ...view, details: { ...view.details, connection: this.state, ...(this.reason && { connectionReason: this.reason }) } } : view);
    } else {
      for (const company of this.companies.values()) for (const [id, view] of projectCompany(company, context)) next.set(id, view);
    }
    for (const [id, view] of next) {
      if (view.runId === undefined || view.terminalId !== undefined || !this.online) continue;
      view.terminalId = this.followLog(id, view).terminalId;
    }
    // A run that ends has its last lines read and its open tool calls closed before it ends in the graph.
    const endedRuns = [...this.views.values()].filter((view) => view.runId !== undefined && ![...next.values()].some((v) => v.runId === view.runId));
    for (const view of endedRuns) await this.finishLog(view);
    if (this.stopped) return;
    const now = this.deps.now();
    const events = this.validated(diffViews(this.views, next, { now, ending: (_id, view) => this.endingOf(view, now) }));
    const upsert = [...next].filter(([id, view]) => JSON.stringify(this.views.get(id)) !== JSON.stringify(view));
    const remove = [...this.views.keys()].filter((id) => !next.has(id));
    if (events.length > 0 || upsert.length > 0 || remove.length > 0) {
      this.deps.ingest.ingestEvents(events, () => {
        this.deps.store.saveViews(this.url, { upsert, remove }, now);
        for (const view of endedRuns) if (view.runId !== undefined) this.deps.store.forgetLogCursor(this.url, view.runId);
      });
    }
    this.views = next;
    if (this.online) for (const company of this.companies.values()) company.forgetEndedRuns();
  }

  /** Facts the views need that no refresh brings: how vanished runs ended, issue titles, new agents. */
  private async learnMissing(): Promise<void> {
    const generation = this.generation;
    const asks: Promise<void>[] = [];
    for (const runId of this.unknownRuns) {
      asks.push(
        this.client.run(runId).then(
          (run) => this.modelFor(run)?.mergeRun(run),
          (error: unknown) => {
            if (!(error instanceof PaperclipError) || error.status !== 404) throw error;
            this.forgetRun(runId);
          },
        ),
      );
    }
    for (const company of this.companies.values()) {
      for (const run of company.runs.values()) {
        if (run.issueId && !company.issues.has(run.issueId)) {
          const issueId = run.issueId;
          // A stub first, so an issue that cannot be read is asked for once, not on every sync.
          company.issues.set(issueId, { id: issueId });
          asks.push(this.client.issue(issueId).then((issue) => void company.issues.set(issueId, issue), () => undefined));
        }
        if (!company.agents.has(run.agentId) && !this.agentsAsked.has(run.agentId)) {
          // Asked once per connection: an agent that cannot be read is shown by its run's name.
          this.agentsAsked.add(run.agentId);
          asks.push(this.client.agent(run.agentId).then((agent) => company.setAgent(agent), () => undefined));
        }
      }
    }
    if (asks.length === 0) return;
    try {
      await Promise.all(asks);
      if (generation === this.generation) this.unknownRuns.clear();
    } catch (error) {
      this.fail(error, generation);
    }
  }

  /** A run whose end Paperclip cannot tell: it ends in the graph as interrupted. */
  private forgetRun(runId: string): void {
    const view = [...this.views.values()].find((candidate) => candidate.runId === runId);
    const company = view === undefined ? undefined : this.companyOf(view);
    const agentId = view?.details.paperclipAgentId;
    if (company !== undefined && typeof agentId === 'string') company.mergeRun({ id: runId, agentId, status: 'interrupted', error: FORGOTTEN_RUN });
  }

  private modelFor(run: RunWire): CompanyModel | undefined {
    if (run.companyId) return this.companies.get(run.companyId);
    return [...this.companies.values()].find((company) => company.agents.has(run.agentId));
  }

  private endingOf(view: NodeView, now: number): NodeEnding {
    const notWatched: NodeEnding = { outcome: 'interrupted', error: `Orrery no longer watches this ${view.kind === 'company' ? 'company' : 'agent'}`, ts: now };
    if (view.kind === 'company') return notWatched;
    if (view.runId === undefined) return { outcome: 'success', ts: now };
    const run = this.companyOf(view)?.runs.get(view.runId);
    if (run === undefined) return { outcome: 'interrupted', error: FORGOTTEN_RUN, ts: now };
    return isLiveRun(run) ? notWatched : endingOfRun(run, now);
  }

  private followLog(nodeId: string, view: NodeView): RunLog {
    const runId = view.runId as string;
    let log = this.logs.get(runId);
    if (log !== undefined) return log;
    log = new RunLog({
      runId,
      nodeId,
      adapterType: view.model,
      name: `${view.name} · ${runId.slice(0, 8)}`,
      terminals: this.deps.terminals,
      createAdapter: this.deps.createAdapter,
      fetchPage: (offset, limit) => this.client.logPage(runId, offset, limit),
      eventsThrough: this.deps.store.logCursor(this.url, runId),
      commitEvents: (events, seq) => this.deps.ingest.ingestEvents(this.validated(events), () => this.deps.store.saveLogCursor(this.url, runId, seq)),
      now: this.deps.now,
      onError: (error) => this.deps.log(`[paperclip] ${this.url}: log of run ${runId}: ${(error as Error).message}`),
    });
    this.logs.set(runId, log);
    void log.poke();
    return log;
  }

  private async finishLog(view: NodeView): Promise<void> {
    const runId = view.runId as string;
    const log = this.logs.get(runId);
    if (log === undefined) return;
    this.logs.delete(runId);
    const run = this.companyOf(view)?.runs.get(runId);
    if (run === undefined || isLiveRun(run)) {
      log.close();
      return;
    }
    const { outcome } = endingOfRun(run, this.deps.now());
    const exitCode = typeof run.exitCode === 'number' ? run.exitCode : outcome === 'success' ? 0 : 1;
    const signal = typeof run.signal === 'string' ? run.signal : null;
    await log.finish(outcome, run.status, run.error ?? undefined, { exitCode: signal === null ? exitCode : null, signal });
  }

  private validated(events: readonly OrreryEventInput[]): OrreryEvent[] {
    const valid: OrreryEvent[] = [];
    for (const event of events) {
      const result = validateEvent(event);
      if (result.ok) valid.push(result.event);
      else this.deps.log(`[paperclip] ${this.url}: dropped an invalid ${event.type} event for ${event.agent_id}: ${result.detail}`);
    }
    return valid;
  }
}
