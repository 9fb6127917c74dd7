import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../src-shared/api/protocol';
import type { ApiServer } from '../core/api/api-server';
import { createApiSession } from '../core/api/api-session';

/** Above this many queued bytes a slow client is dropped; it reconnects and gets a fresh snapshot. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/**
 * A socket whose peer vanished without a FIN (a laptop lid, a dropped Wi-Fi) stays open as far as
 * TCP can tell. Each beat pings it; one that has not answered the previous ping by the next beat
 * is terminated, so a half-open socket goes within two beats (20 s) and its session with it.
 */
export const HEARTBEAT_MS = 10_000;

export interface WebSocketBindingOptions {
  heartbeatMs?: number;
}

export function bindApiToWebSocket(api: ApiServer, ws: WebSocket, options: WebSocketBindingOptions = {}): void {
  const send = (message: ServerMessage): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'client too slow');
      return;
    }
    ws.send(JSON.stringify(message));
  };
  const session = createApiSession(api, send);

  let answered = true;
  ws.on('pong', () => (answered = true));
  const heartbeat = setInterval(() => {
    if (!answered) {
      ws.terminate();
      return;
    }
    answered = false;
    ws.ping();
    // A page cannot see pings: this message is how it tells a quiet link from a dead one.
    send({ t: 'beat' });
  }, options.heartbeatMs ?? HEARTBEAT_MS);

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
  const end = (): void => {
    clearInterval(heartbeat);
    session.dispose();
  };
  ws.on('close', end);
  ws.on('error', end);
}
