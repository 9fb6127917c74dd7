import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoRunner } from '../../../../src-main/core/demo/demo-runner';

describe('demo runner', () => {
  it('a demo that cannot start says why at once, and quitting does not wait for it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'orrery-demo-'));
    const demo = createDemoRunner({ cliScript: join(home, 'cli.js'), journal: join(home, 'events.jsonl'), nodeBinary: join(home, 'no-such-node') });
    const status = await demo.start({});
    expect(status.running).toBe(false);
    expect(status.lastError).toMatch(/the demo could not start: Cannot start .*no-such-node: no such file/);
    const started = performance.now();
    await demo.dispose();
    expect(performance.now() - started).toBeLessThan(100);
  });
});
