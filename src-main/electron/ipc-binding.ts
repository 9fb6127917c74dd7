import { ipcMain } from 'electron';
import type { ApiServer } from '../core/api/api-server';
import { bindApiToIpcMain } from './ipc-sessions';

/** The api on Electron's ipcMain; the logic, and its tests, live in ipc-sessions.ts. */
export function bindApiToIpc(api: ApiServer, rendererUrl: string): () => void {
  return bindApiToIpcMain(ipcMain, api, rendererUrl);
}
