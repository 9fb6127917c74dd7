import { create } from 'zustand';

/** What a person can be told about, each of which can be turned off. */
export type NotificationKind = 'error' | 'waiting' | 'finished';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['error', 'waiting', 'finished'];

export type NotificationPrefs = Readonly<Record<NotificationKind, boolean>>;

export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = { error: true, waiting: true, finished: true };

/** Where the choices are remembered in this window's origin (the app's CSP allows local storage). */
export const NOTIFICATION_PREFS_KEY = 'orrery.notifications';

/** A stored value as the choices it holds; anything unreadable is the defaults, key by key. */
export function parseNotificationPrefs(stored: string | null): NotificationPrefs {
  if (stored === null) return DEFAULT_NOTIFICATION_PREFS;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return DEFAULT_NOTIFICATION_PREFS;
  }
  if (typeof value !== 'object' || value === null) return DEFAULT_NOTIFICATION_PREFS;
  const record = value as Record<string, unknown>;
  const pick = (kind: NotificationKind): boolean => (typeof record[kind] === 'boolean' ? (record[kind] as boolean) : DEFAULT_NOTIFICATION_PREFS[kind]);
  return { error: pick('error'), waiting: pick('waiting'), finished: pick('finished') };
}

/** Storage may be missing (tests) or refuse (a full quota, a locked-down profile): the choices then last as long as the page. */
function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export const useNotificationPrefs = create<NotificationPrefs>(() => parseNotificationPrefs(storage()?.getItem(NOTIFICATION_PREFS_KEY) ?? null));

export function setNotificationKind(kind: NotificationKind, enabled: boolean): void {
  useNotificationPrefs.setState({ [kind]: enabled });
  try {
    storage()?.setItem(NOTIFICATION_PREFS_KEY, JSON.stringify(useNotificationPrefs.getState()));
  } catch {
    // Remembered for this page only; the toggle itself still works.
  }
}
