import { app, session, shell } from 'electron';
import type { WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/security/content-security-policy';

/** Process-wide hardening from Electron's security checklist; call once the app is ready, before any window exists. */
export function hardenSessions(): void {
  const defaultSession = session.defaultSession;
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Every permission is denied but desktop notifications, which the window shows for agents that
  // fail, wait for a person or finish (each kind can be turned off in Controls).
  defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
  defaultSession.setPermissionCheckHandler((_contents, permission) => permission === 'notifications');

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
}

function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
