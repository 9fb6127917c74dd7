import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createApiServer, DETACHED_CONNECTION } from '../../../../src-main/core/api/api-server';
import { createApiSession } from '../../../../src-main/core/api/api-session';
import type { ApiSession } from '../../../../src-main/core/api/api-session';
import { ApiClient } from '../../../../src-shared/api/api-client';
import type { OrreryBridge, ServerMessage } from '../../../../src-shared/api/protocol';
import { RpcClient } from '../../../../src-shared/api/rpc-client';

const contract = {
  methods: { 'echo.say': { input: z.object({ text: z.string().max(10) }), output: z.string() } },
  streams: { 'echo.ticks': { input: z.object({}), item: z.number() } },
};

/** An in-memory link standing in for IPC or a WebSocket, which the client can lose and regain. */
function link() {
  const subscribers = new Set<(n: number) => void>();
  const server = createApiServer(contract, { 'echo.say': ({ text }) => text.toUpperCase() }, {
    'echo.ticks': (_input, sink) => {
      const push = (n: number) => sink.push(n);
      subscribers.add(push);
      return () => subscribers.delete(push);
    },
  });
  let session: ApiSession | undefined;
  const client = new RpcClient((message) => {
    if (!session) return false;
    session.receive(structuredClone(message));
    return true;
  });
  const open = () => {
    session = createApiSession(server, (message: ServerMessage) => queueMicrotask(() => client.handle(structuredClone(message))));
    client.setStatus('connected');
  };
  const drop = () => {
    session?.dispose();
    session = undefined;
    client.setStatus('reconnecting');
  };
  const tick = (n: number) => subscribers.forEach((push) => push(n));
  return { client, open, drop, tick, subscribers };
}

