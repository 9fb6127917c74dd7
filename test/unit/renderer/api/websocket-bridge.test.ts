import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket as ServerSocket } from 'ws';
import type { ConnectionStatus } from '../../../../src-shared/api/protocol';
import { createWebSocketBridge } from '../../../../src-renderer/src/api/websocket-bridge';

// Node 22's WebSocket is the same WHATWG client the page uses.
let server: WebSocketServer | undefined;
afterEach(async () => {
  for (const socket of server?.clients ?? []) socket.terminate();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function listen(onConnection: (socket: ServerSocket) => void): Promise<string> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', onConnection);
  await new Promise((resolve) => server?.once('listening', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the page’s WebSocket bridge', () => {
  it('shows reconnecting when the host goes silent although the socket still looks open, then reconnects', async () => {
    let connections = 0;
    // A host that accepts and then says nothing: what a half-open link looks like from the page.
    const url = await listen(() => connections++);
    const statuses: ConnectionStatus[] = [];
    createWebSocketBridge(url, { silenceLimitMs: 150 }).onStatus((status) => statuses.push(status));
    await vi.waitFor(() => expect(statuses).toContain('reconnecting'), { timeout: 2_000 });
    expect(statuses.slice(0, 3)).toEqual(['connecting', 'connected', 'reconnecting']);
    await vi.waitFor(() => expect(connections).toBeGreaterThanOrEqual(2), { timeout: 2_000 });
  });

  it('stays connected while the host beats, however quiet the api is', async () => {
    const url = await listen((socket) => {
      const beat = setInterval(() => socket.send(JSON.stringify({ t: 'beat' })), 40);
      socket.on('close', () => clearInterval(beat));
    });
    const statuses: ConnectionStatus[] = [];
    createWebSocketBridge(url, { silenceLimitMs: 150 }).onStatus((status) => statuses.push(status));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(statuses).toEqual(['connecting', 'connected']);
  });
});
