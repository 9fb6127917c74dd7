import { create } from 'zustand';

/** The page's Notification permission, or `unsupported` where there is no Notification API. */
export type NotificationPermissionState = 'granted' | 'denied' | 'default' | 'unsupported';

function currentPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export const useNotificationPermission = create<{ permission: NotificationPermissionState }>(() => ({ permission: currentPermission() }));

/**
 * Asks for permission: only ever from a person's click (a browser asks its own question then), never
 * on load. Electron shows the renderer's notifications natively and answers without asking.
 */
export async function requestNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  const permission = await Notification.requestPermission();
  useNotificationPermission.setState({ permission });
  return permission;
}

/** Shows a desktop notification if allowed; a click brings the window forward and runs `onClick`. */
export function showDesktopNotification(title: string, body: string, tag: string, onClick: () => void): void {
  const permission = currentPermission();
  // The person may have changed it in the browser's settings since the page loaded.
  if (permission !== useNotificationPermission.getState().permission) useNotificationPermission.setState({ permission });
  if (permission !== 'granted') return;
  const notification = new Notification(title, { body, tag });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}
