#!/usr/bin/env node
// @ts-check
/**
 * `npm start` / `npm run serve`. Plain JavaScript because it must run before anything is built:
 * it builds when the sources are newer than the last build, then opens the desktop window, or,
 * where Electron cannot start here, says why in one line and starts the headless host instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { electronPackageDir, findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
/** An Electron that dies this soon after launch did not start; anything later is the user's session ending. */
const EARLY_EXIT_MS = 4000;

const argv = process.argv.slice(2);
const forceHeadless = argv.includes('--headless');
const passThrough = argv.filter((arg) => arg !== '--headless');

/** @returns {{ binary: string } | { reason: string }} */
function locateElectron() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  const packageDir = electronPackageDir();
  if (!packageDir) return { reason: 'the electron package is not installed' };
  const existing = findElectronBinary();
  if (existing) return { binary: existing };
  // Installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (see README): fetch the binary once, now.
  process.stderr.write('orrery: fetching the Electron binary (first start)…\n');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const download = spawnSync(process.execPath, [join(packageDir, 'install.js')], { env, encoding: 'utf8', timeout: 300_000 });
  const fetched = download.status === 0 ? findElectronBinary() : undefined;
  if (fetched) return { binary: fetched };
  const detail = `${download.stderr ?? ''}`.split('\n').map((line) => line.trim()).find((line) => /error|failed/i.test(line));
  return { reason: `the Electron binary is not installed and could not be downloaded${detail ? ` (${detail.slice(0, 160)})` : ''}` };
}

function startHeadless() {
  process.argv = [process.argv[0] ?? 'node', join(root, 'out', 'main', 'headless.js'), ...passThrough];
  require(join(root, 'out', 'main', 'headless.js'));
}

/** @param {string} reason */
function fallBackToHeadless(reason) {
  process.stderr.write(`orrery: the desktop window cannot start here: ${reason}; starting the headless host instead.\n`);
  startHeadless();
}

buildIfStale(root, 'the app');
if (forceHeadless) {
  startHeadless();
} else {
  const electron = locateElectron();
  if ('reason' in electron) {
    fallBackToHeadless(electron.reason);
  } else {
    const startedAt = Date.now();
    const child = spawn(electron.binary, [root, ...passThrough], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] });
    let lastError = '';
    child.stderr?.on('data', (chunk) => {
      process.stderr.write(chunk);
      lastError = String(chunk).trim().split('\n').at(-1) ?? lastError;
    });
    for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => {
      if (code !== 0 && Date.now() - startedAt < EARLY_EXIT_MS) {
        fallBackToHeadless(`Electron exited at start (${signal ?? `code ${code}`}${lastError ? `: ${lastError.slice(0, 160)}` : ''})`);
        return;
      }
      process.exit(code ?? 1);
    });
  }
}
