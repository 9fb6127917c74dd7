import { z } from 'zod';
import { AGENT_OUTCOMES } from '../events/event-schema';
import { TerminalInfo } from '../terminals/terminals-contract';

/**
 * The runs part of the api contract: agents Orrery launches itself (Claude Code, Codex, the demo
 * agent, any command), their profiles, the queue and the budget, and the actions a person takes on
 * any agent from its card (`agents.*`, dispatched to whoever owns the agent: runs, Paperclip, …).
 */

const Empty = z.object({}).strict();
const RunId = z.string().min(1).max(100);
const AgentId = z.string().min(1).max(512);
const ProfileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes, up to 64');
const Prompt = z.string().min(1, 'the prompt is empty').max(200_000);
const Path = z.string().min(1).max(4096);
const EnvName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

/** built-ins: `claude`, `codex`, `demo`; `command` profiles run any argv with `{prompt}` in it. */
export const PROFILE_KINDS = ['claude', 'codex', 'demo', 'command'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export const Profile = z
  .object({
    id: ProfileId,
    name: z.string().min(1).max(100),
    kind: z.enum(PROFILE_KINDS),
    /** Built-in profiles can be edited (path, env, model) but not deleted or given another kind. */
    builtIn: z.boolean().default(false),
    /** The binary to run; found on PATH when absent (or via ORRERY_CLAUDE_BIN / ORRERY_CODEX_BIN). */
    binaryPath: Path.optional(),
    /** `command` profiles: the argv template; every `{prompt}` is replaced by the prompt. */
    argv: z.array(z.string().max(10_000)).max(200).optional(),
    /** Default working directory for its runs. */
    cwd: Path.optional(),
    /** Added to Orrery's own environment. Values that look like secrets are never shown back. */
    env: z.record(EnvName, z.string().max(100_000)).default({}),
    model: z.string().min(1).max(200).optional(),
  })
  .strict();
export type Profile = z.output<typeof Profile>;

export const RUN_STATES = ['queued', 'starting', 'running', 'waiting', 'paused', 'done'] as const;
export type RunState = (typeof RUN_STATES)[number];
export const RUN_OUTCOMES = AGENT_OUTCOMES;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const RunInfo = z.object({
  id: RunId,
  profileId: z.string(),
  profileKind: z.enum(PROFILE_KINDS),
  /** The run's main agent in the graph. */
  agentId: z.string(),
  prompt: z.string(),
  /** As launched, with secrets redacted. */
  argv: z.array(z.string()),
  cwd: z.string(),
  model: z.string().optional(),
  effort: z.string().optional(),
  maxCostUsd: z.number().optional(),
  maxTurns: z.number().int().optional(),
  state: z.enum(RUN_STATES),
  outcome: z.enum(RUN_OUTCOMES).optional(),
  /** Why it ended the way it did, or why it is paused. */
  reason: z.string().optional(),
  exitCode: z.number().int().optional(),
  signal: z.string().optional(),
  pid: z.number().int().optional(),
  pidStart: z.string().optional(),
  /** Claude's session id or Codex's thread id: the resume key. */
  sessionId: z.string().optional(),
  terminalId: z.string().optional(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  costUsd: z.number(),
  /** Computed from tokens and a price table, not reported by the CLI. */
  costEstimated: z.boolean(),
  turns: z.number().int().optional(),
  /** The final answer's text, when it gave one. */
  resultText: z.string().optional(),
  /** With a JSON schema: the validated object. */
  structuredOutput: z.unknown().optional(),
  /** The run this one resumed (same session) or reset (fresh session). */
  resumedFrom: RunId.optional(),
  resetFrom: RunId.optional(),
  /** Set for agents a workflow started. */
  workflowRunId: z.string().optional(),
  queuedAt: z.number(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
});
export type RunInfo = z.output<typeof RunInfo>;

export const LaunchRequest = z
  .object({
    profileId: ProfileId.default('claude'),
    prompt: Prompt,
    cwd: Path.optional(),
    model: z.string().min(1).max(200).optional(),
    effort: z.string().min(1).max(50).optional(),
    maxCostUsd: z.number().positive().max(100_000).optional(),
    maxTurns: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type LaunchRequest = z.input<typeof LaunchRequest>;

export const RunSettings = z
  .object({
    /** At most this many runs at once; the rest queue in order. */
    maxConcurrent: z.number().int().min(1).max(64),
    /** Monthly USD budget over the cost of Orrery's runs; null: no budget. */
    monthlyBudgetUsd: z.number().positive().max(1_000_000).nullable(),
    /** Between SIGINT and SIGTERM, and between SIGTERM and SIGKILL, when cancelling. */
    cancelGraceMs: z.number().int().min(100).max(60_000),
  })
  .strict();
export type RunSettings = z.output<typeof RunSettings>;

export const BudgetStatus = z.object({
  monthlyBudgetUsd: z.number().nullable(),
  /** Cost of Orrery's runs that started this calendar month (local time). */
  spentUsd: z.number(),
  month: z.string(),
  /** warning at 80 %, exceeded at 100 %: new runs are held as paused. */
  level: z.enum(['ok', 'warning', 'exceeded']),
});
export type BudgetStatus = z.output<typeof BudgetStatus>;

const Availability = z.union([z.object({ available: z.literal(true) }), z.object({ available: z.literal(false), reason: z.string() })]);
export const AgentActionsOutput = z.object({ cancel: Availability, reset: Availability, resume: Availability });

/** What an action on an agent did: the run it touched or started, when it was a run. */
export const AgentActionResult = z.object({
  agentId: z.string(),
  /** What happened, for the card: "cancelled", "already ended", "stopping…", … */
  message: z.string(),
  run: RunInfo.optional(),
});
export type AgentActionResult = z.output<typeof AgentActionResult>;

export const runsMethods = {
  'runs.launch': { input: LaunchRequest, output: RunInfo },
  'runs.list': {
    input: z.object({ limit: z.number().int().min(1).max(10_000).default(200), activeOnly: z.boolean().default(false) }).strict(),
    output: z.array(RunInfo),
  },
  /** A run by its id, or by its agent id. */
  'runs.get': { input: z.object({ runId: z.string().min(1).max(512) }).strict(), output: RunInfo },
  /** Idempotent: cancelling an ended run returns it unchanged. */
  'runs.cancel': { input: z.object({ runId: RunId }).strict(), output: RunInfo },
  /** Stops it if live, then starts the same task again in a fresh session. Returns the new run. */
  'runs.reset': { input: z.object({ runId: RunId }).strict(), output: RunInfo },
  /** A new prompt into the same session, from the same directory. Returns the new run. */
  'runs.resume': { input: z.object({ runId: RunId, prompt: Prompt }).strict(), output: RunInfo },
  /** The run's readable transcript so far (ANSI colours, CRLF line ends). */
  'runs.transcript': { input: z.object({ runId: RunId }).strict(), output: z.object({ text: z.string(), done: z.boolean() }) },
  /** The run's transcript tab: the live one, or for a run from before a restart a new one read from its log. */
  'runs.openTranscript': { input: z.object({ runId: RunId }).strict(), output: TerminalInfo },
  'runs.settings': { input: Empty, output: RunSettings },
  'runs.updateSettings': { input: RunSettings.partial().strict(), output: RunSettings },
  'runs.budget': { input: Empty, output: BudgetStatus },
  'profiles.list': { input: Empty, output: z.array(Profile) },
  'profiles.save': { input: Profile, output: Profile },
  'profiles.delete': { input: z.object({ id: ProfileId }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** Fresh from the host: it can check the agent's process, which the snapshot cannot. */
  'agents.actions': { input: z.object({ agentId: AgentId }).strict(), output: AgentActionsOutput },
  'agents.cancel': { input: z.object({ agentId: AgentId }).strict(), output: AgentActionResult },
  'agents.reset': { input: z.object({ agentId: AgentId }).strict(), output: AgentActionResult },
  'agents.resume': { input: z.object({ agentId: AgentId, prompt: Prompt }).strict(), output: AgentActionResult },
} as const;

export type RunChange = { kind: 'run'; run: RunInfo } | { kind: 'budget'; budget: BudgetStatus };
export const RunChangeItem = z.union([z.object({ kind: z.literal('run'), run: RunInfo }), z.object({ kind: z.literal('budget'), budget: BudgetStatus })]);

export const runsStreams = {
  /** Every change of any run, and of the budget. */
  'runs.changes': { input: Empty, item: RunChangeItem },
  /** One run's transcript: everything so far, then each new piece; ends with `done`. */
  'runs.transcriptStream': {
    input: z.object({ runId: RunId }).strict(),
    item: z.object({ text: z.string(), done: z.boolean() }),
  },
} as const;
