import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveFeedItem } from '../../../../src-shared/events/events-contract';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';

// The demo runs the built CLI as its own process; `npm test` builds before vitest runs.
const CLI = join(__dirname, '../../../../out/main/cli.js');

let core: OrreryCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

describe('demo through the api', () => {
  it('runs a real demo process whose events reach the live feed, and stops it with its agents cancelled', async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
    const home = mkdtempSync(join(tmpdir(), 'orrery-demo-'));
    core = startCore({ runtime: 'headless', home, cliScript: CLI });
    const items: LiveFeedItem[] = [];
    core.api.subscribe('events.live', {}, (item) => items.push(item as LiveFeedItem), () => undefined);

    const started = await core.api.call('demo.start', { speed: 20 });
    expect(started).toMatchObject({ ok: true, value: { running: true, pid: expect.any(Number) } });
    await vi.waitFor(() => {
      const spawned = items.flatMap((item) => (item.kind === 'batch' ? item.events : [])).filter((e) => e.type === 'agent_spawn');
      expect(spawned.length).toBeGreaterThanOrEqual(3);
    }, { timeout: 15_000, interval: 50 });

    const stopped = await core.api.call('demo.stop', {});
    expect(stopped).toMatchObject({ ok: true, value: { running: false } });
    const lines = readFileSync(join(home, 'events.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; outcome?: string });
    expect(lines.some((e) => e.type === 'agent_done' && e.outcome === 'cancelled')).toBe(true);
  });

  it('says so when the CLI bundle is not there', async () => {
    core = startCore({ runtime: 'headless', home: mkdtempSync(join(tmpdir(), 'orrery-demo-')) });
    expect(await core.api.call('demo.start', {})).toMatchObject({ ok: false, error: { code: 'failed_precondition' } });
  });
});
