import WebSocket from 'ws';
import { LiveEventWire } from './paperclip-wire';

export interface LiveEventsHandlers {
  onOpen(): void;
  onEvent(event: LiveEventWire): void;
  /** The server answered the upgrade with plain HTTP (403 for a board key, a proxy without WebSockets, …). */
  onRefused(status: number): void;
  /** Could not connect, or the open socket closed (Paperclip restarting, going away, the network). */
  onLost(reason: string): void;
}

export interface LiveEventsSocket {
  close(): void;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;

/** One company's live-events WebSocket; each handler is called at most once per socket, except onEvent. */
export function openLiveEvents(url: string, headers: Record<string, string>, handlers: LiveEventsHandlers): LiveEventsSocket {
  const socket = new WebSocket(url, { headers, handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
  let settled = false;
  const finish = (report: () => void): void => {
    if (settled) return;
    settled = true;
    report();
  };
  socket.on('open', () => handlers.onOpen());
  socket.on('message', (data) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return;
    }
    const event = LiveEventWire.safeParse(parsed);
    if (event.success) handlers.onEvent(event.data);
  });
  socket.on('unexpected-response', (request, response) => {
    request.destroy();
    finish(() => handlers.onRefused(response.statusCode ?? 0));
  });
  socket.on('error', (error) => finish(() => handlers.onLost(describe(error))));
  socket.on('close', (code, reason) => finish(() => handlers.onLost(`live events closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`)));
  return {
    close() {
      settled = true;
      socket.removeAllListeners('close');
      socket.on('error', () => undefined);
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.terminate();
    },
  };
}

function describe(error: Error): string {
  const code = (error as { code?: string }).code;
  return code === 'ECONNREFUSED' ? 'connection refused' : `${error.message}${code ? ` (${code})` : ''}`;
}
