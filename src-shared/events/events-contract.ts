import { z } from 'zod';
import type { OrreryEvent } from './event-schema';
import type { JournalStats } from './journal-stats';
import type { FinishedAgent, LiveAgent, LiveCounters, LiveSnapshot } from './live-state';

/**
 * What the live feed pushes: one snapshot on subscribe, then coalesced batches (at most one per
 * frame). `journals` rides along only when a journal's state or counts changed, so the warning
 * badge and the journals list are live without a poll. Items are typed but not re-validated: they come from the core itself.
 */
export type LiveFeedItem =
  | { kind: 'snapshot'; snapshot: LiveSnapshot; journals: JournalStats[] }
  | { kind: 'batch'; events: OrreryEvent[]; counters: LiveCounters; journals?: JournalStats[] };

export interface AgentDetails {
  agent: LiveAgent | FinishedAgent | undefined;
  /** Newest last, from the store, so it reaches back further than the live ring. */
  recentEvents: OrreryEvent[];
}

const AgentId = z.string().min(1).max(512);
const JournalPath = z.string().min(1).max(4096);

export const eventsMethods = {
  'events.agent': {
    input: z.object({ agentId: AgentId, limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: z.custom<AgentDetails>(),
  },
  'journals.list': { input: z.object({}).strict(), output: z.custom<JournalStats[]>() },
  'journals.add': { input: z.object({ path: JournalPath }).strict(), output: z.custom<JournalStats[]>() },
} as const;

export const eventsStreams = {
  'events.live': { input: z.object({}).strict(), item: z.custom<LiveFeedItem>() },
} as const;
