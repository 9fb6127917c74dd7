import { ApiClient } from '../../../src-shared/api/api-client';
import type { OrreryBridge } from '../../../src-shared/api/protocol';
import { apiUrlFromLocation, createWebSocketBridge } from './websocket-bridge';

export { ApiClient } from '../../../src-shared/api/api-client';

declare global {
  interface Window {
    /** Present only inside the Electron shell (set by the preload). */
    orrery?: OrreryBridge;
  }
}

/** The only place in the renderer that picks a transport: the preload's bridge, else the host's WebSocket. */
export function createApiClient(): ApiClient {
  return new ApiClient(window.orrery ?? createWebSocketBridge(apiUrlFromLocation(window.location)));
}
