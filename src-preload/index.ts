import { contextBridge, ipcRenderer } from 'electron';
import { RpcClient } from '../src-shared/api/rpc-client';
import type { OrreryBridge, ServerMessage } from '../src-shared/api/protocol';
import { IPC_CHANNEL } from '../src-shared/api/ipc-channel';

/**
 * The renderer gets four typed functions and nothing else: no ipcRenderer, no Node.
 * One channel carries the whole protocol; the main process validates every message.
 */
const client = new RpcClient((message) => {
  ipcRenderer.send(IPC_CHANNEL, message);
  return true;
});
ipcRenderer.on(IPC_CHANNEL, (_event, message: ServerMessage) => client.handle(message));
client.setStatus('connected');

const bridge: OrreryBridge = {
  call: (method, args) => client.call(method, args),
  subscribe: (stream, args, onItem, onEnd) => client.subscribe(stream, args, onItem, onEnd),
  onStatus: (listener) => client.onStatus(listener),
};

contextBridge.exposeInMainWorld('orrery', bridge);
