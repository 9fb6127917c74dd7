import { ApiError } from '../../../src-shared/api/api-error';
import type { AgentActions } from '../../../src-shared/events/agent-actions';
import type { AgentActionResult } from '../../../src-shared/runs/runs-contract';
import type { AgentActionProvider, KnownAgent } from './agent-action-provider';

/** The card's actions go to the first provider that owns the agent; nobody owning it is a reason, not an error. */
export class AgentActionRouter {
  private readonly providers: AgentActionProvider[] = [];

  /** `first`: ahead of the built-in providers (an adapter that owns agents the others would claim). */
  add(provider: AgentActionProvider, placement: { first?: boolean } = {}): void {
    if (placement.first) this.providers.unshift(provider);
    else this.providers.push(provider);
  }

  providerFor(agent: KnownAgent): AgentActionProvider {
    return this.providers.find((provider) => provider.owns(agent)) ?? NOBODY;
  }
}

const WHY = 'Orrery did not start this agent and cannot reach its process.';

const NOBODY: AgentActionProvider = {
  owns: () => true,
  actions: (agent): AgentActions => agent.actions,
  cancel: (agent) => refuse(agent),
  reset: (agent) => refuse(agent),
  resume: (agent) => refuse(agent),
};

function refuse(agent: KnownAgent): Promise<AgentActionResult> {
  const reason = agent.actions.cancel.available ? WHY : agent.actions.cancel.reason;
  return Promise.reject(new ApiError('failed_precondition', reason));
}
