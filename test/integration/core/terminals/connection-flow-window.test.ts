import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callContext } from '../../../../src-main/core/api/api-server';
import type { CallContext } from '../../../../src-main/core/api/api-server';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';
import type { TerminalAttachOutput, TerminalInfo, TerminalOutputItem } from '../../../../src-shared/terminals/terminals-contract';

let core: OrreryCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

/** A client connection as the api sessions make them: one connection object, cleanups run on close. */
function connection(): CallContext & { close(): void } {
  const cleanups: (() => void)[] = [];
  const context = callContext({ onClose: (cleanup) => void cleanups.push(cleanup) }, new AbortController().signal);
  return { ...context, close: () => cleanups.splice(0).forEach((cleanup) => cleanup()) };
}

async function value<T>(outcome: Promise<unknown>): Promise<T> {
  const result = (await outcome) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`api call failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('flow control per connection', () => {
  it("holds every terminal of a connection while that connection's window is full, and only that connection's", async () => {
    core = startCore({ runtime: 'headless', home: mkdtempSync(join(tmpdir(), 'orrery-flow-')) });
    const api = core.api;
    const emitted = new Map<string, number>();
    api.subscribe('terminals.output', {}, (item) => {
      const { terminalId, data, offset } = item as TerminalOutputItem;
      emitted.set(terminalId, offset + data.length);
    }, () => undefined);
    const flood = async (word: string) => (await value<TerminalInfo>(api.call('terminals.create', { command: 'yes', args: [word] }))).id;
    const paused = async (id: string) => (await value<TerminalInfo>(api.call('terminals.get', { id }))).flowPaused;

    const window1 = connection();
    const [a, b] = [await flood('a'), await flood('b')];
    const views = new Map<string, TerminalAttachOutput>();
    for (const id of [a, b]) views.set(id, await value<TerminalAttachOutput>(api.call('terminals.attach', { id }, window1)));
    await vi.waitFor(async () => expect((await paused(a)) && (await paused(b))).toBe(true), { timeout: 5_000, interval: 20 });

    // The view that owes less catches up completely; the other's debt is then over half the
    // window, above its low mark, so the window stays full: the caught-up terminal gets about one
    // batch more in flight and is held again.
    const owed = (id: string) => (emitted.get(id) ?? 0) - views.get(id)!.offset;
    const [lighter, heavier] = owed(a) <= owed(b) ? [a, b] : [b, a];
    await api.call('terminals.ack', { id: lighter, viewId: views.get(lighter)!.viewId, chars: 1_000_000_000 }, window1);
    const atAck = emitted.get(lighter) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A window of its own would let it send another 384k at once.
    expect((emitted.get(lighter) ?? 0) - atAck).toBeLessThan(256 * 1024);
    expect(await paused(lighter)).toBe(true);

    // Another connection has a window of its own: its flood runs while the first one is held.
    const window2 = connection();
    const c = await flood('c');
    const cView = await value<TerminalAttachOutput>(api.call('terminals.attach', { id: c }, window2));
    await vi.waitFor(() => expect((emitted.get(c) ?? 0) - cView.offset).toBeGreaterThan(100_000), { timeout: 5_000, interval: 20 });
    expect(await paused(heavier)).toBe(true);

    // The first connection drops: its views go, and with them what they owed.
    window1.close();
    await vi.waitFor(async () => expect((await paused(a)) || (await paused(b))).toBe(false), { timeout: 5_000, interval: 20 });
    window2.close();
  });
});
