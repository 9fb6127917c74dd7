import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `resources/` above this module: beside the sources in development and tests, beside `out/` in a
 * build. Sources run as plain ES modules (benches, test hosts) have no __dirname; they start from
 * the working directory, the project root.
 */
export function findResourcesDir(): string {
  const from = typeof __dirname === 'string' ? __dirname : process.cwd();
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'resources', 'agents'))) return join(dir, 'resources');
    dir = dirname(dir);
  }
  return join(from, 'resources');
}
