import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../../src-shared/api/api-error';
import type { LiveState } from '../../../src-shared/events/live-state';
import type { AgentActionResult, RunInfo } from '../../../src-shared/runs/runs-contract';
import type { AgentActionProvider, KnownAgent } from '../agents/agent-action-provider';
import { AgentActionRouter } from '../agents/agent-action-router';
import type { FeatureHandlers } from '../api/feature-handlers';
import type { DataPaths } from '../config/data-home';
import type { EventIngest } from '../events/event-ingest';
import type { SettingsRepository } from '../store/settings-repository';
import type { TerminalManager } from '../terminals/terminal-manager';
import { HookedProcessActions } from './hooked-process-actions';
import { ProfileRepository } from './profile-repository';
import { RunActions } from './run-actions';
import { RunManager } from './run-manager';
import { publicRun } from './run-record';
import { RunRepository } from './run-repository';
import { RunSettingsStore } from './run-settings';
import { TranscriptLog } from './transcript-log';

/** Run changes reach clients at most this often per run (the latest state wins). */
const CHANGES_EVERY_MS = 50;

export interface RunsFeatureOptions {
  db: Database;
  paths: DataPaths;
  ingest: EventIngest;
  liveState: LiveState;
  terminals: TerminalManager;
  settings: SettingsRepository;
  env: NodeJS.ProcessEnv;
  resourcesDir: string;
  /** Runs the demo agent; Electron's own binary does with ELECTRON_RUN_AS_NODE. */
  nodeBinary?: string;
}

type RunsMethods =
  | 'runs.launch'
  | 'runs.list'
  | 'runs.get'
  | 'runs.cancel'
  | 'runs.reset'
  | 'runs.resume'
  | 'runs.transcript'
  | 'runs.openTranscript'
  | 'runs.settings'
  | 'runs.updateSettings'
  | 'runs.budget'
  | 'profiles.list'
  | 'profiles.save'
  | 'profiles.delete'
  | 'agents.actions'
  | 'agents.cancel'
  | 'agents.reset'
  | 'agents.resume';

export interface RunsFeature {
  manager: RunManager;
  handlers: FeatureHandlers<RunsMethods, 'runs.changes' | 'runs.transcriptStream'>;
  /** Other features that act on their own agents (Paperclip, workflows) join the card's actions here. */
  addActionProvider(provider: AgentActionProvider): void;
  /** Reconciles what the previous Orrery left running; call once at start. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

export function createRunsFeature(options: RunsFeatureOptions): RunsFeature {
  const profiles = new ProfileRepository(options.db);
  const runs = new RunRepository(options.db);
  const transcripts = new TranscriptLog(join(options.paths.home, 'runs'));
  const settings = new RunSettingsStore(options.settings);
  const manager = new RunManager({
    ingest: options.ingest,
    liveState: options.liveState,
    terminals: options.terminals,
    profiles,
    runs,
    settings,
    transcripts,
    command: { env: options.env, resourcesDir: options.resourcesDir, nodeBinary: options.nodeBinary ?? process.execPath },
  });
  const router = new AgentActionRouter();
  router.add(new RunActions(manager, profiles));
  router.add(new HookedProcessActions({ ingest: options.ingest, liveState: options.liveState, graceMs: () => manager.settings().cancelGraceMs }));
  const agentNamed = (agentId: string): KnownAgent => {
    const agent = options.liveState.agent(agentId) ?? RunActions.agentOfEndedRun(manager, agentId);
    if (!agent) throw new ApiError('not_found', `There is no agent "${agentId}" (it may have ended a while ago)`);
    return agent;
  };
  const act = async (agentId: string, action: (provider: AgentActionProvider, agent: KnownAgent) => Promise<AgentActionResult>): Promise<AgentActionResult> => {
    const agent = agentNamed(agentId);
    return action(router.providerFor(agent), agent);
  };

  return {
    manager,
    addActionProvider: (provider) => router.add(provider, { first: true }),
    start: () => manager.reconcile(),
    async dispose() {
      await manager.dispose();
      transcripts.dispose();
    },
    handlers: {
      methods: {
        'runs.launch': (request) => publicRun(manager.launch(request)),
        'runs.list': ({ limit, activeOnly }) => manager.list(limit, activeOnly),
        'runs.get': ({ runId }) => publicRun(manager.get(runId)),
        'runs.cancel': async ({ runId }) => publicRun(await manager.cancel(runId)),
        'runs.reset': async ({ runId }) => publicRun(await manager.reset(runId)),
        'runs.resume': ({ runId, prompt }) => publicRun(manager.resume(runId, prompt)),
        'runs.transcript': ({ runId }) => {
          const run = manager.get(runId);
          return { text: transcripts.read(run.id), done: !transcripts.isOpen(run.id) };
        },
        'runs.openTranscript': ({ runId }) => {
          const run = manager.get(runId);
          const existing = run.terminalId === undefined ? undefined : options.terminals.list().find((terminal) => terminal.id === run.terminalId);
          if (existing) return existing;
          const handle = options.terminals.createTranscript({ name: run.id, runId: run.id, cwd: run.cwd });
          handle.write(transcripts.read(run.id));
          handle.end({ exitCode: run.outcome === 'success' ? 0 : 1, signal: null });
          return handle.info;
        },
        'runs.settings': () => manager.settings(),
        'runs.updateSettings': (patch) => manager.updateSettings(patch),
        'runs.budget': () => manager.budget(),
        'profiles.list': () => profiles.listForClients(),
        'profiles.save': (profile) => profiles.save(profile),
        'profiles.delete': ({ id }) => ({ deleted: profiles.delete(id) }),
        'agents.actions': async ({ agentId }) => {
          const agent = agentNamed(agentId);
          return router.providerFor(agent).actions(agent);
        },
        'agents.cancel': ({ agentId }) => act(agentId, (provider, agent) => provider.cancel(agent)),
        'agents.reset': ({ agentId }) => act(agentId, (provider, agent) => provider.reset(agent)),
        'agents.resume': ({ agentId, prompt }) => act(agentId, (provider, agent) => provider.resume(agent, prompt)),
      },
      streams: {
        'runs.changes': (_input, sink) => {
          // A busy run changes with every chunk of output; a client needs its latest state, not each step.
          const pending = new Map<string, RunInfo>();
          let timer: NodeJS.Timeout | undefined;
          const flush = (): void => {
            timer = undefined;
            for (const run of pending.values()) sink.push({ kind: 'run', run });
            pending.clear();
          };
          const stopRuns = manager.onChange((run) => {
            pending.set(run.id, run);
            timer ??= setTimeout(flush, CHANGES_EVERY_MS);
          });
          const stopBudget = manager.onBudgetChange((budget) => sink.push({ kind: 'budget', budget }));
          return () => {
            clearTimeout(timer);
            stopRuns();
            stopBudget();
          };
        },
        'runs.transcriptStream': ({ runId }, sink) => {
          const run = manager.get(runId);
          return transcripts.follow(run.id, (piece) => {
            sink.push(piece);
            if (piece.done) sink.end();
          });
        },
      },
    },
  };
}
