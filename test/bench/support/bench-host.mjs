// @ts-check
/** Shared by benchmarks: a real built headless host process and a system-Chromium page on it. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<{ url: string, home: string, journal: string, stop: () => Promise<void> }>}
 */
/** With test hooks on: the benches read the page's debug globals (window.__orreryGraph, __orreryTerminals). */
export async function startBenchHost(env = {}) {
  const home = mkdtempSync(join(tmpdir(), 'orrery-bench-'));
  const child = spawn(process.execPath, [join(ROOT, 'out/main/headless.js'), '--port', '0', '--home', home], { env: { ...process.env, ORRERY_TEST_HOOKS: '1', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^ORRERY_URL=(\S+)$/m.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`bench host exited with ${code}`)));
  });
  return {
    url: /** @type {string} */ (url),
    home,
    journal: join(home, 'events.jsonl'),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve(undefined));
        child.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** @param {number[]} values @param {number} q */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** @param {string} bench @param {number} value @param {string} unit @param {number} baseline */
export function printFigure(bench, value, unit, baseline) {
  const round = (/** @type {number} */ n) => Math.round(n * 100) / 100;
  process.stdout.write(`${JSON.stringify({ bench, value: round(value), unit, baseline: round(baseline) })}\n`);
}
