import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createApiServer } from '../../../src-main/core/api/api-server';
import { bindApiToIpcMain } from '../../../src-main/electron/ipc-sessions';
import type { IpcMainSurface, IpcMessageEvent, IpcPage, IpcSenderFrame, NavigationStart } from '../../../src-main/electron/ipc-sessions';
import { createPreloadBridge } from '../../../src-preload/orrery-bridge';
import type { IpcRendererSurface } from '../../../src-preload/orrery-bridge';
import type { OrreryBridge } from '../../../src-shared/api/protocol';

/**
 * Electron's side without Electron: fakes of ipcMain, WebContents and ipcRenderer with the
 * surface the binding and the preload use. Messages are structured-cloned and delivered on a
 * later microtask, as IPC does.
 */
type Listener = (...args: never[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }
  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

class FakeIpcMain extends Emitter implements IpcMainSurface {}

class FakeIpcRenderer extends Emitter implements IpcRendererSurface {
  constructor(
    private readonly contents: FakeWebContents,
    private readonly ipcMain: FakeIpcMain,
    private readonly frame: IpcSenderFrame,
  ) {
    super();
  }
  send(channel: string, message: unknown): void {
    const event: IpcMessageEvent = { sender: this.contents, senderFrame: this.frame };
    const copy = structuredClone(message);
    queueMicrotask(() => this.ipcMain.emit(channel, event, copy));
  }
}

class FakeWebContents extends Emitter implements IpcPage {
  private destroyed = false;
  /** The document currently loaded: only it receives what the main process sends. */
  document: FakeIpcRenderer | undefined;
  send(channel: string, message: unknown): void {
    const document = this.document;
    const copy = structuredClone(message);
    queueMicrotask(() => document?.emit(channel, {}, copy));
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  navigate(details: NavigationStart): void {
    this.emit('did-start-navigation', details);
  }
  destroy(): void {
    this.destroyed = true;
    this.document = undefined;
    this.emit('destroyed');
  }
}

const RENDERER_URL = 'file:///opt/orrery/out/renderer/index.html';
const RELOAD: NavigationStart = { isMainFrame: true, isSameDocument: false };

function world() {
  const subscribers = new Set<(n: number) => void>();
  const contract = {
    methods: { 'echo.say': { input: z.object({ text: z.string() }), output: z.string() } },
    streams: { 'echo.ticks': { input: z.object({}), item: z.number() } },
  };
  const api = createApiServer(contract, { 'echo.say': ({ text }) => text.toUpperCase() }, {
    'echo.ticks': (_input, sink) => {
      const push = (n: number) => sink.push(n);
      subscribers.add(push);
      return () => subscribers.delete(push);
    },
  });
  const ipcMain = new FakeIpcMain();
  const unbind = bindApiToIpcMain(ipcMain, api, RENDERER_URL);
  const contents = new FakeWebContents();
  /** A new document in the window: its preload runs and exposes a fresh bridge. */
  const load = (frame: IpcSenderFrame = { url: RENDERER_URL, parent: null }): OrreryBridge => {
    const renderer = new FakeIpcRenderer(contents, ipcMain, frame);
    contents.document = renderer;
    return createPreloadBridge(renderer);
  };
  const tick = (n: number) => subscribers.forEach((push) => push(n));
  return { ipcMain, unbind, contents, load, tick, subscribers };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('IPC binding and preload bridge (fake Electron)', () => {
  it('round-trips a call from the page through the preload to the api', async () => {
    const { load } = world();
    expect(await load().call('echo.say', { text: 'hi' })).toEqual({ ok: true, value: 'HI' });
  });

  it('gives a reloaded page a fresh session: the old subscription stops, the new one is served once', async () => {
    const { contents, load, tick, subscribers } = world();
    const before: number[] = [];
    load().subscribe('echo.ticks', {}, (n) => before.push(n as number), () => undefined);
    await vi.waitFor(() => expect(subscribers.size).toBe(1));
    tick(1);
    await settle();

    contents.navigate(RELOAD);
    expect(subscribers.size).toBe(0);
    const after: number[] = [];
    load().subscribe('echo.ticks', {}, (n) => after.push(n as number), () => undefined);
    await vi.waitFor(() => expect(subscribers.size).toBe(1));
    tick(2);
    await settle();
    expect(before).toEqual([1]);
    expect(after).toEqual([2]);
  });

  it('keeps the session through a fragment change and through an iframe navigating', async () => {
    const { contents, load, tick, subscribers } = world();
    const seen: number[] = [];
    load().subscribe('echo.ticks', {}, (n) => seen.push(n as number), () => undefined);
    await vi.waitFor(() => expect(subscribers.size).toBe(1));
    contents.navigate({ isMainFrame: true, isSameDocument: true });
    contents.navigate({ isMainFrame: false, isSameDocument: false });
    expect(subscribers.size).toBe(1);
    tick(7);
    await settle();
    expect(seen).toEqual([7]);
  });

  it('does not pile up listeners on the WebContents across reloads', async () => {
    const { contents, load } = world();
    for (let i = 0; i < 5; i++) {
      await load().call('echo.say', { text: `load ${i}` });
      contents.navigate(RELOAD);
    }
    await load().call('echo.say', { text: 'last' });
    expect(contents.listenerCount('destroyed')).toBe(1);
    expect(contents.listenerCount('did-start-navigation')).toBe(1);
  });

  it('answers only our own top-level page: iframes, foreign pages and frameless senders get silence', async () => {
    const { load } = world();
    const outcomes: unknown[] = [];
    for (const frame of [
      { url: RENDERER_URL, parent: { url: RENDERER_URL } },
      { url: 'https://example.com/', parent: null },
      { url: 'file:///tmp/other.html', parent: null },
    ]) {
      void load(frame).call('echo.say', { text: 'hi' }).then((outcome) => outcomes.push(outcome));
    }
    await settle();
    await settle();
    expect(outcomes).toEqual([]);
  });

  it('ends the session and drops its listeners when the WebContents is destroyed, and unbinds cleanly', async () => {
    const { contents, load, subscribers, ipcMain, unbind } = world();
    load().subscribe('echo.ticks', {}, () => undefined, () => undefined);
    await vi.waitFor(() => expect(subscribers.size).toBe(1));
    contents.destroy();
    expect(subscribers.size).toBe(0);
    expect(contents.listenerCount('destroyed')).toBe(0);
    expect(contents.listenerCount('did-start-navigation')).toBe(0);

    const other = new FakeWebContents();
    const renderer = new FakeIpcRenderer(other, ipcMain, { url: RENDERER_URL, parent: null });
    other.document = renderer;
    createPreloadBridge(renderer).subscribe('echo.ticks', {}, () => undefined, () => undefined);
    await vi.waitFor(() => expect(subscribers.size).toBe(1));
    unbind();
    expect(subscribers.size).toBe(0);
    expect(ipcMain.listenerCount('orrery:rpc')).toBe(0);
  });

  it('says connected from the start: the channel lives as long as the page', () => {
    const statuses: string[] = [];
    world().load().onStatus((status) => statuses.push(status));
    expect(statuses).toEqual(['connected']);
  });
});
