import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../../src-shared/api/api-error';
import type { AgentActions } from '../../../src-shared/events/agent-actions';
import type { AgentActionResult } from '../../../src-shared/runs/runs-contract';
import { workflowsContract } from '../../../src-shared/workflows/workflows-contract';
import type { WorkflowChange } from '../../../src-shared/workflows/workflows-contract';
import type { AgentActionProvider, KnownAgent } from '../agents/agent-action-provider';
import type { MethodHandlers, StreamHandlers } from '../api/api-server';
import type { WorkflowAgentPort } from './workflow-agent-port';
import { WorkflowEngine } from './workflow-engine';
import type { WorkflowEngineOptions } from './workflow-engine';
import type { EmitEvents } from './workflow-node-events';

export interface WorkflowsFeatureOptions {
  db: Database;
  /** `EventIngest.ingestEvents`. */
  emit: EmitEvents;
  /** The runs layer, as the engine sees it. */
  port: WorkflowAgentPort;
  /** Orrery's data directory: its `workflows/` is one of the places workflows are found. */
  dataDir: string;
  /** `resources/`: the built-ins are its `workflows/`. */
  resourcesDir: string;
  /** Where `~/.claude/workflows` is; the user's home by default. */
  homeDir?: string;
  /** Where project workflows are found and agents work when a request names no cwd; Orrery's own by default. */
  defaultCwd?: string;
  defaultProfileId?: string;
  cpuCount?: number;
  /** Anything else of the engine's (tests). */
  engine?: Partial<WorkflowEngineOptions>;
}

type WorkflowsContract = typeof workflowsContract;

export interface WorkflowsFeature {
  engine: WorkflowEngine;
  /** The same shape as `FeatureHandlers<'workflows.…', 'workflows.changes'>` once the contract holds them. */
  handlers: { methods: MethodHandlers<WorkflowsContract>; streams: StreamHandlers<WorkflowsContract> };
  /** Cancel, resume and reset on the workflow's own node in the graph. */
  actionProvider: AgentActionProvider;
  /** Running workflows end as interrupted (resumable after the next start); call before the runs layer's dispose. */
  dispose(): Promise<void>;
}

export function createWorkflowsFeature(options: WorkflowsFeatureOptions): WorkflowsFeature {
  const engine = new WorkflowEngine({
    db: options.db,
    emit: options.emit,
    port: options.port,
    locations: { homeDir: options.homeDir ?? homedir(), dataDir: options.dataDir, builtInDir: join(options.resourcesDir, 'workflows') },
    defaultCwd: options.defaultCwd ?? process.cwd(),
    ...(options.defaultProfileId !== undefined && { defaultProfileId: options.defaultProfileId }),
    ...(options.cpuCount !== undefined && { cpuCount: options.cpuCount }),
    ...options.engine,
  });

  const handlers: WorkflowsFeature['handlers'] = {
    methods: {
      'workflows.list': ({ cwd }) => engine.list(cwd),
      'workflows.start': (request) => engine.start(request),
      'workflows.runs': ({ limit, activeOnly }) => engine.runs(limit, activeOnly),
      'workflows.get': ({ runId }) => engine.get(runId),
      'workflows.cancel': ({ runId }) => engine.cancel(runId),
      'workflows.resume': ({ runId, budgetTokens }) => engine.resume(runId, budgetTokens),
    },
    streams: {
      'workflows.changes': ({ runId }, sink) => engine.onChange((change) => (runId === undefined || runIdOf(change) === runId) && sink.push(change)),
    },
  };

  return { engine, handlers, actionProvider: workflowActions(engine), dispose: () => engine.dispose() };
}

function runIdOf(change: WorkflowChange): string {
  return change.kind === 'run' ? change.run.id : change.runId;
}

const yes = { available: true } as const;
const no = (reason: string) => ({ available: false, reason }) as const;

function workflowActions(engine: WorkflowEngine): AgentActionProvider {
  const runOf = (agent: KnownAgent): string => {
    const runId = agent.details.workflowRunId;
    if (typeof runId !== 'string') throw new ApiError('not_found', `${agent.id} is not a workflow's node`);
    return runId;
  };
  const result = (agent: KnownAgent, message: string): AgentActionResult => ({ agentId: agent.id, message });

  return {
    owns: (agent) => agent.details.actionsBy === 'workflow',
    actions(agent): AgentActions {
      const runId = runOf(agent);
      if (engine.isRunning(runId)) {
        const why = 'It is still running; cancel it first, or wait until it ends.';
        return { cancel: yes, reset: no(why), resume: no(why) };
      }
      return { cancel: no('It has already ended.'), reset: yes, resume: yes };
    },
    async cancel(agent) {
      const runId = runOf(agent);
      if (!engine.isRunning(runId)) return result(agent, 'already ended');
      const run = await engine.cancel(runId);
      return result(agent, `cancelled after ${run.totalCalls} agent() call${run.totalCalls === 1 ? '' : 's'}`);
    },
    /** Starts the same workflow, with the same args, afresh: nothing comes from the journal. */
    async reset(agent) {
      const previous = engine.info(runOf(agent));
      if (engine.isRunning(previous.id)) throw new ApiError('failed_precondition', 'It is still running; cancel it first, or wait until it ends.');
      const run = await engine.start({
        nameOrPath: previous.scriptPath,
        cwd: previous.cwd,
        profileId: previous.profileId,
        ...(previous.args !== undefined && { args: previous.args }),
        ...(previous.budgetTokens !== null && { budgetTokens: previous.budgetTokens }),
      });
      return { agentId: run.agentId, message: `started again as workflow run ${run.id}` };
    },
    /** A workflow takes no prompt: it replays its journal and goes on from where it stopped. */
    async resume(agent) {
      const run = await engine.resume(runOf(agent));
      return result(agent, `resumed (attempt ${run.attempts}); the unchanged calls come from the journal`);
    },
  };
}
