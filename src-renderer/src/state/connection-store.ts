import { create } from 'zustand';
import type { AppInfo } from '../../../src-shared/api/contract';
import type { ConnectionStatus } from '../../../src-shared/api/protocol';
import type { ApiClient } from '../../../src-shared/api/api-client';

interface ConnectionState {
  status: ConnectionStatus;
  appInfo?: AppInfo;
  /** Local clock time when appInfo arrived, so uptime can tick without polling the host. */
  appInfoReceivedAt?: number;
  error?: string;
}

export const useConnectionStore = create<ConnectionState>(() => ({ status: 'connecting' }));

/** Follows the link status and refreshes app info every time the link (re)opens. */
export function trackConnection(api: ApiClient): () => void {
  return api.onStatus((status) => {
    useConnectionStore.setState({ status });
    if (status !== 'connected') return;
    api.call('app.info', {}).then(
      (appInfo) => useConnectionStore.setState({ appInfo, appInfoReceivedAt: Date.now(), error: undefined }),
      (error: unknown) => useConnectionStore.setState({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
