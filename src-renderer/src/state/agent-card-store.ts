import { create } from 'zustand';

interface AgentCardState {
  /** The agent whose card is open; one card at a time. */
  agentId: string | undefined;
}

export const useAgentCardStore = create<AgentCardState>(() => ({ agentId: undefined }));

/** Double-click on a graph node or a list row, or Enter on a row. */
export function openAgentCard(agentId: string): void {
  useAgentCardStore.setState({ agentId });
}

export function closeAgentCard(): void {
  useAgentCardStore.setState({ agentId: undefined });
}
