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

function connection(): CallContext {
  return callContext({ onClose: () => undefined }, new AbortController().signal);
}

async function value<T>(outcome: Promise<unknown>): Promise<T> {
  const result = (await outcome) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`api call failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an attachedOnly output stream', () => {
  it("carries only the terminals its connection has a view of, from the attach until the detach", async () => {
    core = startCore({ runtime: 'headless', home: mkdtempSync(join(tmpdir(), 'orrery-attached-')) });
    const api = core.api;
    const page = connection();
    const other = connection();
    const seen = new Map<string, number>();
    const everything = new Set<string>();
    api.subscribe('terminals.output', { attachedOnly: true }, (item) => {
      const { terminalId } = item as TerminalOutputItem;
      seen.set(terminalId, (seen.get(terminalId) ?? 0) + 1);
    }, () => undefined, page.connection);
    api.subscribe('terminals.output', {}, (item) => everything.add((item as TerminalOutputItem).terminalId), () => undefined, page.connection);
    const ticker = async () => (await value<TerminalInfo>(api.call('terminals.create', { command: 'sh', args: ['-c', 'while :; do echo tick; sleep 0.02; done'] }))).id;
    const [a, b] = [await ticker(), await ticker()];

    await vi.waitFor(() => expect(everything).toEqual(new Set([a, b])), { timeout: 5_000, interval: 20 });
    expect(seen.size).toBe(0);

    const view = await value<TerminalAttachOutput>(api.call('terminals.attach', { id: a }, page));
    await api.call('terminals.attach', { id: b }, other);
    await vi.waitFor(() => expect(seen.get(a) ?? 0).toBeGreaterThan(3), { timeout: 5_000, interval: 20 });
    // b has a view, but on another connection.
    expect(seen.has(b)).toBe(false);

    await api.call('terminals.detach', { id: a, viewId: view.viewId }, page);
    await settle(100);
    const atDetach = seen.get(a) ?? 0;
    await settle(300);
    expect(seen.get(a)).toBe(atDetach);
    expect(seen.has(b)).toBe(false);
  });
});
