import { ApiClient } from '../../../src-shared/api/api-client';
import { callContext, DETACHED_CONNECTION } from './api-server';
import type { ApiServer } from './api-server';

/**
 * The typed client for callers inside the main process (the app menu): the same ApiClient the
 * renderer uses, over the server directly, so they get the contract's types and its errors.
 */
export function createInProcessClient(server: ApiServer): ApiClient {
  return new ApiClient({
    call: (method, args, bindCancel) => {
      const aborter = new AbortController();
      bindCancel?.(() => aborter.abort());
      return server.call(method, args, callContext(DETACHED_CONNECTION, aborter.signal));
    },
    subscribe: (stream, args, onItem, onEnd) => server.subscribe(stream, args, onItem, (error) => onEnd(error?.toShape())),
    onStatus: (listener) => {
      listener('connected');
      return () => undefined;
    },
  });
}
