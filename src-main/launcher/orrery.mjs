#!/usr/bin/env node
// @ts-check
/**
 * The `orrery` bin (`orrery emit`, `orrery hooks install`, `orrery demo`). Plain JavaScript so it
 * runs before anything is built: it loads the bundled CLI, building it first if sources changed.
 * It runs under the user's plain `node` (maybe Node 20), which is fine because the CLI bundle
 * loads no native module; the desktop app itself starts with `npm start`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
buildIfStale(root, 'the command line tool');
createRequire(import.meta.url)(join(root, 'out', 'main', 'cli.js'));
