import packageJson from '../../../package.json';
import type { AppInfo } from '../../../src-shared/api/contract';
import type { DataPaths } from '../config/data-home';

export const APP_VERSION: string = packageJson.version;
export const APP_NAME = packageJson.name.charAt(0).toUpperCase() + packageJson.name.slice(1);

export function createAppInfoService(runtime: AppInfo['runtime'], paths: DataPaths, schemaVersion: number, now: () => number = Date.now, env: NodeJS.ProcessEnv = process.env) {
  const startedAt = now();
  const testHooks = env.ORRERY_TEST_HOOKS === '1';
  return {
    info(): AppInfo {
      return {
        name: APP_NAME,
        version: APP_VERSION,
        runtime,
        nodeVersion: process.versions.node,
        dataDir: paths.home,
        databaseFile: paths.databaseFile,
        schemaVersion,
        startedAt,
        uptimeMs: now() - startedAt,
        testHooks,
      };
    },
  };
}
