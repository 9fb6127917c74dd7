import { resolve } from 'node:path';
import { ApiError } from '../../../src-shared/api/api-error';
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

export function eventsHandlers(deps: EventsHandlerDeps): FeatureHandlers<'events.agent' | 'journals.list' | 'journals.add' | 'journals.remove', 'events.live'> {
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
      'journals.remove': async ({ path }) => {
        const absolute = resolve(path);
        const saved = settings.get<string[]>(JOURNALS_SETTING, []);
        const outcome = await tailer.remove(absolute);
        if (outcome === 'permanent') {
          throw new ApiError('failed_precondition', `${absolute} was given when Orrery started (the default journal or --journal), so it stays; restart without it to stop following it`);
        }
        if (outcome === 'unknown' && !saved.includes(absolute)) throw new ApiError('not_found', `Orrery is not following a journal added as ${absolute}`);
        // Its saved offset stays: added again later, it resumes where it stopped instead of re-reading.
        settings.set(JOURNALS_SETTING, saved.filter((entry) => entry !== absolute));
        return tailer.stats();
      },
    },
    streams: {
      'events.live': (_input, sink) => feed.subscribe((item) => sink.push(item)),
    },
  };
}
