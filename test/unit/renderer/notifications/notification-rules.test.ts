import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_PREFS, parseNotificationPrefs } from '../../../../src-renderer/src/notifications/notification-prefs';
import { MAX_NOTICES_PER_BATCH, notificationKind, noticesToShow, NotificationWatcher } from '../../../../src-renderer/src/notifications/notification-rules';
import type { FocusState, Notice } from '../../../../src-renderer/src/notifications/notification-rules';
import { LiveState } from '../../../../src-shared/events/live-state';
import { runAgentId } from '../../../../src-shared/events/agent-actions';
import { BASE_TS, ev } from '../../../support/event-builders';

const away: FocusState = { windowFocused: false, isShown: () => false };

function watch(...events: ReturnType<typeof ev>[]): Notice[] {
  return new NotificationWatcher().batch(events);
}

describe('NotificationWatcher', () => {
  it('tells of an agent that ends with an error or times out, not of one that succeeds or is cancelled', () => {
    const notices = watch(
      ev('agent_spawn', { agent_id: 'a', name: 'builder' }),
      ev('agent_done', { agent_id: 'a', outcome: 'error', error: 'tests failed' }),
      ev('agent_done', { agent_id: 'b', outcome: 'timeout' }),
      ev('agent_done', { agent_id: 'c', outcome: 'success' }),
      ev('agent_done', { agent_id: 'd', outcome: 'cancelled' }),
    );
    expect(notices).toEqual([
      { agentId: 'a', kinds: ['error'], title: 'builder ended with an error', body: 'error: tests failed' },
      { agentId: 'b', kinds: ['error'], title: 'b ended with an error', body: 'timeout' },
    ]);
  });

  it('tells once when an agent starts waiting for a person, again only after it went on', () => {
    const watcher = new NotificationWatcher();
    const waiting = ev('status', { agent_id: 'a', status: 'waiting' });
    expect(watcher.batch([waiting, waiting]).map((notice) => notice.kinds)).toEqual([['waiting']]);
    expect(watcher.batch([ev('status', { agent_id: 'a', status: 'waiting' })])).toEqual([]);
    expect(watcher.batch([ev('tool_use', { agent_id: 'a' }), ev('status', { agent_id: 'a', status: 'waiting' })])).toHaveLength(1);
  });

  it("tells when a run Orrery launched finishes, by its lead agent, whatever the outcome; not of the run's subagents", () => {
    const lead = runAgentId('r1');
    const notices = watch(
      ev('agent_spawn', { agent_id: lead, run_id: 'r1', name: 'fix the bug' }),
      ev('agent_spawn', { agent_id: 'sub', parent_id: lead, run_id: 'r1' }),
      ev('agent_done', { agent_id: 'sub', outcome: 'success' }),
      ev('agent_done', { agent_id: lead, outcome: 'success' }),
      ev('agent_spawn', { agent_id: runAgentId('r2'), run_id: 'r2', name: 'second' }),
      ev('agent_done', { agent_id: runAgentId('r2'), outcome: 'error', error: 'budget' }),
    );
    expect(notices).toEqual([
      { agentId: lead, kinds: ['finished'], title: 'Run fix the bug finished', body: 'success' },
      { agentId: runAgentId('r2'), kinds: ['error', 'finished'], title: 'Run second ended with an error', body: 'error: budget' },
    ]);
  });

  it("tells when a workflow finishes, and not of each run among the workflow's steps", () => {
    const notices = watch(
      ev('agent_spawn', { agent_id: 'wf-1', name: 'review', details: { actionsBy: 'workflow' } }),
      ev('agent_spawn', { agent_id: runAgentId('step'), run_id: 'step', parent_id: 'wf-1' }),
      ev('agent_done', { agent_id: runAgentId('step'), outcome: 'success' }),
      ev('agent_done', { agent_id: 'wf-1', outcome: 'success' }),
    );
    expect(notices).toEqual([{ agentId: 'wf-1', kinds: ['finished'], title: 'Workflow review finished', body: 'success' }]);
  });

  it('takes what a snapshot shows as known: an agent already waiting is no news, and its facts carry on', () => {
    const state = new LiveState({ now: () => BASE_TS });
    state.applyBatch([ev('agent_spawn', { agent_id: runAgentId('r'), run_id: 'r', name: 'launched' }), ev('status', { agent_id: runAgentId('r'), status: 'waiting' })]);
    const watcher = new NotificationWatcher();
    watcher.load(state.snapshot().agents);
    expect(watcher.batch([ev('status', { agent_id: runAgentId('r'), status: 'waiting' })])).toEqual([]);
    expect(watcher.batch([ev('agent_done', { agent_id: runAgentId('r'), outcome: 'success' })])).toMatchObject([{ kinds: ['finished'], title: 'Run launched finished' }]);
  });
});

describe('notificationKind', () => {
  const failedRun: Notice = { agentId: 'run-r', kinds: ['error', 'finished'], title: 't', body: 'b' };

  it('is the first kind of the notice that is turned on', () => {
    expect(notificationKind(failedRun, DEFAULT_NOTIFICATION_PREFS, away)).toBe('error');
    expect(notificationKind(failedRun, { ...DEFAULT_NOTIFICATION_PREFS, error: false }, away)).toBe('finished');
    expect(notificationKind(failedRun, { error: false, waiting: true, finished: false }, away)).toBeUndefined();
  });

  it('stays quiet while the window has focus and shows that agent, not when either is missing', () => {
    const looking = (id: string): FocusState => ({ windowFocused: true, isShown: (agentId) => agentId === id });
    expect(notificationKind(failedRun, DEFAULT_NOTIFICATION_PREFS, looking('run-r'))).toBeUndefined();
    expect(notificationKind(failedRun, DEFAULT_NOTIFICATION_PREFS, looking('other'))).toBe('error');
    expect(notificationKind(failedRun, DEFAULT_NOTIFICATION_PREFS, { windowFocused: false, isShown: () => true })).toBe('error');
  });
});

describe('noticesToShow', () => {
  it('shows a few notices of a batch one by one and sums up the rest in one', () => {
    const notice = (i: number): Notice => ({ agentId: `a${i}`, kinds: ['error'], title: `${i}`, body: '' });
    const few = noticesToShow([notice(1), notice(2)], DEFAULT_NOTIFICATION_PREFS, away);
    expect(few).toMatchObject({ shown: [{ kind: 'error', notice: { agentId: 'a1' } }, { notice: { agentId: 'a2' } }], more: 0 });
    const many = noticesToShow(Array.from({ length: 10 }, (_, i) => notice(i)), DEFAULT_NOTIFICATION_PREFS, away);
    expect(many.shown).toHaveLength(MAX_NOTICES_PER_BATCH - 1);
    expect(many.more).toBe(10 - (MAX_NOTICES_PER_BATCH - 1));
  });
});

describe('parseNotificationPrefs', () => {
  it('reads stored choices key by key and falls back to "on" for anything unreadable', () => {
    expect(parseNotificationPrefs(null)).toEqual(DEFAULT_NOTIFICATION_PREFS);
    expect(parseNotificationPrefs('{not json')).toEqual(DEFAULT_NOTIFICATION_PREFS);
    expect(parseNotificationPrefs('[]')).toEqual(DEFAULT_NOTIFICATION_PREFS);
    expect(parseNotificationPrefs('{"waiting":false,"error":"no"}')).toEqual({ error: true, waiting: false, finished: true });
  });
});
