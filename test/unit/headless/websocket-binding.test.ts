import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { z } from 'zod';
import { createApiServer } from '../../../src-main/core/api/api-server';
import { bindApiToWebSocket } from '../../../src-main/headless/websocket-binding';

let server: WebSocketServer | undefined;
afterEach(async () => {
  for (const socket of server?.clients ?? []) socket.terminate();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** An api whose one method opens a "view" that stays until its connection closes, like terminals.attach. */
function viewApi() {
  const open = new Set<string>();
  const contract = { methods: { 'view.open': { input: z.object({ name: z.string() }), output: z.string() } }, streams: {} };
  const api = createApiServer(contract, {
    'view.open': ({ name }, context) => {
      open.add(name);
      context.onClose(() => open.delete(name));
      return name;
    },
  }, {});
  return { api, open };
}

async function host(api: ReturnType<typeof viewApi>['api'], heartbeatMs: number): Promise<string> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws) => bindApiToWebSocket(api, ws, { heartbeatMs }));
  await new Promise((resolve) => server?.once('listening', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function openView(url: string, name: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const client = new WebSocket(url, options);
  await new Promise((resolve) => client.once('open', resolve));
  client.send(JSON.stringify({ t: 'call', id: 1, method: 'view.open', args: { name } }));
  await new Promise((resolve) => client.once('message', resolve));
  return client;
}

describe('WebSocket binding heartbeat', () => {
  it('ends the session of a peer that stops answering pings: its views are released', async () => {
    const { api, open } = viewApi();
    const url = await host(api, 50);
    // autoPong off: the socket stays open but nobody answers, as when the peer vanished.
    const silent = await openView(url, 'half-open view', { autoPong: false });
    const alive = await openView(url, 'live view');
    expect([...open].sort()).toEqual(['half-open view', 'live view']);
    await vi.waitFor(() => expect([...open]).toEqual(['live view']), { timeout: 1_000 });
    // Within two beats, and the answering peer is untouched.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([...open]).toEqual(['live view']);
    expect(alive.readyState).toBe(WebSocket.OPEN);
    silent.terminate();
    alive.close();
  });

  it('sends the page a beat it can see, since a browser cannot see pings', async () => {
    const url = await host(viewApi().api, 30);
    const client = new WebSocket(url);
    const first = await new Promise<unknown>((resolve) => client.once('message', (data) => resolve(JSON.parse(String(data)))));
    expect(first).toEqual({ t: 'beat' });
    client.close();
  });
});
