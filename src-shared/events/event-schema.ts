import { z } from 'zod';

/** The schema version every journal line carries; a future v2 gets its own branch here. */
export const EVENT_SCHEMA_VERSION = 1;

/** Below this an epoch number is almost certainly seconds, not milliseconds (it is 1973-03-03 in ms). */
const MIN_EPOCH_MS = 1e11;
/** The largest instant a JS Date can hold. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Timestamps are canonical as integer epoch milliseconds: they sort and subtract without parsing,
 * and the store indexes them as INTEGER. Writers may send either form; shell hooks find
 * `date -Iseconds` easier, programs find `Date.now()` easier.
 */
const timestamp = z
  .union(
    [
      z.number().min(MIN_EPOCH_MS, 'expected epoch milliseconds (this looks like seconds)').max(MAX_EPOCH_MS),
      // A datetime without an offset is ambiguous across machines, so the offset is mandatory.
      z.iso.datetime({ offset: true }),
    ],
    { error: 'expected an ISO-8601 datetime with offset or epoch milliseconds' },
  )
  .transform((value) => (typeof value === 'number' ? Math.round(value) : Date.parse(value)));

const id = z.string().min(1);

/** Scalar facts an adapter wants shown on the agent's card (issue, phase, attempt, …). */
const details = z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]));

const common = {
  v: z.literal(EVENT_SCHEMA_VERSION),
  ts: timestamp,
  agent_id: id,
  parent_id: id.optional(),
  session_id: id.optional(),
  source: id,
  name: z.string().optional(),
  model: z.string().optional(),
  /** The Orrery run the agent belongs to, when Orrery launched it (subagents carry it too). */
  run_id: id.optional(),
  /** The terminal that shows the agent's transcript. */
  terminal_id: id.optional(),
  /** Merged into the agent's details: later values win, null removes a key. */
  details: details.optional(),
};

// `.loose()` keeps fields we do not know yet: writers are ahead of readers more often than not,
// and the stored body must round-trip what was written.
const agentSpawnSchema = z
  .object({
    ...common,
    type: z.literal('agent_spawn'),
    // The agent CLI's own process, so an agent Orrery did not start can still be cancelled.
    pid: z.number().int().positive().optional(),
    /** The kernel's start time of `pid` (Linux: /proc/<pid>/stat field 22), to refuse a reused pid. */
    pid_start: z.string().min(1).max(32).optional(),
    /** The machine the process runs on: a pid means nothing elsewhere. */
    host: z.string().min(1).max(255).optional(),
  })
  .loose();

/** `interrupted`: the agent's process died with Orrery (a crash or a kill), not by its own end. */
export const AGENT_OUTCOMES = ['success', 'error', 'cancelled', 'timeout', 'interrupted'] as const;
const agentDoneSchema = z
  .object({ ...common, type: z.literal('agent_done'), outcome: z.enum(AGENT_OUTCOMES), error: z.string().optional() })
  .loose();

const toolUseSchema = z
  .object({ ...common, type: z.literal('tool_use'), tool: id, tool_use_id: id, input_summary: z.string().optional() })
  .loose();

const toolResultSchema = z
  .object({
    ...common,
    type: z.literal('tool_result'),
    tool_use_id: id,
    ok: z.boolean(),
    // Optional because hook-based writers only see the end of a call; the start is its tool_use.
    duration_ms: z.number().nonnegative().optional(),
    error: z.string().optional(),
  })
  .loose();

const amount = z.number().nonnegative();
/** Usage amounts are increments since the agent's previous usage event, so readers just add them up. */
const usageSchema = z
  .object({
    ...common,
    type: z.literal('usage'),
    tokens_in: amount,
    tokens_out: amount,
    cache_read: amount.optional(),
    cache_write: amount.optional(),
    cost_usd: amount.optional(),
    /** The cost was computed from tokens and a price table, not reported by the agent. */
    cost_estimated: z.boolean().optional(),
  })
  .loose();

/** `queued`: waiting for a free slot (Orrery's run queue), not yet started. */
export const AGENT_STATUSES = ['queued', 'idle', 'running', 'waiting', 'error', 'paused'] as const;
const statusSchema = z.object({ ...common, type: z.literal('status'), status: z.enum(AGENT_STATUSES) }).loose();

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const logSchema = z
  .object({ ...common, type: z.literal('log'), level: z.enum(LOG_LEVELS), message: z.string() })
  .loose();

export const eventSchema = z.discriminatedUnion('type', [
  agentSpawnSchema,
  agentDoneSchema,
  toolUseSchema,
  toolResultSchema,
  usageSchema,
  statusSchema,
  logSchema,
]);

/** A validated event with `ts` normalised to epoch milliseconds. */
export type OrreryEvent = z.output<typeof eventSchema>;
/** What a writer may put on a journal line (`ts` in either form). */
export type OrreryEventInput = z.input<typeof eventSchema>;
export type AgentOutcome = (typeof AGENT_OUTCOMES)[number];
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export type ParseFailureReason = 'malformed_json' | 'schema_violation';
export type ParseResult =
  | { ok: true; event: OrreryEvent }
  | { ok: false; reason: ParseFailureReason; detail: string };

/** Validates a value that is already JSON-decoded (orchestrator and adapter events). */
export function validateEvent(value: unknown): ParseResult {
  const result = eventSchema.safeParse(value);
  if (result.success) return { ok: true, event: result.data };
  return { ok: false, reason: 'schema_violation', detail: summariseIssues(result.error.issues) };
}

/** Decodes and validates one journal line. Size and UTF-8 checks belong to the reader. */
export function parseEvent(line: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: 'malformed_json', detail: (error as Error).message };
  }
  return validateEvent(value);
}

const MAX_ISSUES_SHOWN = 3;

/** One short line a person can act on, e.g. `outcome: Invalid option…; tool_use_id: Invalid input…`. */
function summariseIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
    return `${path}: ${issue.message}`;
  });
  const hidden = issues.length - shown.length;
  return hidden > 0 ? `${shown.join('; ')}; …and ${hidden} more` : shown.join('; ');
}
