import { IPC_CHANNEL } from '../src-shared/api/ipc-channel';
import type { OrreryBridge, ServerMessage } from '../src-shared/api/protocol';
import { RpcClient } from '../src-shared/api/rpc-client';

/** The part of Electron's ipcRenderer the bridge uses; a fake of it drives the bridge in tests. */
export interface IpcRendererSurface {
  send(channel: string, message: unknown): void;
  on(channel: string, listener: (event: unknown, message: ServerMessage) => void): unknown;
}

/**
 * What the preload hands the page: three functions and nothing else, no ipcRenderer, no Node.
 * One channel carries the whole protocol; the main process validates every message.
 */
export function createPreloadBridge(ipc: IpcRendererSurface): OrreryBridge {
  const client = new RpcClient((message) => {
    ipc.send(IPC_CHANNEL, message);
    return true;
  });
  ipc.on(IPC_CHANNEL, (_event, message) => client.handle(message));
  // The channel exists as long as the page does: there is no link to lose or wait for.
  client.setStatus('connected');
  return {
    call: (method, args, bindCancel) => client.call(method, args, bindCancel),
    subscribe: (stream, args, onItem, onEnd) => client.subscribe(stream, args, onItem, onEnd),
    onStatus: (listener) => client.onStatus(listener),
  };
}
