#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: runs every benchmark script in turn on the project's Node and passes through
 * their JSON lines ({"bench","value","unit","baseline"}). A script that prints a malformed figure
 * or fails makes the whole run fail, so a broken bench never looks like a result.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const only = process.argv[2];

/** @param {string} dir @returns {string[]} */
function benchScripts(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return benchScripts(path);
      return /\.bench\.(mjs|ts)$/.test(entry) ? [path] : [];
    });
}

let failed = false;
for (const script of benchScripts(here)) {
  const name = relative(root, script);
  if (only && !name.includes(only)) continue;
  process.stderr.write(`bench: ${name}\n`);
  // Benchmarks may import the TypeScript sources directly; the hook resolves their extensionless imports.
  const result = spawnSync(process.execPath, ['--import', join(root, 'test/support/ts-source-hook.mjs'), script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 });
  for (const line of (result.stdout ?? '').split('\n').filter(Boolean)) {
    let figure;
    try {
      figure = JSON.parse(line);
    } catch {
      figure = undefined;
    }
    if (!figure || typeof figure.bench !== 'string' || typeof figure.value !== 'number' || typeof figure.unit !== 'string' || typeof figure.baseline !== 'number') {
      process.stderr.write(`bench: ${name} printed a line that is not a figure: ${line}\n`);
      failed = true;
      continue;
    }
    process.stdout.write(`${JSON.stringify(figure)}\n`);
  }
  if (result.status !== 0) {
    process.stderr.write(`bench: ${name} exited with ${result.status ?? result.signal}\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
