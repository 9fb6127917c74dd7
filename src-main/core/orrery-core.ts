import { resolve } from 'node:path';
import { createApiServer } from './api/api-server';
import type { ApiServer, CallContext } from './api/api-server';
import { contract } from '../../src-shared/api/contract';
import type { AppInfo } from '../../src-shared/api/contract';
import { ApiError } from '../../src-shared/api/api-error';
import { createAppInfoService } from './app/app-info-service';
import { resolveDataPaths } from './config/data-home';
import { createDemoRunner } from './demo/demo-runner';
import type { DemoRunner } from './demo/demo-runner';
import { journalTailingFromEnv } from './config/journal-tailing';
import { scrollbackBytesFromEnv } from './config/scrollback-size';
import type { DataPaths } from './config/data-home';
import { createEventIngest } from './events/event-ingest';
import type { EventIngest } from './events/event-ingest';
import { EventRepository } from './events/event-repository';
import { createJournalTailer } from './events/journal-tailer';
import { installHooks, resolveClaudeSettingsPath, uninstallHooks } from './hooks/claude-hooks-installer';
import { createLiveFeed } from './events/live-feed';
import { LiveState } from '../../src-shared/events/live-state';
import { SqliteOffsetStore } from './events/sqlite-offset-store';
import { openStore } from './store/database';
import type { FlowWindow } from './terminals/flow-control';
import { TerminalManager } from './terminals/terminal-manager';
import { SettingsRepository } from './store/settings-repository';

export interface CoreOptions {
  runtime: AppInfo['runtime'];
  home?: string;
  /** Extra journal files or directories for this run only (the --journal flag). */
  journals?: readonly string[];
  /** The built CLI bundle, which runs the demo fleet as its own process; no demo without it. */
  cliScript?: string;
}

export interface OrreryCore {
  api: ApiServer;
  paths: DataPaths;
  /** For events that do not come from a journal: the orchestrator and adapters. */
  ingest: EventIngest;
  dispose(): Promise<void>;
}

const JOURNALS_SETTING = 'journals';
/**
 * At start the live state is rebuilt from what the store holds of the last few hours, so agents
 * still running when Orrery restarted are on the graph at once, not only once they speak again.
 */
const RESTORE_WINDOW_MS = 6 * 60 * 60 * 1000;
const RESTORE_MAX_EVENTS = 200_000;

/**
 * The composition root: opens the store, starts every service and binds them to the contract.
 * Both the Electron shell and the headless host call this and nothing else from the core.
 */
export function startCore(options: CoreOptions): OrreryCore {
  const paths = resolveDataPaths(options.home);
  const tailing = journalTailingFromEnv();
  const scrollbackBytes = scrollbackBytesFromEnv();
  const store = openStore(paths.databaseFile);
  const settings = new SettingsRepository(store.db);
  const appInfo = createAppInfoService(options.runtime, paths, store.schemaVersion);

  const repository = new EventRepository(store.db);
  const offsets = new SqliteOffsetStore(store.db);
  const liveState = new LiveState();
  liveState.applyBatch(repository.recentSince(Date.now() - RESTORE_WINDOW_MS, RESTORE_MAX_EVENTS));
  const savedJournals = settings.get<string[]>(JOURNALS_SETTING, []);
  const journalSources = [...new Set([paths.defaultJournal, ...savedJournals, ...(options.journals ?? []).map((j) => resolve(j))])];

  let publish: (events: Parameters<EventIngest['ingestEvents']>[0]) => void = () => undefined;
  const ingest = createEventIngest({ db: store.db, repository, offsets, liveState, onIngested: (events) => publish(events) });
  const tailer = createJournalTailer({
    sources: journalSources,
    offsets,
    watch: tailing.watch,
    pollIntervalMs: tailing.pollIntervalMs,
    onBatch: (batch) => ingest.ingestJournalBatch(batch),
    onError: (error, journal) => console.error(`[journal] ${journal}:`, error),
  });
  const feed = createLiveFeed({ liveState, journalStats: () => tailer.stats() });
  publish = (events) => feed.publish(events);
  const terminals = new TerminalManager(scrollbackBytes === undefined ? {} : { scrollbackBytes });
  // All terminal views of one connection share one flow-control window: they share its socket.
  const flowWindows = new WeakMap<CallContext, FlowWindow>();
  const connectionFlowWindow = (context: CallContext): FlowWindow => {
    let window = flowWindows.get(context);
    if (window === undefined) flowWindows.set(context, (window = terminals.createFlowWindow()));
    return window;
  };
  const demo: DemoRunner | undefined = options.cliScript ? createDemoRunner({ cliScript: options.cliScript, journal: paths.defaultJournal }) : undefined;
  const requireDemo = (): DemoRunner => {
    if (!demo) throw new ApiError('failed_precondition', 'The demo is not available in this build (no CLI bundle)');
    return demo;
  };

  const api = createApiServer(
    contract,
    {
      'app.info': () => appInfo.info(),
      'events.agent': ({ agentId, limit }) => ({
        agent: liveState.agent(agentId),
        recentEvents: repository.recentForAgent(agentId, limit),
      }),
      'journals.list': () => tailer.stats(),
      'journals.add': ({ path }) => {
        const absolute = resolve(path);
        const saved = settings.get<string[]>(JOURNALS_SETTING, []);
        if (!saved.includes(absolute)) settings.set(JOURNALS_SETTING, [...saved, absolute]);
        tailer.add(absolute);
        return tailer.stats();
      },
      'terminals.create': (input) => terminals.create(input),
      'terminals.list': () => terminals.list(),
      'terminals.get': ({ id }) => terminals.get(id),
      'terminals.write': ({ id, data }) => {
        terminals.write(id, data);
        return {};
      },
      'terminals.resize': ({ id, cols, rows }) => terminals.resize(id, cols, rows),
      'terminals.rename': ({ id, name }) => terminals.rename(id, name),
      'terminals.close': ({ id }) => terminals.close(id),
      'terminals.attach': ({ id }, context) => {
        const attachment = terminals.attach(id, connectionFlowWindow(context));
        // A view whose window reloads or whose socket drops must not hold the pty's flow control.
        context.onClose(() => terminals.detach(id, attachment.viewId));
        return attachment;
      },
      'terminals.detach': ({ id, viewId }) => {
        terminals.detach(id, viewId);
        return {};
      },
      'terminals.ack': ({ id, viewId, chars }) => {
        terminals.acknowledge(id, viewId, chars);
        return {};
      },
      'terminals.search': (query) => terminals.search(query),
      'demo.start': (input) => requireDemo().start(input),
      'demo.stop': () => requireDemo().stop(),
      'demo.status': () => requireDemo().status(),
      'hooks.install': () => installHooks(resolveClaudeSettingsPath()),
      'hooks.uninstall': () => uninstallHooks(resolveClaudeSettingsPath()),
    },
    {
      'events.live': (_input, sink) => feed.subscribe((item) => sink.push(item)),
      'terminals.output': ({ terminalIds }, sink) => {
        const wanted = terminalIds ? new Set(terminalIds) : undefined;
        return terminals.onOutput((batch) => {
          if (!wanted || wanted.has(batch.terminalId)) sink.push(batch);
        });
      },
      'terminals.changes': (_input, sink) => terminals.onChange((change) => sink.push(change)),
    },
  );

  return {
    api,
    paths,
    ingest,
    async dispose() {
      // Every pty dies with the app: no orphaned agents keep running after Orrery quits.
      await Promise.all([terminals.disposeAll(), demo?.dispose()]);
      feed.dispose();
      await tailer.close();
      store.db.close();
    },
  };
}

