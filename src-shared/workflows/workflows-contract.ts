import { z } from 'zod';
import { AGENT_OUTCOMES } from '../events/event-schema';

/**
 * The workflows part of the api contract: Claude Code's workflow scripts (`.claude/workflows/*.js`),
 * run unchanged in a sandbox and journaled, so a run resumes after a cancel, a crash or an edit.
 * Every agent a workflow starts is a run of the runs layer, a branch of the workflow's node.
 */

const WorkflowRunId = z.string().min(1).max(100);
const ProfileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes, up to 64');
const Path = z.string().min(1).max(4096);
/** What a run is started with, verbatim; JSON, as it crosses into the sandbox as JSON. */
const MAX_ARGS_JSON = 1_000_000;
const Args = z.unknown().refine((value) => {
  try {
    const json = JSON.stringify(value);
    return json === undefined || json.length <= MAX_ARGS_JSON;
  } catch {
    return false;
  }
}, `args must be JSON (at most ${MAX_ARGS_JSON.toLocaleString('en')} characters)`);
/** Output tokens, over all the run's agents. */
const BudgetTokens = z.number().int().positive().max(1e12);

/** Where a workflow file was found, nearest first: the nearer one wins a name clash. */
export const WORKFLOW_SOURCE_KINDS = ['project-claude', 'project-orrery', 'user-claude', 'orrery-data', 'built-in', 'path'] as const;
export type WorkflowSourceKind = (typeof WORKFLOW_SOURCE_KINDS)[number];

export const WorkflowPhase = z.object({ title: z.string(), detail: z.string().optional(), model: z.string().optional() });
export type WorkflowPhase = z.output<typeof WorkflowPhase>;

/** Why a file cannot run: a broken or non-literal `meta`, a body that does not parse. */
export const WorkflowProblem = z.object({ file: z.string(), line: z.number().int().optional(), reason: z.string() });
export type WorkflowProblem = z.output<typeof WorkflowProblem>;

export const WorkflowEntry = z.object({
  /** `meta.name`; the file's name (without `.js`) when its meta cannot be read. */
  name: z.string(),
  description: z.string().optional(),
  whenToUse: z.string().optional(),
  phases: z.array(WorkflowPhase),
  path: z.string(),
  sourceKind: z.enum(WORKFLOW_SOURCE_KINDS),
  /** Set when a nearer file has the same name: that one runs, this one is listed but hidden by it. */
  shadowedBy: z.object({ path: z.string(), sourceKind: z.enum(WORKFLOW_SOURCE_KINDS) }).optional(),
  /** Set when the file cannot run; it is listed anyway, so a broken workflow is never silently missing. */
  error: WorkflowProblem.optional(),
});
export type WorkflowEntry = z.output<typeof WorkflowEntry>;

export const WORKFLOW_RUN_STATES = ['running', 'cancelling', 'done'] as const;
export type WorkflowRunState = (typeof WORKFLOW_RUN_STATES)[number];
export const WORKFLOW_OUTCOMES = AGENT_OUTCOMES;
export type WorkflowOutcome = (typeof WORKFLOW_OUTCOMES)[number];

/** A script error (with where it was thrown), a sandbox limit, or why the run could not go on. */
export const WorkflowError = z.object({ message: z.string(), file: z.string().optional(), line: z.number().int().optional() });
export type WorkflowError = z.output<typeof WorkflowError>;

