import { resolve } from 'node:path';
import { createApiServer } from './api/api-server';
import type { ApiServer } from './api/api-server';
import { contract } from '../../src-shared/api/contract';
import type { AppInfo } from '../../src-shared/api/contract';
import { createAppInfoService } from './app/app-info-service';
import { resolveDataPaths } from './config/data-home';
import type { DataPaths } from './config/data-home';
import { journalTailingFromEnv } from './config/journal-tailing';
import { scrollbackBytesFromEnv } from './config/scrollback-size';
import { createDemoRunner } from './demo/demo-runner';
import { demoHandlers } from './demo/demo-handlers';
import { createEventIngest } from './events/event-ingest';
import type { EventIngest } from './events/event-ingest';
import { EventRepository } from './events/event-repository';
import { eventsHandlers, JOURNALS_SETTING } from './events/events-handlers';
import { createJournalTailer } from './events/journal-tailer';
import { createLiveFeed } from './events/live-feed';
import { SqliteOffsetStore } from './events/sqlite-offset-store';
import { createHistoryFeature } from './history/history-feature';
import { hooksHandlers } from './hooks/hooks-handlers';
import { createPaperclipFeature } from './paperclip/paperclip-feature';
import { createRunsFeature } from './runs/runs-feature';
import { workflowRunsPort } from './runs/workflow-runs-port';
import { findResourcesDir } from './config/resources-dir';
import { createWorkflowsFeature } from './workflows/workflows-feature';
import { openStore } from './store/database';
import { SettingsRepository } from './store/settings-repository';
import { TerminalManager } from './terminals/terminal-manager';
import { terminalsHandlers } from './terminals/terminals-handlers';
import { LiveState } from '../../src-shared/events/live-state';
import { STALE_AFTER_SETTING, staleAfterMsFromSetting } from '../../src-shared/events/fleet-lifecycle';

export interface CoreOptions {
  runtime: AppInfo['runtime'];
  home?: string;
  /** Extra journal files or directories for this run only (the --journal flag). */
  journals?: readonly string[];
  /** The built CLI bundle, which runs the demo fleet as its own process; no demo without it. */
  cliScript?: string;
  /** Where `resources/` is (the demo agent); defaults to the one beside the sources. */
  resourcesDir?: string;
  /** Paperclip servers to watch for this start only (the --paperclip flag). */
  paperclip?: readonly string[];
  /** Runs inherit this environment (defaults to Orrery's own). */
  env?: NodeJS.ProcessEnv;
}

export interface OrreryCore {
  api: ApiServer;
  paths: DataPaths;
  /** For events that do not come from a journal: the orchestrator and adapters. */
  ingest: EventIngest;
  dispose(): Promise<void>;
}

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
  const liveState = new LiveState({ staleAfterMs: staleAfterMsFromSetting(settings.get(STALE_AFTER_SETTING, undefined)) });
  const savedJournals = settings.get<string[]>(JOURNALS_SETTING, []);
  // The default journal and --journal flags are permanent; those added from Orrery can be removed again.
  const journalSources = [...new Set([paths.defaultJournal, ...(options.journals ?? []).map((j) => resolve(j))])];

  const ingest = createEventIngest({ db: store.db, repository, offsets, liveState });
  // Restores the live state from the newest checkpoint, so agents still running when Orrery
  // restarted are on the graph at once; before any journal is read.
  const history = createHistoryFeature({ db: store.db, repository, ingest, liveState, settings });
  const tailer = createJournalTailer({
    sources: journalSources,
    offsets,
    watch: tailing.watch,
    pollIntervalMs: tailing.pollIntervalMs,
    onBatch: (batch) => ingest.ingestJournalBatch(batch),
    onError: (error, journal) => console.error(`[journal] ${journal}:`, error),
  });
  for (const saved of savedJournals) tailer.add(saved);
  const feed = createLiveFeed({ liveState, journalStats: () => tailer.stats() });
  ingest.onIngested((events) => feed.publish(events));
  const terminals = new TerminalManager(scrollbackBytes === undefined ? {} : { scrollbackBytes });
  const demo = options.cliScript ? createDemoRunner({ cliScript: options.cliScript, journal: paths.defaultJournal }) : undefined;
  const resourcesDir = options.resourcesDir ?? findResourcesDir();
  const runs = createRunsFeature({
    db: store.db,
    paths,
    ingest,
    liveState,
    terminals,
    settings,
    env: options.env ?? process.env,
    resourcesDir,
  });
  const workflows = createWorkflowsFeature({
    db: store.db,
    emit: (events, alongside) => ingest.ingestEvents(events, alongside),
    port: workflowRunsPort(runs.manager),
    dataDir: paths.home,
    resourcesDir,
  });
  runs.addActionProvider(workflows.actionProvider);

  const paperclip = createPaperclipFeature({ db: store.db, ingest, terminals, commandLine: options.paperclip ?? [] });
  runs.addActionProvider(paperclip.actionProvider);

  void runs.start().catch((error: unknown) => console.error('[runs] reconciling the runs of the previous start failed:', error));

  const events = eventsHandlers({ liveState, repository, tailer, feed, settings });
  const terminalApi = terminalsHandlers(terminals);
  const demoApi = demoHandlers(demo);
  const hooksApi = hooksHandlers();
  const api = createApiServer(
    contract,
    {
      'app.info': () => appInfo.info(),
      ...events.methods,
      ...terminalApi.methods,
      ...demoApi.methods,
      ...hooksApi.methods,
      ...runs.handlers.methods,
      ...paperclip.handlers.methods,
      ...workflows.handlers.methods,
      ...history.handlers.methods,
    },
    {
      ...events.streams,
      ...terminalApi.streams,
      ...runs.handlers.streams,
      ...paperclip.handlers.streams,
      ...workflows.handlers.streams,
    },
  );

  return {
    api,
    paths,
    ingest,
    async dispose() {
      // Workflows first: their running agents are runs. Then the runs: quitting cancels each
      // through its ladder and records it, so no ghost agents are left for the next start.
      // Then every pty dies with the app.
      await workflows.dispose();
      await Promise.all([runs.dispose(), paperclip.dispose()]);
      await Promise.all([terminals.disposeAll(), demo?.dispose()]);
      feed.dispose();
      await tailer.close();
      await history.dispose();
      store.db.close();
    },
  };
}
