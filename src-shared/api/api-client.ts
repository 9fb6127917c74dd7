import { ApiError } from './api-error';
import type { MethodInput, MethodName, MethodOutput, StreamInput, StreamItem, StreamName } from './contract';
import type { CancelBinder, ConnectionStatus, OrreryBridge } from './protocol';

/** The part of an AbortSignal a call needs; structural, so this layer needs neither DOM nor Node types. */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface CallOptions {
  /** Aborting it cancels the call here and on the host; the call then rejects with `cancelled`. */
  signal?: CancelSignal;
}

/**
 * The typed face of the contract over any bridge: the renderer's (IPC or WebSocket) and the
 * main process's own callers (the app menu), so both get the same types and the same errors.
 */
export class ApiClient {
  private readonly bridge: OrreryBridge;

  constructor(bridge: OrreryBridge) {
    this.bridge = bridge;
  }

  async call<M extends MethodName>(method: M, args: MethodInput<M>, options: CallOptions = {}): Promise<MethodOutput<M>> {
    const { signal } = options;
    if (signal?.aborted) throw new ApiError('cancelled', `${method} was cancelled`);
    let cancel: (() => void) | undefined;
    const bindCancel: CancelBinder | undefined =
      signal &&
      ((cancelCall) => {
        cancel = cancelCall;
        signal.addEventListener('abort', cancelCall);
      });
    try {
      const outcome = await this.bridge.call(method, args, bindCancel);
      if (!outcome.ok) throw ApiError.fromShape(outcome.error);
      return outcome.value as MethodOutput<M>;
    } finally {
      if (cancel) signal?.removeEventListener('abort', cancel);
    }
  }

  subscribe<S extends StreamName>(stream: S, args: StreamInput<S>, onItem: (item: StreamItem<S>) => void, onEnd?: (error?: ApiError) => void): () => void {
    return this.bridge.subscribe(
      stream,
      args,
      (value) => onItem(value as StreamItem<S>),
      (error) => onEnd?.(error ? ApiError.fromShape(error) : undefined),
    );
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return this.bridge.onStatus(listener);
  }
}