export const WorkflowRunInfo = z.object({
  id: WorkflowRunId,
  /** The workflow's node in the graph (`wf-<id>`); its agents branch from it. */
  agentId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  scriptPath: z.string(),
  sourceKind: z.enum(WORKFLOW_SOURCE_KINDS),
  cwd: z.string(),
  profileId: z.string(),
  /** Absent when it was started without args (the script then sees `undefined`). */
  args: z.unknown().optional(),
  budgetTokens: z.number().nullable(),
  spentTokens: z.number(),
  state: z.enum(WORKFLOW_RUN_STATES),
  outcome: z.enum(WORKFLOW_OUTCOMES).optional(),
  /** What the script returned (JSON), once it succeeded. */
  result: z.unknown().optional(),
  error: WorkflowError.optional(),
  /** 1, plus one per resume. */
  attempts: z.number().int(),
  currentPhase: z.string().optional(),
  /** agent() calls of the current attempt so far, and how many of them came from the journal. */
  totalCalls: z.number().int(),
  cachedCount: z.number().int(),
  runningCount: z.number().int(),
  failedCount: z.number().int(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
});
export type WorkflowRunInfo = z.output<typeof WorkflowRunInfo>;

/**
 * One agent() call. `cached`: its result came from the journal, no agent ran. `failed`: it
 * resolved to null after its retries; `rejected`: agent() threw (budget spent, call cap, bad options).
 */
export const WORKFLOW_CALL_STATES = ['queued', 'running', 'done', 'failed', 'cancelled', 'rejected', 'interrupted'] as const;
export type WorkflowCallState = (typeof WORKFLOW_CALL_STATES)[number];

export const WorkflowAgentInfo = z.object({
  position: z.number().int(),
  label: z.string().optional(),
  phase: z.string().optional(),
  /** The prompt's start, for calls without a label. */
  promptPreview: z.string(),
  state: z.enum(WORKFLOW_CALL_STATES),
  cached: z.boolean(),
  /** Live attempts (a schema mismatch or a dead agent is retried once). */
  attempts: z.number().int(),
  /** The last attempt's run and its node in the graph. */
  runId: z.string().optional(),
  agentId: z.string().optional(),
  tokensOut: z.number(),
  durationMs: z.number().optional(),
  error: z.string().optional(),
  /** `isolation: 'worktree'` calls whose worktree held changes keep it. */
  worktreePath: z.string().optional(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
});
export type WorkflowAgentInfo = z.output<typeof WorkflowAgentInfo>;

export const WorkflowLogLine = z.object({ seq: z.number().int(), ts: z.number(), level: z.enum(['debug', 'info', 'warn', 'error']), message: z.string() });
export type WorkflowLogLine = z.output<typeof WorkflowLogLine>;

export const WorkflowPhaseProgress = z.object({
  title: z.string(),
  detail: z.string().optional(),
  /** Calls in this phase, and how many have ended (done, failed, cancelled or rejected). */
  calls: z.number().int(),
  ended: z.number().int(),
  running: z.number().int(),
});

/** Everything the progress panel shows. */
export const WorkflowRunDetail = WorkflowRunInfo.extend({
  /** `meta.phases` in order, then phases met on the way; calls outside any phase are under "". */
  phases: z.array(WorkflowPhaseProgress),
  agents: z.array(WorkflowAgentInfo),
  /** The last lines of log() (at most 1,000). */
  log: z.array(WorkflowLogLine),
});
export type WorkflowRunDetail = z.output<typeof WorkflowRunDetail>;

export const WorkflowStartRequest = z
  .object({
    /** A workflow's name (from the list), or a path to a `.js` file (relative to `cwd`). */
    nameOrPath: z.string().min(1).max(4096),
    args: Args.optional(),
    profileId: ProfileId.optional(),
    budgetTokens: BudgetTokens.optional(),
    /** Where project workflows are found and agents work; defaults to the host's. */
    cwd: Path.optional(),
  })
  .strict();
export type WorkflowStartRequest = z.input<typeof WorkflowStartRequest>;

export const workflowsMethods = {
  'workflows.list': { input: z.object({ cwd: Path.optional() }).strict(), output: z.array(WorkflowEntry) },
  'workflows.start': { input: WorkflowStartRequest, output: WorkflowRunInfo },
  'workflows.runs': {
    input: z.object({ limit: z.number().int().min(1).max(10_000).default(100), activeOnly: z.boolean().default(false) }).strict(),
    output: z.array(WorkflowRunInfo),
  },
  'workflows.get': { input: z.object({ runId: WorkflowRunId }).strict(), output: WorkflowRunDetail },
  /** Idempotent: cancelling an ended run returns it unchanged. */
  'workflows.cancel': { input: z.object({ runId: WorkflowRunId }).strict(), output: WorkflowRunInfo },
  /** Runs the script again (re-read, so edits count); the unchanged prefix of agent() calls comes from the journal. */
  'workflows.resume': { input: z.object({ runId: WorkflowRunId, budgetTokens: BudgetTokens.optional() }).strict(), output: WorkflowRunInfo },
} as const;

export const WorkflowChangeItem = z.union([
  z.object({ kind: z.literal('run'), run: WorkflowRunInfo }),
  z.object({ kind: z.literal('agent'), runId: WorkflowRunId, agent: WorkflowAgentInfo }),
  z.object({ kind: z.literal('log'), runId: WorkflowRunId, line: WorkflowLogLine }),
]);
export type WorkflowChange = z.output<typeof WorkflowChangeItem>;

export const workflowsStreams = {
  /** Every change of every workflow run (or of one, with `runId`): the run, one of its calls, a log line. */
  'workflows.changes': { input: z.object({ runId: WorkflowRunId.optional() }).strict(), item: WorkflowChangeItem },
} as const;

/** The workflows contract on its own, for handlers written before it joins the whole contract. */
export const workflowsContract = { methods: workflowsMethods, streams: workflowsStreams } as const;