describe('RpcClient over an ApiSession', () => {
  it('round-trips a call and reports validation errors as outcomes', async () => {
    const { client, open } = link();
    open();
    expect(await client.call('echo.say', { text: 'hi' })).toEqual({ ok: true, value: 'HI' });
    expect(await client.call('echo.say', { text: 'far too long for it' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  });

  it('fails calls at once while disconnected rather than queueing them', async () => {
    const { client } = link();
    expect(await client.call('echo.say', { text: 'hi' })).toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });

  it('re-subscribes live streams after a reconnect and drops server state on disconnect', async () => {
    const { client, open, drop, tick, subscribers } = link();
    open();
    const seen: unknown[] = [];
    const stop = client.subscribe('echo.ticks', {}, (n) => seen.push(n), () => undefined);
    await vi.waitFor(() => expect(subscribers.size).toBe(1));
    tick(1);
    drop();
    expect(subscribers.size).toBe(0);
    open();
    expect(subscribers.size).toBe(1);
    tick(2);
    await vi.waitFor(() => expect(seen).toEqual([1, 2]));
    stop();
    expect(subscribers.size).toBe(0);
  });

  it('reports status changes to listeners, starting with the current one', () => {
    const { client, open, drop } = link();
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    open();
    drop();
    expect(statuses).toEqual(['connecting', 'connected', 'reconnecting']);
  });
});

describe('ApiSession', () => {
  it('answers malformed messages with bad_message instead of throwing', () => {
    const sent: ServerMessage[] = [];
    const session = createApiSession(createApiServer(contract, { 'echo.say': ({ text }) => text }, { 'echo.ticks': () => () => undefined }), (m) => sent.push(m));
    for (const raw of [undefined, 42, 'text', { t: 'call' }, { t: 'call', id: 7, method: 5 }, { t: 'explode', id: 8 }]) session.receive(raw);
    expect(sent).toHaveLength(6);
    expect(sent.every((m) => m.t === 'result' && !m.ok && m.error.code === 'bad_message')).toBe(true);
    expect(sent.map((m) => (m.t === 'result' ? m.id : undefined))).toEqual([-1, -1, -1, -1, 7, 8]);
  });
});

describe('connection-scoped resources', () => {
  it('runs what a call registered when its connection closes, once', async () => {
    const released: string[] = [];
    const leasing = {
      methods: { 'lease.take': { input: z.object({ name: z.string() }), output: z.string() } },
      streams: {},
    };
    const server = createApiServer(leasing, {
      'lease.take': ({ name }, context) => {
        context.onClose(() => released.push(name));
        return name;
      },
    }, {});
    const sent: ServerMessage[] = [];
    const session = createApiSession(server, (m) => sent.push(m));
    session.receive({ t: 'call', id: 1, method: 'lease.take', args: { name: 'view-1' } });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(released).toEqual([]);
    session.dispose();
    session.dispose();
    expect(released).toEqual(['view-1']);
  });
});

describe('cancelling a call', () => {
  /** A method that waits until its signal aborts, recording that it saw the abort. */
  function waitingServer() {
    const aborted: string[] = [];
    const contract = { methods: { 'slow.wait': { input: z.object({ tag: z.string() }), output: z.string() } }, streams: {} };
    const server = createApiServer(contract, {
      'slow.wait': ({ tag }, { signal }) =>
        new Promise<string>((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted.push(tag);
            reject(new Error('stopped'));
          });
        }),
    }, {});
    return { server, aborted };
  }

  it('settles at once on the client, aborts the handler on the host, and sends no result', async () => {
    const { server, aborted } = waitingServer();
    const sent: ServerMessage[] = [];
    const session = createApiSession(server, (message) => sent.push(message));
    const client = new RpcClient((message) => {
      session.receive(structuredClone(message));
      return true;
    });
    client.setStatus('connected');
    let cancel: (() => void) | undefined;
    const outcome = client.call('slow.wait', { tag: 'search 1' }, (fn) => (cancel = fn));
    cancel?.();
    expect(await outcome).toEqual({ ok: false, error: { code: 'cancelled', message: 'slow.wait was cancelled' } });
    await vi.waitFor(() => expect(aborted).toEqual(['search 1']));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual([]);
  });

  it('aborts every call in flight when the connection closes', async () => {
    const { server, aborted } = waitingServer();
    const session = createApiSession(server, () => undefined);
    session.receive({ t: 'call', id: 1, method: 'slow.wait', args: { tag: 'a' } });
    session.receive({ t: 'call', id: 2, method: 'slow.wait', args: { tag: 'b' } });
    session.dispose();
    await vi.waitFor(() => expect(aborted.sort()).toEqual(['a', 'b']));
  });

  it('answers a call cancelled by its in-process caller with cancelled', async () => {
    const { server } = waitingServer();
    const aborter = new AbortController();
    const outcome = server.call('slow.wait', { tag: 'menu' }, { connection: DETACHED_CONNECTION, signal: aborter.signal, onClose: () => undefined });
    aborter.abort();
    expect(await outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});

describe('streams and their connection', () => {
  it('get the connection context: cleanups run when it closes, the signal aborts when the stream stops', async () => {
    const events: string[] = [];
    const contract = { methods: {}, streams: { 'view.open': { input: z.object({}), item: z.number() } } };
    const server = createApiServer(contract, {}, {
      'view.open': (_input, _sink, context) => {
        context.onClose(() => events.push('connection closed'));
        context.signal.addEventListener('abort', () => events.push('stream stopped'));
        return () => events.push('stop');
      },
    });
    const session = createApiSession(server, () => undefined);
    session.receive({ t: 'sub', id: 1, stream: 'view.open', args: {} });
    session.receive({ t: 'unsub', id: 1 });
    expect(events).toEqual(['stream stopped', 'stop']);
    session.receive({ t: 'sub', id: 2, stream: 'view.open', args: {} });
    session.dispose();
    expect(events).toEqual(['stream stopped', 'stop', 'stream stopped', 'stop', 'connection closed', 'connection closed']);
  });
});

describe('ApiClient', () => {
  it('turns an aborted signal into a cancel, and never sends a call whose signal already aborted', async () => {
    const sentMethods: string[] = [];
    const bridge: OrreryBridge = {
      call: (method, _args, bindCancel) =>
        new Promise((resolve) => {
          sentMethods.push(method);
          bindCancel?.(() => resolve({ ok: false, error: { code: 'cancelled', message: `${method} was cancelled` } }));
        }),
      subscribe: () => () => undefined,
      onStatus: () => () => undefined,
    };
    const client = new ApiClient(bridge);
    const aborter = new AbortController();
    const search = client.call('terminals.search', { pattern: 'x' }, { signal: aborter.signal });
    aborter.abort();
    await expect(search).rejects.toMatchObject({ name: 'ApiError', code: 'cancelled' });
    await expect(client.call('terminals.search', { pattern: 'y' }, { signal: aborter.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(sentMethods).toEqual(['terminals.search']);
  });
});
