// @ts-check
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src-main', 'src-preload', 'src-renderer', 'resources', 'electron.vite.config.ts', 'package.json'];

/** @param {string} path @returns {number} */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Builds the app when any source is newer than the last build's stamp (written by the build
 * itself, see electron.vite.config.ts). Build output goes to stderr: stdout belongs to the command.
 * @param {string} root the package root
 * @param {string} what what is being built, for the message
 */
export function buildIfStale(root, what) {
  const stamp = join(root, 'out', '.build-stamp');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((source) => newestMtime(join(root, source))));
  if (built >= sources) return;
  process.stderr.write(`orrery: building ${what} (sources changed since the last build)…\n`);
  const result = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write('orrery: the build failed (see above); run `npm run build` for details.\n');
    process.exit(1);
  }
}
