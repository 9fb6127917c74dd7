import { ApiError } from '../../../src-shared/api/api-error';
import type { MethodInput, MethodName, MethodOutput, StreamInput, StreamItem, StreamName } from '../../../src-shared/api/contract';
import type { ConnectionStatus, OrreryBridge } from '../../../src-shared/api/protocol';
import { apiUrlFromLocation, createWebSocketBridge } from './websocket-bridge';

declare global {
  interface Window {
    /** Present only inside the Electron shell (set by the preload). */
    orrery?: OrreryBridge;
  }
}

/** The typed face of the contract; the only module in the renderer that knows a transport exists. */
export class ApiClient {
  constructor(private readonly bridge: OrreryBridge) {}

  async call<M extends MethodName>(method: M, args: MethodInput<M>): Promise<MethodOutput<M>> {
    const outcome = await this.bridge.call(method, args);
    if (!outcome.ok) throw ApiError.fromShape(outcome.error);
    return outcome.value as MethodOutput<M>;
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

export function createApiClient(): ApiClient {
  return new ApiClient(window.orrery ?? createWebSocketBridge(apiUrlFromLocation(window.location)));
}
