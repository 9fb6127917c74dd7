#!/usr/bin/env node
// @ts-check
/**
 * `npm start` / `npm run serve`. Plain JavaScript because it must run before anything is built:
 * it builds when the sources are newer than the last build, then opens the desktop window, or,
 * where Electron cannot start here, says why in one line and starts the headless host instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
// Written by the build itself (electron.vite.config.ts), whoever ran it.
const stampFile = join(root, 'out', '.build-stamp');
const SOURCES = ['src-main', 'src-preload', 'src-renderer', 'resources', 'electron.vite.config.ts', 'package.json'];
/** An Electron that dies this soon after launch did not start; anything later is the user's session ending. */
const EARLY_EXIT_MS = 4000;

const argv = process.argv.slice(2);
const forceHeadless = argv.includes('--headless');
const passThrough = argv.filter((arg) => arg !== '--headless');

/** @param {string} path @returns {number} */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIfStale() {
  const built = existsSync(stampFile) ? statSync(stampFile).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((source) => newestMtime(join(root, source))));
  if (built >= sources) return;
  process.stderr.write('orrery: building the app (sources changed since the last build)…\n');
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write('orrery: the build failed (see above); fix it or run `npm run build` for details.\n');
    process.exit(1);
  }
}

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

buildIfStale();
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
