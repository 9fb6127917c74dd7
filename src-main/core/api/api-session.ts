import { ClientMessage } from '../../../src-shared/api/protocol';
import type { ServerMessage } from '../../../src-shared/api/protocol';
import type { ApiServer, CallContext } from './api-server';

export interface ApiSession {
  /** Feed one decoded message from the client; anything malformed is answered, never thrown. */
  receive(raw: unknown): void;
  dispose(): void;
}

/**
 * One client connection (a window's IPC, one WebSocket). Owns that client's subscriptions
 * so they all end when the connection does, whatever the transport.
 */
export function createApiSession(server: ApiServer, send: (message: ServerMessage) => void): ApiSession {
  const subscriptions = new Map<number, () => void>();
  const cleanups: (() => void)[] = [];
  let disposed = false;
  const context: CallContext = {
    onClose(cleanup) {
      if (disposed) cleanup();
      else cleanups.push(cleanup);
    },
  };
  const sendIfOpen = (message: ServerMessage): void => {
    if (!disposed) send(message);
  };

  return {
    receive(raw) {
      if (disposed) return;
      const parsed = ClientMessage.safeParse(raw);
      if (!parsed.success) {
        const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
        sendIfOpen({ t: 'result', id, ok: false, error: { code: 'bad_message', message: 'Malformed message: expected {t:"call"|"sub"|"unsub", id, ...}' } });
        return;
      }
      const message = parsed.data;
      switch (message.t) {
        case 'call':
          void server.call(message.method, message.args, context).then((outcome) => sendIfOpen({ t: 'result', id: message.id, ...outcome }));
          break;
        case 'sub': {
          subscriptions.get(message.id)?.();
          let ended = false;
          const stop = server.subscribe(
            message.stream,
            message.args,
            (value) => sendIfOpen({ t: 'item', id: message.id, value }),
            (error) => {
              ended = true;
              subscriptions.delete(message.id);
              sendIfOpen(error ? { t: 'end', id: message.id, error: error.toShape() } : { t: 'end', id: message.id });
            },
          );
          // A stream refused at once (bad arguments, unknown name) has already ended: nothing to keep.
          if (!ended) subscriptions.set(message.id, stop);
          break;
        }
        case 'unsub':
          subscriptions.get(message.id)?.();
          subscriptions.delete(message.id);
          break;
      }
    },
    dispose() {
      disposed = true;
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
