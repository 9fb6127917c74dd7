import { describe, expect, it } from 'vitest';
import { createAppInfoService } from '../../../../src-main/core/app/app-info-service';

const paths = { home: '/d', databaseFile: '/d/orrery.db', defaultJournal: '/d/events.jsonl' };

describe('app info', () => {
  it('reports test hooks only when the host runs with ORRERY_TEST_HOOKS=1', () => {
    const info = (env: NodeJS.ProcessEnv) => createAppInfoService('headless', paths, 3, () => 0, env).info();
    expect(info({ ORRERY_TEST_HOOKS: '1' }).testHooks).toBe(true);
    expect(info({}).testHooks).toBe(false);
    expect(info({ ORRERY_TEST_HOOKS: 'yes' }).testHooks).toBe(false);
  });
});
