import { RpcClient } from '../../../src-shared/api/rpc-client';
import type { OrreryBridge, ServerMessage } from '../../../src-shared/api/protocol';

const INITIAL_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 8_000;
/** After this many failed attempts in a row the status reads "disconnected", but retrying goes on. */
const ATTEMPTS_BEFORE_DISCONNECTED = 6;
/**
 * The host sends a beat every 10 s (HEARTBEAT_MS in the WebSocket binding). A link silent for
 * two and a half beats is dead even if the browser still calls the socket open: a half-open
 * TCP connection never reports its own end.
 */
const SILENCE_LIMIT_MS = 25_000;

export interface WebSocketBridgeOptions {
  silenceLimitMs?: number;
}

/**
 * The bridge for a browser talking to the headless host. Reconnects forever with capped
 * exponential backoff and jitter; the RpcClient re-subscribes streams once the socket reopens.
 */
export function createWebSocketBridge(url: string, options: WebSocketBridgeOptions = {}): OrreryBridge {
  const silenceLimitMs = options.silenceLimitMs ?? SILENCE_LIMIT_MS;
  let socket: WebSocket | undefined;
  let failures = 0;
  let silence: ReturnType<typeof setTimeout> | undefined;
  const client = new RpcClient((message) => {
    if (socket?.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  });

  /** The socket is gone (closed, or silent too long): say so at once and try again after a backoff. */
  function lost(ws: WebSocket): void {
    if (socket !== ws) return;
    socket = undefined;
    clearTimeout(silence);
    failures += 1;
    client.setStatus(failures >= ATTEMPTS_BEFORE_DISCONNECTED ? 'disconnected' : 'reconnecting');
    const backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** (failures - 1));
    setTimeout(connect, backoff / 2 + Math.random() * (backoff / 2));
  }

  function heard(ws: WebSocket): void {
    clearTimeout(silence);
    silence = setTimeout(() => {
      lost(ws);
      // Closing a half-open socket waits for a close frame that never comes; it is already given up.
      ws.close();
    }, silenceLimitMs);
  }

  function connect(): void {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      heard(ws);
      client.setStatus('connected');
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      heard(ws);
      try {
        client.handle(JSON.parse(String(event.data)) as ServerMessage);
      } catch (error) {
        console.error('[orrery] unreadable message from host', error);
      }
    };
    ws.onclose = () => lost(ws);
  }

  connect();
  return {
    call: (method, args, bindCancel) => client.call(method, args, bindCancel),
    subscribe: (stream, args, onItem, onEnd) => client.subscribe(stream, args, onItem, onEnd),
    onStatus: (listener) => client.onStatus(listener),
  };
}

/** The api lives beside the page on the headless host; the token rides along from the page URL. */
export function apiUrlFromLocation(location: Pick<URL, 'search' | 'protocol' | 'host'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}
