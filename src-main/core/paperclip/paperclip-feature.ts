import type { Database } from 'better-sqlite3';
import { ApiError } from '../../../src-shared/api/api-error';
import type { AgentActions } from '../../../src-shared/events/agent-actions';
import { paperclipMethods, paperclipStreams } from '../../../src-shared/paperclip/paperclip-contract';
import type { PaperclipChange, PaperclipInstance } from '../../../src-shared/paperclip/paperclip-contract';
import type { AgentActionResult } from '../../../src-shared/runs/runs-contract';
import type { AgentActionProvider, KnownAgent } from '../agents/agent-action-provider';
import type { MethodHandlers, StreamHandlers } from '../api/api-server';
import type { EventIngest } from '../events/event-ingest';
import { createAdapter } from '../runs/adapters/create-adapter';
import { ListenerSet } from '../util/listener-set';
import { DEFAULT_TIMING, InstanceWatcher } from './instance-watcher';
import type { InstanceConfig, PaperclipTiming } from './instance-watcher';
import { normalizeInstanceUrl } from './instance-url';
import { PaperclipStore } from './paperclip-store';
import type { AdapterFactory, TranscriptTerminals } from './run-log';

export interface PaperclipFeatureOptions {
  db: Database;
  ingest: EventIngest;
  /** Where each live run's log becomes a tab (the TerminalManager). */
  terminals: TranscriptTerminals;
  /** `--paperclip <url>` (repeatable): watched for this start only. */
  commandLine?: readonly string[];
  /** Defaults to the runs layer's adapters. */
  createAdapter?: AdapterFactory;
  timing?: Partial<PaperclipTiming>;
  now?: () => number;
  /** Where connection trouble and dropped events are told; never given an API key. Defaults to console.error. */
  log?: (message: string) => void;
}

type PaperclipContract = { methods: typeof paperclipMethods; streams: typeof paperclipStreams };

/** The same shape as FeatureHandlers<'paperclip.…', 'paperclip.changes'> once the contract spreads these. */
export interface PaperclipHandlers {
  methods: MethodHandlers<PaperclipContract>;
  streams: StreamHandlers<PaperclipContract>;
}

export interface PaperclipFeature {
  handlers: PaperclipHandlers;
  /** Acts on agents whose details say `actionsBy: 'paperclip'`, through Paperclip's api only. */
  actionProvider: AgentActionProvider;
  /** Quitting: connections close, what was shown stays stored for the next start to reconcile. */
  dispose(): Promise<void>;
}

const RESUME_REFUSED = 'Paperclip starts runs itself; use Wake now instead.';

/**
 * Watches Paperclip instances — those added through the api (remembered, with their board API key
 * kept in the database and never handed back) and those given by --paperclip — and shows each
 * company's live runs as agents in the graph. Nothing here kills a process: every action goes
 * through Paperclip's own api, which records it.
 */
