import type { Database } from 'better-sqlite3';
import { staleAfterMsFromSetting, STALE_AFTER_SETTING } from '../../../src-shared/events/fleet-lifecycle';
import { RECENT_EVENT_COUNT } from '../../../src-shared/events/live-state';
import type { LiveState } from '../../../src-shared/events/live-state';
import { DEFAULT_RETENTION_DAYS, HistorySettings } from '../../../src-shared/history/history-contract';
import type { FeatureHandlers } from '../api/feature-handlers';
import type { EventIngest } from '../events/event-ingest';
import type { EventRepository } from '../events/event-repository';
import type { SettingsRepository } from '../store/settings-repository';
import { CheckpointRepository } from './checkpoint-repository';
import { HistoryReader } from './history-reader';
import { HistoryRecorder } from './history-recorder';
import type { HistoryRecorderTuning } from './history-recorder';
import { scheduleRetention } from './history-retention';

/** The setting, in days, past which events are pruned. */
export const RETENTION_SETTING = 'history.retentionDays';

/**
 * A store without checkpoints (from before them) and with more events than this starts the old
 * way, the live state from the last hours' events, while its history is folded in the background.
 */
const LEGACY_RESTORE_WINDOW_MS = 6 * 60 * 60 * 1000;
const LEGACY_RESTORE_MAX_EVENTS = 200_000;

const RETENTION_EVERY_MS = 10 * 60_000;
const RETENTION_FIRST_DELAY_MS = 60_000;

export interface HistoryFeatureOptions {
  db: Database;
  repository: EventRepository;
  ingest: EventIngest;
  /** Restored here, from the newest checkpoint and the events after it: call before events flow. */
  liveState: LiveState;
  settings: SettingsRepository;
  now?: () => number;
  tuning?: Partial<HistoryRecorderTuning>;
  onError?: (error: unknown) => void;
}

export interface HistoryFeature {
  handlers: FeatureHandlers<'history.range' | 'history.at' | 'history.events' | 'history.settings' | 'history.updateSettings'>;
  recorder: HistoryRecorder;
  /** Stops pruning and checkpoints what is stored; before the store closes. */
  dispose(): Promise<void>;
}

export function createHistoryFeature(options: HistoryFeatureOptions): HistoryFeature {
  const { db, repository, ingest, liveState, settings, now = Date.now, onError = (error: unknown) => console.error('[history]', error) } = options;
  const checkpoints = new CheckpointRepository(db);
  const recorder = new HistoryRecorder({ repository, checkpoints, now, onError, ...(options.tuning !== undefined && { tuning: options.tuning }) });

  const restored = recorder.resume(LEGACY_RESTORE_MAX_EVENTS);
  if (restored === undefined) liveState.applyBatch(repository.recentSince(now() - LEGACY_RESTORE_WINDOW_MS, LEGACY_RESTORE_MAX_EVENTS));
  else liveState.importImage({ ...restored.image, recentEvents: repository.latestUpTo(Number.MAX_SAFE_INTEGER, RECENT_EVENT_COUNT) });

  // Counted once when first asked, then kept up to date: a COUNT(*) over millions of rows is not free.
  let storedEvents: number | undefined;
  ingest.onIngested((events) => {
    recorder.record(events, repository.firstIdOf(events));
    if (storedEvents !== undefined) storedEvents += events.length;
  });

  const readSettings = (): HistorySettings => {
    const parsed = HistorySettings.safeParse({ retentionDays: settings.get<unknown>(RETENTION_SETTING, DEFAULT_RETENTION_DAYS) });
    return parsed.success ? parsed.data : { retentionDays: DEFAULT_RETENTION_DAYS };
  };
  const retention = scheduleRetention({
    repository,
    checkpoints,
    now,
    retentionDays: () => readSettings().retentionDays,
    onPruned: (deleted) => {
      if (storedEvents !== undefined) storedEvents -= deleted;
    },
    intervalMs: RETENTION_EVERY_MS,
    firstDelayMs: RETENTION_FIRST_DELAY_MS,
    onError,
  });

  const reader = new HistoryReader({
    repository,
    checkpoints,
    now,
    staleAfterMs: () => staleAfterMsFromSetting(settings.get<unknown>(STALE_AFTER_SETTING, undefined)),
    eventCount: () => (storedEvents ??= repository.count()),
  });

  return {
    recorder,
    handlers: {
      methods: {
        'history.range': () => reader.range(),
        'history.at': ({ ts }) => reader.at(ts),
        'history.events': ({ fromTs, toTs, limit }) => reader.events(fromTs, toTs, limit),
        'history.settings': () => readSettings(),
        'history.updateSettings': (patch) => {
          const next = { ...readSettings(), ...patch };
          settings.set(RETENTION_SETTING, next.retentionDays);
          retention.prompt();
          return next;
        },
      },
      streams: {},
    },
    async dispose() {
      await retention.stop();
      recorder.dispose();
    },
  };
}
