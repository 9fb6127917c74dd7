import type { WebSocket } from 'ws';
import type { ApiServer } from '../core/api/api-server';
import { createApiSession } from '../core/api/api-session';

/** Above this many queued bytes a slow client is dropped; it reconnects and gets a fresh snapshot. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export function bindApiToWebSocket(api: ApiServer, ws: WebSocket): void {
  const session = createApiSession(api, (message) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'client too slow');
      return;
    }
    ws.send(JSON.stringify(message));
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      session.receive(undefined);
      return;
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(data.toString());
    } catch {
      decoded = undefined;
    }
    session.receive(decoded);
  });
  ws.on('close', () => session.dispose());
  ws.on('error', () => session.dispose());
}
