import WebSocket from 'ws';
import { ApiClient } from '../../src-shared/api/api-client';
import type { ServerMessage } from '../../src-shared/api/protocol';
import { RpcClient } from '../../src-shared/api/rpc-client';
import { hostFilePath, readHostFile } from '../core/app/host-file';
import { resolveDataPaths } from '../core/config/data-home';

export interface HostConnection {
  api: ApiClient;
  close(): void;
}

/** The running Orrery is not there: the command says so in one line and exits 1. */
export class HostUnreachableError extends Error {}

const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Connects to the Orrery running for this data directory (`--home`, ORRERY_HOME, ~/.orrery)
 * through the address file it writes at start, with the same typed client the window uses.
 */
export async function connectToHost(env: NodeJS.ProcessEnv, home?: string): Promise<HostConnection> {
  const dataHome = resolveDataPaths(home, env).home;
  const address = readHostFile(dataHome);
  if (!address) throw new HostUnreachableError(`Orrery is not running (no ${hostFilePath(dataHome)}); start it with \`npm start\` or \`npm run serve\``);
  const socket = new WebSocket(`${address.url}?token=${encodeURIComponent(address.token)}`);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HostUnreachableError(`Orrery did not answer at ${address.url} within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new HostUnreachableError(error.code === 'ECONNREFUSED' ? `Orrery is not running (nothing answers at ${address.url}; ${hostFilePath(dataHome)} is left from an earlier start)` : `Cannot reach Orrery at ${address.url}: ${error.message}`));
    });
  });
  const rpc = new RpcClient((message) => {
    if (socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  });
  rpc.setStatus('connected');
  socket.on('message', (data) => rpc.handle(JSON.parse(String(data)) as ServerMessage));
  socket.on('close', () => rpc.setStatus('disconnected'));
  return { api: new ApiClient(rpc), close: () => socket.close() };
}

/**
 * A connection made on first use and closed by `close()`: a command can be given "the host" and
 * still answer `--help` or a usage error without an Orrery running.
 */
export function lazyHost(env: NodeJS.ProcessEnv, home?: string): { connection(): Promise<HostConnection>; close(): void } {
  let connecting: Promise<HostConnection> | undefined;
  return {
    connection: () => (connecting ??= connectToHost(env, home)),
    close: () => void connecting?.then((host) => host.close(), () => undefined),
  };
}
