import { createApiServer } from './api/api-server';
import type { ApiServer } from './api/api-server';
import { contract } from './api/contract';
import type { AppInfo } from './api/contract';
import { createAppInfoService } from './app/app-info-service';
import { resolveDataPaths } from './config/data-home';
import type { DataPaths } from './config/data-home';
import { openStore } from './store/database';

export interface CoreOptions {
  runtime: AppInfo['runtime'];
  home?: string;
}

export interface OrreryCore {
  api: ApiServer;
  paths: DataPaths;
  dispose(): Promise<void>;
}

/**
 * The composition root: opens the store, starts every service and binds them to the contract.
 * Both the Electron shell and the headless host call this and nothing else from the core.
 */
export function startCore(options: CoreOptions): OrreryCore {
  const paths = resolveDataPaths(options.home);
  const store = openStore(paths.databaseFile);
  const appInfo = createAppInfoService(options.runtime, paths, store.schemaVersion);

  const api = createApiServer(
    contract,
    {
      'app.info': () => appInfo.info(),
    },
    {},
  );

  return {
    api,
    paths,
    async dispose() {
      store.db.close();
    },
  };
}
