import { RpcClient } from '../../../src-shared/api/rpc-client';
import type { OrreryBridge, ServerMessage } from '../../../src-shared/api/protocol';

const INITIAL_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 8_000;
/** After this many failed attempts in a row the status reads "disconnected", but retrying goes on. */
const ATTEMPTS_BEFORE_DISCONNECTED = 6;

/**
 * The bridge for a browser talking to the headless host. Reconnects forever with capped
 * exponential backoff and jitter; the RpcClient re-subscribes streams once the socket reopens.
 */
export function createWebSocketBridge(url: string): OrreryBridge {
  let socket: WebSocket | undefined;
  let failures = 0;
  const client = new RpcClient((message) => {
    if (socket?.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  });

  function connect(): void {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      client.setStatus('connected');
    };
    ws.onmessage = (event) => {
      try {
        client.handle(JSON.parse(String(event.data)) as ServerMessage);
      } catch (error) {
        console.error('[orrery] unreadable message from host', error);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      failures += 1;
      client.setStatus(failures >= ATTEMPTS_BEFORE_DISCONNECTED ? 'disconnected' : 'reconnecting');
      const backoff = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** (failures - 1));
      setTimeout(connect, backoff / 2 + Math.random() * (backoff / 2));
    };
  }

  connect();
  return {
    call: (method, args) => client.call(method, args),
    subscribe: (stream, args, onItem, onEnd) => client.subscribe(stream, args, onItem, onEnd),
    onStatus: (listener) => client.onStatus(listener),
  };
}

/** The api lives beside the page on the headless host; the token rides along from the page URL. */
export function apiUrlFromLocation(location: Location): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}
