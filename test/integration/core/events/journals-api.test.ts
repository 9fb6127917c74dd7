import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInProcessClient } from '../../../../src-main/core/api/in-process-client';
import { startCore } from '../../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../../src-main/core/orrery-core';

let core: OrreryCore | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

async function restart(home: string): Promise<ReturnType<typeof createInProcessClient>> {
  await core?.dispose();
  core = startCore({ runtime: 'headless', home });
  return createInProcessClient(core.api);
}

describe('journals.add can be undone with journals.remove', () => {
  it('forgets an added folder for this run and the next, and keeps the default journal', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-journals-'));
    const folder = join(home, 'extra');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.jsonl'), '');
    let api = await restart(home);

    await api.call('journals.add', { path: folder });
    // A folder's files are found by a listing that completes after the call.
    await vi.waitFor(async () => expect((await api.call('journals.list', {})).map((j) => j.journal)).toContain(join(folder, 'a.jsonl')));
    const added = await api.call('journals.list', {});
    expect(added.find((j) => j.journal === join(folder, 'a.jsonl'))).toMatchObject({ source: folder, removable: true });
    expect(added.find((j) => j.journal === join(home, 'events.jsonl'))).toMatchObject({ removable: false });

    api = await restart(home);
    await vi.waitFor(async () => expect((await api.call('journals.list', {})).some((j) => j.source === folder)).toBe(true));

    const after = await api.call('journals.remove', { path: folder });
    expect(after.map((j) => j.journal)).toEqual([join(home, 'events.jsonl')]);
    api = await restart(home);
    expect((await api.call('journals.list', {})).map((j) => j.journal)).toEqual([join(home, 'events.jsonl')]);

    await expect(api.call('journals.remove', { path: join(home, 'events.jsonl') })).rejects.toMatchObject({ code: 'failed_precondition' });
    await expect(api.call('journals.remove', { path: folder })).rejects.toMatchObject({ code: 'not_found', message: `Orrery is not following a journal added as ${folder}` });
  });
});