export function createPaperclipFeature(options: PaperclipFeatureOptions): PaperclipFeature {
  const store = new PaperclipStore(options.db);
  const now = options.now ?? Date.now;
  const log = options.log ?? ((message: string) => console.error(message));
  const changes = new ListenerSet<PaperclipChange>();
  const watchers = new Map<string, InstanceWatcher>();
  const deps = {
    store,
    ingest: options.ingest,
    terminals: options.terminals,
    createAdapter: options.createAdapter ?? createAdapter,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    now,
    log,
    onChange: (instance: PaperclipInstance) => changes.emit({ kind: 'instance', instance }),
  };
  const committed = store.views();

  const watch = (config: InstanceConfig): InstanceWatcher => {
    const watcher = new InstanceWatcher(config, committed.get(config.url) ?? new Map(), deps);
    committed.delete(config.url);
    watchers.set(config.url, watcher);
    watcher.start();
    return watcher;
  };

  for (const saved of store.instances()) watch({ ...saved, fromCommandLine: false });
  for (const raw of options.commandLine ?? []) {
    const url = normalizeInstanceUrl(raw);
    if (!watchers.has(url)) watch({ url, apiKey: undefined, companies: undefined, fromCommandLine: true });
  }
  // Nodes of an instance no longer watched (a --paperclip of the last start) leave the graph.
  for (const [url, views] of committed) void new InstanceWatcher({ url, apiKey: undefined, companies: undefined, fromCommandLine: true }, views, deps).stop('remove');

  const urlOf = (raw: string): string => {
    try {
      return normalizeInstanceUrl(raw);
    } catch {
      throw new ApiError('invalid_argument', `${raw} is not a URL Orrery can connect to`);
    }
  };

  const watcherOf = (agentId: string): InstanceWatcher => {
    for (const watcher of watchers.values()) if (watcher.ownsNode(agentId)) return watcher;
    throw new ApiError('not_found', `No Paperclip agent ${agentId} is shown (its instance is not watched, or it is no longer live)`);
  };

  const actionProvider: AgentActionProvider = {
    owns: (agent) => agent.details.actionsBy === 'paperclip',
    actions: (agent) => actionsOf(agent, watchers),
    cancel: async (agent) => watcherOf(agent.id).cancel(agent.id),
    reset: async (agent) => watcherOf(agent.id).stopThenReset(agent.id),
    resume: () => Promise.reject(new ApiError('failed_precondition', RESUME_REFUSED)),
  };

  const handlers: PaperclipHandlers = {
    methods: {
      'paperclip.instances': () => [...watchers.values()].map((watcher) => watcher.info()),
      'paperclip.add': ({ url: raw, apiKey, companies }) => {
        const url = urlOf(raw);
        const existing = watchers.get(url);
        const saved = store.instances().find((instance) => instance.url === url);
        const config: InstanceConfig = {
          url,
          // Adding again without a key keeps the key it has: the key is never shown, so it cannot be re-typed from the UI.
          apiKey: apiKey ?? saved?.apiKey,
          companies: companies === undefined || companies.length === 0 ? undefined : [...new Set(companies)],
          fromCommandLine: false,
        };
        store.saveInstance(config, now());
        if (existing === undefined) return watch(config).info();
        existing.reconfigure(config);
        return existing.info();
      },
      'paperclip.remove': async ({ url: raw }) => {
        const url = urlOf(raw);
        const watcher = watchers.get(url);
        if (watcher === undefined) return { removed: false };
        if (watcher.fromCommandLine) throw new ApiError('failed_precondition', `${url} was given with --paperclip; it is watched until Orrery quits`);
        watchers.delete(url);
        await watcher.stop('remove');
        changes.emit({ kind: 'removed', url });
        return { removed: true };
      },
      'paperclip.pause': ({ agentId }) => watcherOf(agentId).pause(agentId),
      'paperclip.resume': ({ agentId }) => watcherOf(agentId).resume(agentId),
      'paperclip.wake': ({ agentId }) => watcherOf(agentId).wake(agentId),
      'paperclip.stopThenReset': ({ agentId }): Promise<AgentActionResult> => watcherOf(agentId).stopThenReset(agentId),
    },
    streams: {
      'paperclip.changes': (_input, sink) => {
        for (const watcher of watchers.values()) sink.push({ kind: 'instance', instance: watcher.info() });
        return changes.add((change) => sink.push(change));
      },
    },
  };

  return {
    handlers,
    actionProvider,
    async dispose() {
      await Promise.all([...watchers.values()].map((watcher) => watcher.stop('quit')));
      watchers.clear();
    },
  };
}

function actionsOf(agent: KnownAgent, watchers: ReadonlyMap<string, InstanceWatcher>): AgentActions {
  const no = (reason: string) => ({ available: false as const, reason });
  const watcher = [...watchers.values()].find((candidate) => candidate.ownsNode(agent.id));
  const view = watcher?.nodeView(agent.id);
  if (watcher === undefined || view === undefined) {
    const why = 'Orrery no longer watches this Paperclip agent.';
    return { cancel: no(why), reset: no(why), resume: no(why) };
  }
  if (view.kind === 'company') {
    const why = 'A company is not an agent; act on one of its agents.';
    return { cancel: no(why), reset: no(why), resume: no(why) };
  }
  return {
    cancel: watcher.hasLiveRun(agent.id) ? { available: true } : no('It has no live run.'),
    reset: { available: true },
    resume: no(RESUME_REFUSED),
  };
}
