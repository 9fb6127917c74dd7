import { useState } from 'react';
import { requestNotificationPermission, useNotificationPermission } from '../notifications/desktop-notifier';
import type { NotificationPermissionState } from '../notifications/desktop-notifier';
import { NOTIFICATION_KINDS, setNotificationKind, useNotificationPrefs } from '../notifications/notification-prefs';
import type { NotificationKind } from '../notifications/notification-prefs';
import './notifications-control.css';

const KIND_LABELS: Record<NotificationKind, string> = {
  error: 'An agent ends with an error',
  waiting: 'An agent waits for a person',
  finished: 'A run or workflow Orrery started finishes',
};

const PERMISSION_NOTES: Record<Exclude<NotificationPermissionState, 'default'>, string> = {
  granted: 'Desktop notifications are on (not for the agent you are looking at).',
  denied: 'This browser blocks notifications from Orrery; allow them in its site settings.',
  unsupported: 'This browser cannot show desktop notifications.',
};

/** Which news becomes a desktop notification (remembered in this window), and the browser's permission. */
export function NotificationsControl() {
  const prefs = useNotificationPrefs();
  const permission = useNotificationPermission((s) => s.permission);
  const [error, setError] = useState<string>();

  const ask = (): void => {
    requestNotificationPermission().then(
      () => setError(undefined),
      (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
    );
  };

  return (
    <section className="control-section" aria-label="Notifications" data-testid="notifications-control">
      <h2>Notifications</h2>
      {permission === 'default' ? (
        <div className="control-row">
          <button type="button" data-testid="notifications-allow" onClick={ask}>
            Allow desktop notifications
          </button>
        </div>
      ) : (
        <p className="control-note" data-testid="notifications-permission" data-permission={permission}>
          {PERMISSION_NOTES[permission]}
        </p>
      )}
      {error !== undefined && (
        <p className="control-error" role="alert">
          {error}
        </p>
      )}
      {NOTIFICATION_KINDS.map((kind) => (
        <label key={kind} className="control-check">
          <input type="checkbox" data-testid={`notify-${kind}`} checked={prefs[kind]} onChange={(event) => setNotificationKind(kind, event.target.checked)} /> {KIND_LABELS[kind]}
        </label>
      ))}
    </section>
  );
}
