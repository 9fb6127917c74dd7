import type { AgentActions } from '../../../src-shared/events/agent-actions';
import type { FinishedAgent, LiveAgent } from '../../../src-shared/events/live-state';
import type { AgentActionResult } from '../../../src-shared/runs/runs-contract';

export type KnownAgent = LiveAgent | FinishedAgent;

/**
 * Whoever can act on an agent: the runs layer for the runs Orrery launched, the process
 * canceller for agents seen through hooks, the Paperclip adapter for Paperclip runs. The card's
 * actions (`agents.*`) go to the first provider that owns the agent.
 */
export interface AgentActionProvider {
  owns(agent: KnownAgent): boolean;
  /** Fresh availability, checked against the world (is the process still the same one?). */
  actions(agent: KnownAgent): AgentActions | Promise<AgentActions>;
  cancel(agent: KnownAgent): Promise<AgentActionResult>;
  reset(agent: KnownAgent): Promise<AgentActionResult>;
  resume(agent: KnownAgent, prompt: string): Promise<AgentActionResult>;
}
