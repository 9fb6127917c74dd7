import { ClientMessage } from '../../../src-shared/api/protocol';
import type { ServerMessage } from '../../../src-shared/api/protocol';
import { callContext } from './api-server';
import type { ApiServer, Connection } from './api-server';

export interface ApiSession {
  /** Feed one decoded message from the client; anything malformed is answered, never thrown. */
  receive(raw: unknown): void;
  dispose(): void;
}

/**
 * One client connection (a window's IPC, one WebSocket). Owns that client's subscriptions and
 * calls in flight, so they all end when the connection does, whatever the transport.
 */
export function createApiSession(server: ApiServer, send: (message: ServerMessage) => void): ApiSession {
  const subscriptions = new Map<number, () => void>();
  /** Calls in flight, by id, so a `cancel` (or the connection's end) can abort their handlers. */
  const calls = new Map<number, AbortController>();
  const cleanups: (() => void)[] = [];
  let disposed = false;
  const connection: Connection = {
    onClose(cleanup) {
      if (disposed) cleanup();
      else cleanups.push(cleanup);
    },
  };
  const sendIfOpen = (message: ServerMessage): void => {
    if (!disposed) send(message);
  };

  function call(id: number, method: string, args: unknown): void {
    calls.get(id)?.abort();
    const aborter = new AbortController();
    calls.set(id, aborter);
    void server.call(method, args, callContext(connection, aborter.signal)).then((outcome) => {
      if (calls.get(id) === aborter) calls.delete(id);
      // The client settled a cancelled call itself and forgot its id.
      if (!aborter.signal.aborted) sendIfOpen({ t: 'result', id, ...outcome });
    });
  }

  function subscribe(id: number, stream: string, args: unknown): void {
    subscriptions.get(id)?.();
    let ended = false;
    const stop = server.subscribe(
      stream,
      args,
      (value) => sendIfOpen({ t: 'item', id, value }),
      (error) => {
        ended = true;
        subscriptions.delete(id);
        sendIfOpen(error ? { t: 'end', id, error: error.toShape() } : { t: 'end', id });
      },
      connection,
    );
    // A stream refused at once (bad arguments, unknown name) has already ended: nothing to keep.
    if (!ended) subscriptions.set(id, stop);
  }

  return {
    receive(raw) {
      if (disposed) return;
      const parsed = ClientMessage.safeParse(raw);
      if (!parsed.success) {
        const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
        sendIfOpen({ t: 'result', id, ok: false, error: { code: 'bad_message', message: 'Malformed message: expected {t:"call"|"cancel"|"sub"|"unsub", id, ...}' } });
        return;
      }
      const message = parsed.data;
      switch (message.t) {
        case 'call':
          call(message.id, message.method, message.args);
          break;
        case 'cancel':
          calls.get(message.id)?.abort();
          calls.delete(message.id);
          break;
        case 'sub':
          subscribe(message.id, message.stream, message.args);
          break;
        case 'unsub':
          subscriptions.get(message.id)?.();
          subscriptions.delete(message.id);
          break;
      }
    },
    dispose() {
      disposed = true;
      for (const aborter of calls.values()) aborter.abort();
      calls.clear();
      for (const stop of subscriptions.values()) stop();
      subscriptions.clear();
      for (const cleanup of cleanups.splice(0)) {
        try {
          cleanup();
        } catch (error) {
          console.error('[api] connection cleanup failed:', error);
        }
      }
    },
  };
}
