import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(`The end-to-end tests drive the system Chromium, and there is none at ${chromium}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or point CHROMIUM_PATH at one.`);
}

/**
 * Browsers are never downloaded here: the system Chromium (Debian package) drives every test.
 * The flags keep it from reaching for the network, which this machine refuses.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
});
