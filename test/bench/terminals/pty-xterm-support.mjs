// @ts-check
/** Shared by the pty-xterm benches: a bare api client, process memory, and terminals opened in the real UI. */
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';

/**
 * The api over its WebSocket, without the UI: what the benches use to run things the page must
 * not see (a terminal with no view attached) and to look up pids.
 * @param {string} pageUrl the ORRERY_URL, token included
 */
export async function connectApi(pageUrl) {
  const url = new URL(pageUrl);
  const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  /** @type {Map<number, (message: any) => void>} */
  const waiting = new Map();
  /** @type {Map<number, (value: any) => void>} */
  const streams = new Map();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.t === 'result') {
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    } else if (message.t === 'item') streams.get(message.id)?.(message.value);
  });
  return {
    /** @param {string} method @param {unknown} args @returns {Promise<any>} */
    call(method, args) {
      const id = nextId++;
      ws.send(JSON.stringify({ t: 'call', id, method, args }));
      return new Promise((resolve, reject) => {
        waiting.set(id, (message) => (message.ok ? resolve(message.value) : reject(new Error(`${method}: ${message.error.message}`))));
      });
    },
    /** @param {string} stream @param {unknown} args @param {(value: any) => void} onItem */
    subscribe(stream, args, onItem) {
      const id = nextId++;
      streams.set(id, onItem);
      ws.send(JSON.stringify({ t: 'sub', id, stream, args }));
    },
    close: () => ws.close(),
  };
}

/** @param {number} pid @param {string} field e.g. "VmRSS" or "PPid" */
function procStatus(pid, field) {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]);
}

/** The host is the parent of every shell it spawns (node-pty forks them directly). @param {number} terminalPid */
export function hostPidOf(terminalPid) {
  return procStatus(terminalPid, 'PPid');
}

/** Resident set size in MB. @param {number} pid */
export function rssMb(pid) {
  return procStatus(pid, 'VmRSS') / 1024;
}

/** CPU time a process has used, in seconds (utime + stime at the usual 100 ticks a second). @param {number} pid */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Samples a reading every `intervalMs` until stopped. Readings that fail (a busy page, say) are
 * skipped. `stop` returns the peak and the readings, oldest first, to show the trend.
 * @param {() => number | Promise<number>} read @param {number} intervalMs
 */
export function sample(read, intervalMs) {
  /** @type {number[]} */
  const readings = [];
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      readings.push(await read());
    } catch {
      // Skipped: the next reading comes soon enough.
    } finally {
      busy = false;
    }
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { peak: Math.max(0, ...readings), readings };
    },
  };
}

/** Page and host start with bash in a HOME without rc files, so no dotfile changes the figures. */
export const SHELL_ENV = { SHELL: '/bin/bash', HISTFILE: '/dev/null' };

/**
 * Opens the UI and waits until it is connected.
 * @param {Awaited<ReturnType<typeof import('../support/cdp-chromium.mjs').launchCdpChromium>>} browser @param {string} url
 */
export async function openPage(browser, url) {
  const page = await browser.newPage(url);
  await page.waitFor(() => /** @type {any} */ (globalThis).document.querySelector('[data-testid="connection-status"]')?.textContent === 'connected');
  return page;
}

/**
 * Clicks "+ New" and waits for the shell's prompt; returns the terminal id.
 * @param {import('../support/cdp-chromium.mjs').CdpPage} page
 */
export async function newTerminal(page) {
  const tabIds = () => page.evaluate(() => [.../** @type {any} */ (globalThis).document.querySelectorAll('[data-testid="terminal-tab"]')].map((tab) => /** @type {string} */ (tab.getAttribute('data-terminal-id'))));
  const before = await tabIds();
  await page.click('terminal-new');
  await page.waitFor((count) => /** @type {any} */ (globalThis).document.querySelectorAll('[data-testid="terminal-tab"]').length > count, before.length);
  const id = /** @type {string} */ ((await tabIds())[before.length]);
  await page.waitFor((terminalId) => /[$#] ?$/m.test(/** @type {any} */ (globalThis).__orreryTerminals?.bufferText(terminalId) ?? ''), id);
  return id;
}
