import type { ApiServer } from '../core/api/api-server';
import { createApiSession } from '../core/api/api-session';
import type { ApiSession } from '../core/api/api-session';
import { IPC_CHANNEL } from '../../src-shared/api/ipc-channel';
import { isTrustedUrl } from './trusted-url';

/**
 * The parts of Electron the IPC binding uses, as structural types: Electron's own objects fit
 * them, and the unit tests drive the binding with fakes of the same surface (no Electron binary).
 */
export interface NavigationStart {
  isMainFrame: boolean;
  isSameDocument: boolean;
}

export interface IpcPage {
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
  on(event: 'destroyed', listener: () => void): unknown;
  on(event: 'did-start-navigation', listener: (details: NavigationStart) => void): unknown;
  off(event: 'destroyed', listener: () => void): unknown;
  off(event: 'did-start-navigation', listener: (details: NavigationStart) => void): unknown;
}

export interface IpcSenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

export interface IpcMessageEvent {
  readonly sender: IpcPage;
  readonly senderFrame: IpcSenderFrame | null;
}

export type IpcListener = (event: IpcMessageEvent, message: unknown) => void;

export interface IpcMainSurface {
  on(channel: string, listener: IpcListener): unknown;
  off(channel: string, listener: IpcListener): unknown;
}

/**
 * Binds the api to the one IPC channel. Each page gets its own session, ended when its document
 * goes (a reload or a navigation of the main frame to another document: its subscriptions belong
 * to the old page) or its WebContents is destroyed. A fragment change or an iframe's navigation
 * leaves the page, and its session, as they were.
 */
export function bindApiToIpcMain(ipc: IpcMainSurface, api: ApiServer, rendererUrl: string): () => void {
  const sessions = new Map<IpcPage, { session: ApiSession; end: () => void }>();

  function sessionFor(page: IpcPage): ApiSession {
    const existing = sessions.get(page);
    if (existing) return existing.session;
    const session = createApiSession(api, (message) => {
      if (!page.isDestroyed()) page.send(IPC_CHANNEL, message);
    });
    const navigated = (details: NavigationStart): void => {
      if (details.isMainFrame && !details.isSameDocument) end();
    };
    // Both listeners go with the session, so a page reloaded a hundred times holds none of the old ones.
    const end = (): void => {
      page.off('destroyed', end);
      page.off('did-start-navigation', navigated);
      sessions.delete(page);
      session.dispose();
    };
    page.on('destroyed', end);
    page.on('did-start-navigation', navigated);
    sessions.set(page, { session, end });
    return session;
  }

  const listener: IpcListener = (event, message) => {
    const frame = event.senderFrame;
    // Only our own top-level page may speak; an iframe or a foreign page gets silence.
    if (!frame || frame.parent !== null || !isTrustedUrl(frame.url, rendererUrl)) return;
    sessionFor(event.sender).receive(message);
  };
  ipc.on(IPC_CHANNEL, listener);

  return () => {
    ipc.off(IPC_CHANNEL, listener);
    for (const { end } of [...sessions.values()]) end();
  };
}
