import { z } from 'zod';
import { schemaOf } from '../api/interface-schema';
import type { ActionAvailability, AgentActions } from './agent-actions';
import type { FinishedAgent, LiveAgent } from './agent-record';
import { AGENT_OUTCOMES, AGENT_STATUSES, eventSchema } from './event-schema';
import type { OrreryEvent } from './event-schema';
import type { JournalPosition, JournalStats, RejectReason, Rejection } from './journal-stats';
import type { LiveCounters, LiveSnapshot } from './live-state';

/**
 * The events part of the api contract. Agents, snapshots and journal stats are interfaces written
 * with the code that builds them; the schemas here describe the same values for the wire, and
 * `schemaOf` fails the build if the two drift apart.
 */

const count = z.number().int().nonnegative();
const amount = z.number().nonnegative();
const epochMs = z.number();

const ActionAvailabilitySchema = schemaOf<ActionAvailability>()(
  z.discriminatedUnion('available', [z.object({ available: z.literal(true) }), z.object({ available: z.literal(false), reason: z.string() })]),
);

const AgentActionsSchema = schemaOf<AgentActions>()(
  z.object({ cancel: ActionAvailabilitySchema, reset: ActionAvailabilitySchema, resume: ActionAvailabilitySchema }),
);

const usageTotals = {
  tokensIn: amount,
  tokensOut: amount,
  cacheRead: amount,
  cacheWrite: amount,
  costUsd: amount,
  costEstimated: z.boolean(),
};

const liveAgentObject = z.object({
  id: z.string(),
  parentId: z.string().optional(),
  sessionId: z.string().optional(),
  source: z.string(),
  name: z.string().optional(),
  model: z.string().optional(),
  status: z.enum(AGENT_STATUSES),
  currentTool: z.string().optional(),
  currentToolUseId: z.string().optional(),
  toolCalls: count,
  ...usageTotals,
  startedAt: epochMs,
  lastEventAt: epochMs,
  stale: z.boolean(),
  runtimeMs: amount,
  runId: z.string().optional(),
  terminalId: z.string().optional(),
  pid: z.number().int().positive().optional(),
  pidStart: z.string().optional(),
  host: z.string().optional(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  actions: AgentActionsSchema,
});

export const LiveAgentSchema = schemaOf<LiveAgent>()(liveAgentObject);

export const FinishedAgentSchema = schemaOf<FinishedAgent>()(
  liveAgentObject.extend({ outcome: z.enum(AGENT_OUTCOMES), error: z.string().optional(), endedAt: epochMs }),
);

export const LiveCountersSchema = schemaOf<LiveCounters>()(
  z.object({
    alive: count,
    spawned: count,
    toolCalls: count,
    done: count,
    errors: count,
    toolErrors: count,
    events: count,
    ...usageTotals,
  }),
);

export const LiveSnapshotSchema = schemaOf<LiveSnapshot>()(
  z.object({
    at: epochMs,
    agents: z.array(LiveAgentSchema),
    finished: z.array(FinishedAgentSchema),
    counters: LiveCountersSchema,
    recentEvents: z.array(eventSchema),
    staleAfterMs: amount,
  }),
);

const REJECT_REASONS = ['malformed_json', 'schema_violation', 'oversize_line', 'invalid_utf8'] as const satisfies readonly RejectReason[];
const RejectReasonSchema = z.enum(REJECT_REASONS);

const JournalPositionSchema = schemaOf<JournalPosition>()(z.object({ dev: z.number().int(), ino: z.number().int(), offset: count }));

const RejectionSchema = schemaOf<Rejection>()(
  z.object({ reason: RejectReasonSchema, detail: z.string(), offset: count, line: z.number().int().positive().optional(), excerpt: z.string(), at: epochMs }),
);

export const JournalStatsSchema = schemaOf<JournalStats>()(
  z.object({
    journal: z.string(),
    source: z.string(),
    removable: z.boolean(),
    state: z.enum(['waiting', 'following']),
    position: JournalPositionSchema.optional(),
    delivered: count,
    // An enum key makes the record exhaustive: every reason is counted, zero or not.
    rejected: z.record(RejectReasonSchema, count),
    recentRejections: z.array(RejectionSchema),
  }),
);

/**
 * What the live feed pushes: one snapshot on subscribe, then coalesced batches (at most one per
 * frame). `journals` rides along only when a journal's state or counts changed, so the warning
 * badge and the journals list are live without a poll.
 */
export type LiveFeedItem =
  | { kind: 'snapshot'; snapshot: LiveSnapshot; journals: JournalStats[] }
  | { kind: 'batch'; events: OrreryEvent[]; counters: LiveCounters; journals?: JournalStats[] };

export const LiveFeedItemSchema = schemaOf<LiveFeedItem>()(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('snapshot'), snapshot: LiveSnapshotSchema, journals: z.array(JournalStatsSchema) }),
    z.object({ kind: z.literal('batch'), events: z.array(eventSchema), counters: LiveCountersSchema, journals: z.array(JournalStatsSchema).optional() }),
  ]),
);

export interface AgentDetails {
  agent: LiveAgent | FinishedAgent | undefined;
  /** Newest last, from the store, so it reaches back further than the live ring. */
  recentEvents: OrreryEvent[];
}

export const AgentDetailsSchema = schemaOf<AgentDetails>()(
  z.object({ agent: z.union([FinishedAgentSchema, LiveAgentSchema]).optional(), recentEvents: z.array(eventSchema) }),
);

const AgentId = z.string().min(1).max(512);
const JournalPath = z.string().min(1).max(4096);

export const eventsMethods = {
  'events.agent': {
    input: z.object({ agentId: AgentId, limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: AgentDetailsSchema,
  },
  'journals.list': { input: z.object({}).strict(), output: z.array(JournalStatsSchema) },
  'journals.add': { input: z.object({ path: JournalPath }).strict(), output: z.array(JournalStatsSchema) },
  /** Stops following a journal added before (by path, as listed) and forgets it for later starts. */
  'journals.remove': { input: z.object({ path: JournalPath }).strict(), output: z.array(JournalStatsSchema) },
} as const;

export const eventsStreams = {
  'events.live': { input: z.object({}).strict(), item: LiveFeedItemSchema },
} as const;
