import type { AgentWire, IssueWire, LiveEventWire, RunWire } from './paperclip-wire';

export const LIVE_RUN_STATUSES: ReadonlySet<string> = new Set(['queued', 'scheduled_retry', 'running']);
export const ENDED_RUN_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted']);

export const isLiveRun = (run: Pick<RunWire, 'status'>): boolean => !ENDED_RUN_STATUSES.has(run.status);

/** How far along a run is; an answer never moves a run back down this order. */
function statusRank(status: string): number {
  if (ENDED_RUN_STATUSES.has(status)) return 2;
  return status === 'running' ? 1 : 0;
}

/** What a live event asks of its watcher beyond the model update itself. */
export interface EventEffect {
  /** Something shown may have changed. */
  changed: boolean;
  /** The run's log has new lines. */
  logOf?: string;
  /** Its pause or error reason is not in the event: fetch the agent. */
  fetchAgent?: string;
}

/**
 * One company as far as Orrery knows it: its agents, the runs seen (live ones, and ended ones
 * until their end is shown) and the issues they work on. Fed by full refreshes and by the live
 * events between them, in any interleaving: an ended run never comes back to life.
 */
export class CompanyModel {
  readonly id: string;
  name: string;
  readonly agents = new Map<string, AgentWire>();
  readonly runs = new Map<string, RunWire>();
  readonly issues = new Map<string, IssueWire>();

  constructor(id: string, name: string) {
    this.id = id;
    this.name = name;
  }

  setAgents(agents: readonly AgentWire[]): void {
    this.agents.clear();
    for (const agent of agents) this.agents.set(agent.id, agent);
  }

  setAgent(agent: AgentWire): void {
    this.agents.set(agent.id, agent);
  }

  /**
   * A full `live-runs` answer. Returns the runs this model held as live that the answer no longer
   * lists: they ended in between, and only asking for each tells how.
   */
  setLiveRuns(runs: readonly RunWire[]): string[] {
    const listed = new Set<string>();
    for (const run of runs) {
      listed.add(run.id);
      this.mergeRun(run);
    }
    return [...this.runs.values()].filter((run) => isLiveRun(run) && !listed.has(run.id)).map((run) => run.id);
  }

  /**
   * An answer to a request (live-runs, a run, a cancel, a wake): later facts win, but its status
   * never goes back (queued → running → ended), since a live event may have overtaken the answer.
   */
  mergeRun(update: Partial<RunWire> & { id: string }): void {
    this.merge(update, (known, next) => (statusRank(next) < statusRank(known) ? known : next));
  }

  /** A live event, in the socket's order: any change but reviving an ended run (a stale retry). */
  private mergeEvent(update: Partial<RunWire> & { id: string }): void {
    this.merge(update, (known, next) => (!isLiveRun({ status: known }) && isLiveRun({ status: next }) ? known : next));
  }

  private merge(update: Partial<RunWire> & { id: string }, status: (known: string, next: string) => string): void {
    const known = this.runs.get(update.id);
    if (known === undefined) {
      if (update.agentId === undefined || update.status === undefined) return;
      this.runs.set(update.id, { ...update, agentId: update.agentId, status: update.status } as RunWire);
      return;
    }
    const defined = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
    const merged = { ...known, ...defined } as RunWire;
    merged.status = status(known.status, merged.status);
    this.runs.set(update.id, merged);
  }

  /** Ended runs are kept only until their end has been shown. */
  forgetEndedRuns(): void {
    for (const [id, run] of this.runs) if (!isLiveRun(run)) this.runs.delete(id);
  }

  applyEvent(event: LiveEventWire): EventEffect {
    const payload = event.payload ?? {};
    const runId = str(payload.runId);
    const agentId = str(payload.agentId);
    switch (event.type) {
      case 'heartbeat.run.queued':
        if (runId === undefined || agentId === undefined) return { changed: false };
        this.mergeEvent({ id: runId, agentId, status: 'queued', invocationSource: str(payload.invocationSource), createdAt: event.createdAt ?? undefined });
        return { changed: true };
      case 'heartbeat.run.status': {
        const status = str(payload.status);
        if (runId === undefined || agentId === undefined || status === undefined) return { changed: false };
        this.mergeEvent({
          id: runId,
          agentId,
          status,
          issueId: nullable(payload.issueId),
          invocationSource: str(payload.invocationSource),
          startedAt: nullable(payload.startedAt),
          finishedAt: nullable(payload.finishedAt),
          error: nullable(payload.error),
          errorCode: nullable(payload.errorCode),
        });
        return { changed: true };
      }
      case 'heartbeat.run.progress':
        if (runId === undefined || !this.runs.has(runId)) return { changed: false };
        this.mergeEvent({ id: runId, currentStatusMessage: nullable(payload.message), currentToolName: nullable(payload.currentToolName) });
        return { changed: true };
      case 'heartbeat.run.log':
        return runId === undefined ? { changed: false } : { changed: false, logOf: runId };
      case 'agent.status': {
        const status = str(payload.status);
        const agent = agentId === undefined ? undefined : this.agents.get(agentId);
        if (agentId === undefined || status === undefined) return { changed: false };
        if (agent === undefined) return { changed: false, fetchAgent: agentId };
        this.agents.set(agentId, { ...agent, status, ...(status !== 'paused' && { pauseReason: null }), ...(status !== 'error' && { errorReason: null }) });
        // The event names the state but not why: the reason comes with the agent itself.
        return status === 'paused' || status === 'error' ? { changed: true, fetchAgent: agentId } : { changed: true };
      }
      case 'activity.logged': {
        const action = str(payload.action) ?? '';
        const entityId = str(payload.entityId);
        // A new, renamed or re-budgeted agent: its row is the only place that says how.
        if (action.startsWith('agent.') && str(payload.entityType) === 'agent' && entityId !== undefined) return { changed: false, fetchAgent: entityId };
        return { changed: false };
      }
      default:
        return { changed: false };
    }
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A field the event carries as null means "none"; absent means "not said". */
function nullable(value: unknown): string | null | undefined {
  if (value === null) return null;
  return typeof value === 'string' ? value : undefined;
}
