import { useEffect } from 'react';
import { useFleetFeed } from '../agents/fleet-feed';
import { openAgentCard, useAgentCardStore } from '../state/agent-card-store';
import { selectAgent, useFleetSelection } from '../state/fleet-selection-store';
import { showDesktopNotification } from './desktop-notifier';
import { useNotificationPrefs } from './notification-prefs';
import { noticesToShow, NotificationWatcher } from './notification-rules';
import type { FocusState } from './notification-rules';

/** The person is looking at the agent: the window has focus and the agent is selected or its card open. */
function focusNow(): FocusState {
  return {
    windowFocused: document.hasFocus(),
    isShown: (agentId) => useFleetSelection.getState().selectedId === agentId || useAgentCardStore.getState().agentId === agentId,
  };
}

function focusAgent(agentId: string): void {
  selectAgent(agentId);
  openAgentCard(agentId);
}

/** Turns the live feed's news into desktop notifications (renders nothing). Replays never notify: they are not live. */
export function NotificationController() {
  const feed = useFleetFeed();
  useEffect(() => {
    const watcher = new NotificationWatcher();
    return feed.onLiveItem((item) => {
      if (item.kind === 'snapshot') {
        watcher.load(item.snapshot.agents);
        return;
      }
      const notices = watcher.batch(item.events);
      if (notices.length === 0) return;
      const { shown, more } = noticesToShow(notices, useNotificationPrefs.getState(), focusNow());
      for (const { notice, kind } of shown) showDesktopNotification(notice.title, notice.body, `${kind}:${notice.agentId}`, () => focusAgent(notice.agentId));
      if (more > 0) showDesktopNotification(`${more} more agents need attention`, 'See the agents list.', 'more', () => undefined);
    });
  }, [feed]);
  return null;
}
