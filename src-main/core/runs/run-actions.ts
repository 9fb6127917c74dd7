import { ApiError } from '../../../src-shared/api/api-error';
import { agentActions, isRunLead } from '../../../src-shared/events/agent-actions';
import type { AgentActions } from '../../../src-shared/events/agent-actions';
import type { AgentActionResult } from '../../../src-shared/runs/runs-contract';
import type { AgentActionProvider, KnownAgent } from '../agents/agent-action-provider';
import type { ProfileRepository } from './profile-repository';
import { canResume } from './run-command';
import type { RunManager } from './run-manager';
import { publicRun } from './run-record';
import type { RunRecord } from './run-record';

/** The card's actions on agents of the runs Orrery launched, checked against the run itself. */
export class RunActions implements AgentActionProvider {
  private readonly manager: RunManager;
  private readonly profiles: ProfileRepository;

  constructor(manager: RunManager, profiles: ProfileRepository) {
    this.manager = manager;
    this.profiles = profiles;
  }

  /** A run's agent that has lingered out of the live state is still known through its run. */
  static agentOfEndedRun(manager: RunManager, agentId: string): KnownAgent | undefined {
    let run: RunRecord;
    try {
      run = manager.get(agentId);
    } catch {
      return undefined;
    }
    if (run.agentId !== agentId) return undefined;
    const facts = { source: 'orrery', parentId: run.parentAgentId, sessionId: run.sessionId, runId: run.id, pid: run.pid, outcome: run.outcome, details: run.details ?? {} };
    return {
      id: run.agentId,
      ...facts,
      name: run.name,
      model: run.model,
      status: run.state === 'queued' ? 'queued' : 'running',
      currentTool: undefined,
      currentToolUseId: undefined,
      toolCalls: 0,
      tokensIn: run.tokensIn,
      tokensOut: run.tokensOut,
      cacheRead: run.cacheRead,
      cacheWrite: run.cacheWrite,
      costUsd: run.costUsd,
      costEstimated: run.costEstimated,
      startedAt: run.startedAt ?? run.queuedAt,
      lastEventAt: run.endedAt ?? run.queuedAt,
      runtimeMs: (run.endedAt ?? run.queuedAt) - (run.startedAt ?? run.queuedAt),
      terminalId: run.terminalId,
      pidStart: run.pidStart,
      host: undefined,
      stale: false,
      actions: agentActions(run.agentId, facts),
      outcome: run.outcome ?? 'success',
      error: run.reason,
      endedAt: run.endedAt ?? run.queuedAt,
    };
  }

  owns(agent: KnownAgent): boolean {
    return agent.runId !== undefined;
  }

  actions(agent: KnownAgent): AgentActions {
    const derived = agentActions(agent.id, agent);
    if (!isRunLead(agent, agent.id) || agent.runId === undefined) return derived;
    const run = this.manager.get(agent.runId);
    const ended = run.state === 'done';
    const resumable = canResume(this.profiles.get(run.profileId));
    return {
      cancel: ended ? { available: false, reason: 'It has already ended.' } : { available: true },
      reset: { available: true },
      resume: !ended
        ? { available: false, reason: 'It is still running; cancel it first, or wait until it ends.' }
        : !resumable
          ? { available: false, reason: 'A command profile has no session to resume; use Reset.' }
          : run.sessionId === undefined
            ? { available: false, reason: 'It ended before its session started, so there is nothing to resume; use Reset.' }
            : { available: true },
    };
  }

  async cancel(agent: KnownAgent): Promise<AgentActionResult> {
    const runId = this.leadRun(agent, 'cancel');
    const before = this.manager.get(runId);
    const run = await this.manager.cancel(runId);
    const message = before.state === 'done' ? `It had already ended (${before.outcome ?? 'done'}).` : run.outcome === 'cancelled' ? 'Cancelled.' : `It ended: ${run.outcome ?? 'done'}.`;
    return { agentId: agent.id, message, run: publicRun(run) };
  }

  async reset(agent: KnownAgent): Promise<AgentActionResult> {
    const run = await this.manager.reset(this.leadRun(agent, 'reset'));
    return { agentId: agent.id, message: `Started again in a fresh session as ${run.agentId}.`, run: publicRun(run) };
  }

  resume(agent: KnownAgent, prompt: string): Promise<AgentActionResult> {
    const run = this.manager.resume(this.leadRun(agent, 'resume'), prompt);
    return Promise.resolve({ agentId: agent.id, message: `Resumed its session as ${run.agentId}.`, run: publicRun(run) });
  }

  private leadRun(agent: KnownAgent, action: keyof AgentActions): string {
    const availability = agentActions(agent.id, agent)[action];
    if (!availability.available && !isRunLead(agent, agent.id)) throw new ApiError('failed_precondition', availability.reason);
    if (agent.runId === undefined) throw new ApiError('failed_precondition', 'Orrery did not start this agent.');
    return agent.runId;
  }
}
