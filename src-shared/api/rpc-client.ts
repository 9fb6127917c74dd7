import type { ApiErrorShape } from './api-error';
import type { CallOutcome, CancelBinder, ClientMessage, ConnectionStatus, OrreryBridge, ServerMessage } from './protocol';

interface Subscription {
  stream: string;
  args: unknown;
  onItem: (value: unknown) => void;
  onEnd: (error?: ApiErrorShape) => void;
}

/**
 * Client half of the protocol over any message transport. Subscriptions are remembered and
 * re-sent when the transport reopens, so a reconnect is invisible to the UI apart from a fresh
 * snapshot; calls in flight when the link drops fail with `disconnected` because replaying a
 * command (e.g. "cancel agent") twice is worse than asking the user to retry.
 */
export class RpcClient implements OrreryBridge {
  private nextId = 1;
  private readonly pending = new Map<number, (outcome: CallOutcome) => void>();
  private readonly subscriptions = new Map<number, Subscription>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private status: ConnectionStatus = 'connecting';

  private readonly send: (message: ClientMessage) => boolean;

  constructor(send: (message: ClientMessage) => boolean) {
    this.send = send;
  }

  /** A cancelled call settles at once with `cancelled`; the host is told, so its work stops too. */
  call(method: string, args: unknown, bindCancel?: CancelBinder): Promise<CallOutcome> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      if (this.status !== 'connected' || !this.send({ t: 'call', id, method, args })) {
        resolve({ ok: false, error: { code: 'disconnected', message: `Not connected to Orrery (${this.status}); try again when connected` } });
        return;
      }
      this.pending.set(id, resolve);
      bindCancel?.(() => {
        if (!this.pending.delete(id)) return;
        if (this.status === 'connected') this.send({ t: 'cancel', id });
        resolve({ ok: false, error: { code: 'cancelled', message: `${method} was cancelled` } });
      });
    });
  }

  subscribe(stream: string, args: unknown, onItem: (value: unknown) => void, onEnd: (error?: ApiErrorShape) => void): () => void {
    const id = this.nextId++;
    this.subscriptions.set(id, { stream, args, onItem, onEnd });
    if (this.status === 'connected') this.send({ t: 'sub', id, stream, args });
    return () => {
      if (!this.subscriptions.delete(id)) return;
      if (this.status === 'connected') this.send({ t: 'unsub', id });
    };
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  /** The transport calls this for every decoded server message. */
  handle(message: ServerMessage): void {
    switch (message.t) {
      case 'result': {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error });
        break;
      }
      case 'item':
        this.subscriptions.get(message.id)?.onItem(message.value);
        break;
      case 'end': {
        const subscription = this.subscriptions.get(message.id);
        this.subscriptions.delete(message.id);
        subscription?.onEnd(message.error);
        break;
      }
      case 'beat':
        // Only the transport cares that something arrived.
        break;
    }
  }

  /** The transport reports link changes; on (re)connect every live subscription is re-sent. */
  setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    if (status === 'connected') {
      for (const [id, { stream, args }] of this.subscriptions) this.send({ t: 'sub', id, stream, args });
    } else {
      for (const resolve of this.pending.values()) {
        resolve({ ok: false, error: { code: 'disconnected', message: 'The connection to Orrery was lost before the answer arrived' } });
      }
      this.pending.clear();
    }
    for (const listener of this.statusListeners) listener(status);
  }
}
