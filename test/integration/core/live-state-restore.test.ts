import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveFeedItem } from '../../../src-shared/events/events-contract';
import { startCore } from '../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../src-main/core/orrery-core';

let core: OrreryCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

function line(fields: Record<string, unknown>): string {
  return `${JSON.stringify({ v: 1, ts: Date.now(), source: 'test', ...fields })}\n`;
}

function snapshotOf(target: OrreryCore): Promise<Extract<LiveFeedItem, { kind: 'snapshot' }>> {
  return new Promise((resolve) => {
    const stop = target.api.subscribe('events.live', {}, (item) => {
      const feed = item as LiveFeedItem;
      if (feed.kind === 'snapshot') {
        // The snapshot arrives during subscribe itself, before `stop` is assigned.
        queueMicrotask(() => stop());
        resolve(feed);
      }
    }, () => undefined);
  });
}

describe('restart', () => {
  it('shows agents that were running before the restart, and not those that ended', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-restore-'));
    const journal = join(home, 'events.jsonl');
    core = startCore({ runtime: 'headless', home });
    appendFileSync(journal, line({ type: 'agent_spawn', agent_id: 'lead', name: 'lead' }) + line({ type: 'agent_spawn', agent_id: 'worker', parent_id: 'lead' }) + line({ type: 'tool_use', agent_id: 'worker', tool: 'Bash', tool_use_id: 't1' }) + line({ type: 'agent_spawn', agent_id: 'quick' }) + line({ type: 'agent_done', agent_id: 'quick', outcome: 'success' }));
    await vi.waitFor(async () => expect((await snapshotOf(core!)).snapshot.counters.events).toBe(5), { timeout: 5000, interval: 50 });
    await core.dispose();

    core = startCore({ runtime: 'headless', home });
    const { snapshot } = await snapshotOf(core);
    expect(snapshot.agents.map((a) => a.id).sort()).toEqual(['lead', 'worker']);
    expect(snapshot.agents.find((a) => a.id === 'worker')).toMatchObject({ parentId: 'lead', currentTool: 'Bash' });
  });
});
