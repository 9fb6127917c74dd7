import { hostname } from 'node:os';
import { ApiError } from '../../../src-shared/api/api-error';
import type { AgentActions } from '../../../src-shared/events/agent-actions';
import { validateEvent } from '../../../src-shared/events/event-schema';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import type { LiveState } from '../../../src-shared/events/live-state';
import type { AgentActionResult } from '../../../src-shared/runs/runs-contract';
import type { AgentActionProvider, KnownAgent } from '../agents/agent-action-provider';
import type { EventIngest } from '../events/event-ingest';
import { interruptLadder, startTimeOf, terminateProcessTree } from '../process/process-tree';

export interface HookedProcessOptions {
  ingest: EventIngest;
  liveState: LiveState;
  graceMs: () => number;
}

const NOT_OURS = 'Orrery did not start this agent, so it cannot start it again.';

/**
 * Agents Orrery did not start but whose hooks reported their CLI's process (pid and start time):
 * cancel is offered while that process is on this machine and still the same process, and goes
 * through the same ladder as a run's; the agent and its subagents are then recorded as cancelled.
 */
export class HookedProcessActions implements AgentActionProvider {
  private readonly options: HookedProcessOptions;

  constructor(options: HookedProcessOptions) {
    this.options = options;
  }

  owns(agent: KnownAgent): boolean {
    return agent.runId === undefined && agent.pid !== undefined;
  }

  async actions(agent: KnownAgent): Promise<AgentActions> {
    return { cancel: await this.cancellable(agent), reset: { available: false, reason: NOT_OURS }, resume: { available: false, reason: NOT_OURS } };
  }

  async cancel(agent: KnownAgent): Promise<AgentActionResult> {
    const availability = await this.cancellable(agent);
    if (!availability.available) {
      if ('outcome' in agent) return { agentId: agent.id, message: `It had already ended (${agent.outcome}).` };
      throw new ApiError('failed_precondition', availability.reason);
    }
    await terminateProcessTree(agent.pid as number, true, { ladder: interruptLadder(this.options.graceMs()), ...(agent.pidStart !== undefined && { expectedStartTime: agent.pidStart }) });
    const ended = this.options.liveState
      .snapshot()
      .agents.filter((other) => other.id === agent.id || other.parentId === agent.id)
      .map((other) => eventFor(other.id, other.id === agent.id ? 'cancelled by you' : 'its session was cancelled'));
    this.options.ingest.ingestEvents(ended);
    return { agentId: agent.id, message: 'Cancelled: its process tree is gone.' };
  }

  reset(): Promise<AgentActionResult> {
    return Promise.reject(new ApiError('failed_precondition', NOT_OURS));
  }

  resume(): Promise<AgentActionResult> {
    return Promise.reject(new ApiError('failed_precondition', NOT_OURS));
  }

  private async cancellable(agent: KnownAgent): Promise<AgentActions['cancel']> {
    if ('outcome' in agent) return { available: false, reason: 'It has already ended.' };
    if (agent.host !== undefined && agent.host !== hostname()) return { available: false, reason: `It runs on another machine (${agent.host}).` };
    const startTime = await startTimeOf(agent.pid as number);
    if (startTime === undefined || (agent.pidStart !== undefined && startTime !== agent.pidStart)) {
      return { available: false, reason: `Its process (pid ${agent.pid}) is no longer running.` };
    }
    return { available: true };
  }
}

function eventFor(agentId: string, reason: string): OrreryEvent {
  const result = validateEvent({ v: 1, ts: Date.now(), type: 'agent_done', agent_id: agentId, source: 'orrery', outcome: 'cancelled', error: reason });
  if (!result.ok) throw new Error(result.detail);
  return result.event;
}
