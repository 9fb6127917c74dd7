import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../src-shared/api/contract';
import { useConnectionStore } from '../../../../src-renderer/src/state/connection-store';
import { whenTestHooksEnabled } from '../../../../src-renderer/src/state/test-hooks';

const info = (testHooks: boolean): AppInfo => ({
  name: 'Orrery',
  version: '0',
  runtime: 'headless',
  nodeVersion: '22',
  dataDir: '/d',
  databaseFile: '/d/orrery.db',
  schemaVersion: 1,
  startedAt: 0,
  uptimeMs: 0,
  testHooks,
});

afterEach(() => useConnectionStore.setState({ status: 'connecting', appInfo: undefined }));

describe('whenTestHooksEnabled', () => {
  it('installs nothing until the host reports test hooks, then installs once and removes on release', () => {
    const log: string[] = [];
    const release = whenTestHooksEnabled(() => {
      log.push('installed');
      return () => log.push('removed');
    });
    expect(log).toEqual([]);
    useConnectionStore.setState({ status: 'connected', appInfo: info(false) });
    expect(log).toEqual([]);
    useConnectionStore.setState({ appInfo: info(true) });
    useConnectionStore.setState({ status: 'reconnecting' });
    useConnectionStore.setState({ appInfo: info(true) });
    expect(log).toEqual(['installed']);
    release();
    expect(log).toEqual(['installed', 'removed']);
    useConnectionStore.setState({ appInfo: info(true) });
    expect(log).toEqual(['installed', 'removed']);
  });

  it('removes the hooks when a host without them answers (another host on the same page)', () => {
    const log: string[] = [];
    useConnectionStore.setState({ appInfo: info(true) });
    whenTestHooksEnabled(() => {
      log.push('installed');
      return () => log.push('removed');
    });
    useConnectionStore.setState({ appInfo: info(false) });
    expect(log).toEqual(['installed', 'removed']);
  });
});
