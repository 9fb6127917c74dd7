import { ipcMain } from 'electron';
import type { IpcMainEvent, WebContents } from 'electron';
import type { ApiServer } from '../core/api/api-server';
import { createApiSession } from '../core/api/api-session';
import type { ApiSession } from '../core/api/api-session';
import { IPC_CHANNEL } from '../../src-shared/api/ipc-channel';
import { isTrustedUrl } from './trusted-url';

/**
 * Binds the api to the one IPC channel. Each window gets its own session, ended when the page
 * navigates or reloads (its subscriptions belong to the old page) or the window goes away.
 */
export function bindApiToIpc(api: ApiServer, rendererUrl: string): () => void {
  const sessions = new Map<WebContents, ApiSession>();

  function sessionFor(contents: WebContents): ApiSession {
    let session = sessions.get(contents);
    if (session) return session;
    session = createApiSession(api, (message) => {
      if (!contents.isDestroyed()) contents.send(IPC_CHANNEL, message);
    });
    sessions.set(contents, session);
    const end = (): void => {
      sessions.get(contents)?.dispose();
      sessions.delete(contents);
    };
    contents.once('destroyed', end);
    contents.once('did-start-navigation', end);
    return session;
  }

  const listener = (event: IpcMainEvent, message: unknown): void => {
    const frame = event.senderFrame;
    // Only our own top-level page may speak; an iframe or a foreign page gets silence.
    if (!frame || frame.parent !== null || !isTrustedUrl(frame.url, rendererUrl)) return;
    sessionFor(event.sender).receive(message);
  };
  ipcMain.on(IPC_CHANNEL, listener);

  return () => {
    ipcMain.off(IPC_CHANNEL, listener);
    for (const session of sessions.values()) session.dispose();
    sessions.clear();
  };
}
