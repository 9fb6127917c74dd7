import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { ROOT } from './fixtures/headless-host';

test('the desktop window opens over IPC with the same app info', async () => {
  // Loaded at run time: Playwright's loader would compile this ES module as CommonJS.
  const { findElectronBinary } = (await import(pathToFileURL(join(ROOT, 'src-main/launcher/electron-binary.mjs')).href)) as typeof import('../../src-main/launcher/electron-binary.mjs');
  const binary = findElectronBinary();
  const reason = 'Electron binary not installed on this machine (its download host is unreachable); the headless e2e tests cover the same api and renderer';
  if (!binary) console.log(`skipped: ${reason}`);
  test.skip(!binary, reason);
  const home = mkdtempSync(join(tmpdir(), 'orrery-electron-'));
  const app = await electron.launch({ executablePath: binary, args: [ROOT, '--home', home], env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('connection-status')).toHaveText('connected');
    await expect(page.getByTestId('app-info-data-dir')).toHaveText(home);
    // The preload exposes typed functions only: no ipcRenderer, no Node.
    const exposed = await page.evaluate(() => ({
      keys: Object.keys((globalThis as { orrery?: object }).orrery ?? {}).sort(),
      hasRequire: typeof (globalThis as { require?: unknown }).require,
      hasProcess: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ keys: ['call', 'onStatus', 'subscribe'], hasRequire: 'undefined', hasProcess: 'undefined' });
  } finally {
    await app.close();
  }
});
