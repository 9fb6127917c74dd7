import { resolve } from 'node:path';
import type { FeatureHandlers } from '../api/feature-handlers';
import type { SettingsRepository } from '../store/settings-repository';
import type { LiveState } from '../../../src-shared/events/live-state';
import type { EventRepository } from './event-repository';
import type { JournalTailer } from './journal-tailer';
import type { LiveFeed } from './live-feed';

export const JOURNALS_SETTING = 'journals';

export interface EventsHandlerDeps {
  liveState: LiveState;
  repository: EventRepository;
  tailer: JournalTailer;
  feed: LiveFeed;
  settings: SettingsRepository;
}

export function eventsHandlers(deps: EventsHandlerDeps): FeatureHandlers<'events.agent' | 'journals.list' | 'journals.add', 'events.live'> {
  const { liveState, repository, tailer, feed, settings } = deps;
  return {
    methods: {
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
    },
    streams: {
      'events.live': (_input, sink) => feed.subscribe((item) => sink.push(item)),
    },
  };
}
