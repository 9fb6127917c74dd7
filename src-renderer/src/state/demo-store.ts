import { create } from 'zustand';
import type { DemoStatus } from '../../../src-shared/demo/demo-contract';
import type { ApiClient } from '../../../src-shared/api/api-client';

interface DemoState {
  status: DemoStatus | undefined;
  busy: boolean;
  error: string | undefined;
}

export const useDemoStore = create<DemoState>(() => ({ status: undefined, busy: false, error: undefined }));

/** While a demo runs its status is re-read this often, so a demo that ends on its own shows as ended. */
const POLL_MS = 2000;
let poll: ReturnType<typeof setInterval> | undefined;

function settle(api: ApiClient, status: DemoStatus): void {
  useDemoStore.setState({ status, busy: false, error: status.lastError });
  // The poll only reads the status: it must not disable the button or clear an error meanwhile.
  if (status.running && !poll) poll = setInterval(() => void api.call('demo.status', {}).then((latest) => settle(api, latest), () => undefined), POLL_MS);
  if (!status.running && poll) {
    clearInterval(poll);
    poll = undefined;
  }
}

async function act(api: ApiClient, run: () => Promise<DemoStatus>): Promise<void> {
  useDemoStore.setState({ busy: true, error: undefined });
  try {
    settle(api, await run());
  } catch (error) {
    useDemoStore.setState({ busy: false, error: error instanceof Error ? error.message : String(error) });
  }
}

export function refresh(api: ApiClient): Promise<void> {
  return act(api, () => api.call('demo.status', {}));
}

export function startDemo(api: ApiClient): Promise<void> {
  // Twice real time: a newcomer sees the fleet branch out within seconds; the CLI defaults to 1x.
  return act(api, () => api.call('demo.start', { speed: 2 }));
}

export function stopDemo(api: ApiClient): Promise<void> {
  return act(api, () => api.call('demo.stop', {}));
}
