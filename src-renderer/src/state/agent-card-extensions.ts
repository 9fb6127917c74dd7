import type { ComponentType } from 'react';
import type { AgentOutcome } from '../../../src-shared/events/event-schema';
import type { LiveAgent } from '../../../src-shared/events/live-state';
import type { RunInfo } from '../../../src-shared/runs/runs-contract';

/** The agent as its card shows it: live, or the last picture of it once it left the graph. */
export interface CardAgent extends LiveAgent {
  outcome: AgentOutcome | undefined;
  error: string | undefined;
}

/** What an action did, for the card's result line. */
export interface CardReport {
  text: string;
  error: boolean;
  /** The run an action touched or started (a reset starts a new one). */
  run?: RunInfo | undefined;
}

export interface CardActionProps {
  agent: CardAgent;
  report: (report: CardReport) => void;
}

/**
 * Features that act on their agents through their own API (Paperclip, workflows) mark them with
 * `details.actionsBy` and register extra card buttons for that value here, at import time.
 */
const registry = new Map<string, ComponentType<CardActionProps>[]>();

export function registerCardActions(actionsBy: string, component: ComponentType<CardActionProps>): () => void {
  const list = registry.get(actionsBy) ?? [];
  registry.set(actionsBy, [...list, component]);
  return () => registry.set(actionsBy, (registry.get(actionsBy) ?? []).filter((c) => c !== component));
}

const NONE: readonly ComponentType<CardActionProps>[] = [];

export function cardActionsFor(actionsBy: unknown): readonly ComponentType<CardActionProps>[] {
  return typeof actionsBy === 'string' ? (registry.get(actionsBy) ?? NONE) : NONE;
}
