// @ts-check
/**
 * System Chromium, headless, driven over its DevTools pipe with nothing but Runtime, Emulation and
 * Page.navigate. Benches that stream a lot over the page's WebSocket use this instead of
 * Playwright: Playwright enables the Network domain on every page, and that copies each WebSocket
 * frame into a DevTools message for the driver, through the browser process. Measured on the
 * terminal throughput bench: 25 MB/s without it, 15 MB/s with `Network.enable` alone switched on —
 * a cost the app never pays, since nobody attaches DevTools to it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--hide-scrollbars', '--mute-audio', '--remote-debugging-pipe'];

/**
 * @typedef {{ id?: number, method?: string, params?: any, result?: any, error?: { message: string }, sessionId?: string }} CdpMessage
 * @typedef {(method: string, params?: object) => Promise<any>} CdpSend
 */

/** @param {{ viewport?: { width: number, height: number } }} [options] */
export async function launchCdpChromium(options = {}) {
  const viewport = options.viewport ?? { width: 1400, height: 900 };
  const profile = mkdtempSync(join(tmpdir(), 'orrery-bench-chromium-'));
  // fd 3 carries commands in, fd 4 carries answers and events out, each message ends with NUL.
  const child = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, `--window-size=${viewport.width},${viewport.height}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const input = /** @type {import('node:stream').Writable} */ (child.stdio[3]);
  const output = /** @type {import('node:stream').Readable} */ (child.stdio[4]);
  let nextId = 1;
  /** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void, method: string }>} */
  const waiting = new Map();
  /** @type {Map<string, (message: CdpMessage) => void>} */
  const sessionEvents = new Map();
  let buffered = '';
  output.setEncoding('utf8');
  output.on('data', (/** @type {string} */ chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = /** @type {CdpMessage} */ (JSON.parse(buffered.slice(0, end)));
      buffered = buffered.slice(end + 1);
      const call = message.id === undefined ? undefined : waiting.get(message.id);
      if (call && message.id !== undefined) {
        waiting.delete(message.id);
        if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
        else call.resolve(message.result);
      } else if (message.method && message.sessionId) sessionEvents.get(message.sessionId)?.(message);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', (code, signal) => {
    for (const call of waiting.values()) call.reject(new Error(`${call.method}: Chromium exited (${code ?? signal})`));
    waiting.clear();
  });

  /** @param {string} method @param {object} [params] @param {string} [sessionId] @returns {Promise<any>} */
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject, method });
      input.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });

  return {
    /**
     * A new tab on `url`, sized to the viewport; page exceptions go to stderr.
     * @param {string} url
     */
    async newPage(url) {
      const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      /** @type {CdpSend} */
      const sendToPage = (method, params) => send(method, params, sessionId);
      sessionEvents.set(sessionId, (message) => {
        if (message.method === 'Runtime.exceptionThrown') process.stderr.write(`page error: ${message.params.exceptionDetails.exception?.description ?? message.params.exceptionDetails.text}\n`);
      });
      await sendToPage('Runtime.enable');
      await sendToPage('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
      await sendToPage('Page.navigate', { url });
      return cdpPage(sendToPage);
    },
    /** CPU seconds used so far by the browser's processes, summed per kind (renderer, GPU, network…). */
    async cpuSecondsByProcessType() {
      const { processInfo } = /** @type {{ processInfo: { type: string, cpuTime: number }[] }} */ (await send('SystemInfo.getProcessInfo'));
      /** @type {Record<string, number>} */
      const byType = {};
      for (const { type, cpuTime } of processInfo) byType[type] = (byType[type] ?? 0) + cpuTime;
      return byType;
    },
    async close() {
      await send('Browser.close').catch(() => child.kill('SIGKILL'));
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** @param {CdpSend} send */
function cdpPage(send) {
  /**
   * Runs `fn(arg)` in the page and returns its (awaited) value; `fn` must not close over anything.
   * @template T, A
   * @param {(arg: A) => T | Promise<T>} fn @param {A} [arg] @returns {Promise<T>}
   */
  async function evaluate(fn, arg) {
    const { result, exceptionDetails } = await send('Runtime.evaluate', { expression: `(${fn.toString()})(${JSON.stringify(arg)})`, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  return {
    send,
    evaluate,
    /**
     * Polls `fn(arg)` until it is truthy; errors while the page is still loading count as "not yet".
     * @template A
     * @param {(arg: A) => unknown} fn @param {A} [arg] @param {number} [timeoutMs]
     */
    async waitFor(fn, arg, timeoutMs = 30_000) {
      const deadline = performance.now() + timeoutMs;
      let lastError = '';
      while (performance.now() < deadline) {
        try {
          if (await evaluate(fn, arg)) return;
        } catch (error) {
          lastError = ` (last error: ${error instanceof Error ? error.message : String(error)})`;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${fn.toString().slice(0, 120)}${lastError}`);
    },
    /** Clicks the element with this data-testid (a DOM click: React's onClick runs as for a mouse click). @param {string} testId */
    click(testId) {
      return evaluate((id) => {
        // Runs in the page; the bench's own type context has no DOM, hence the cast.
        const element = /** @type {any} */ (globalThis).document.querySelector(`[data-testid="${id}"]`);
        if (!element) throw new Error(`no element with data-testid=${id}`);
        element.click();
      }, testId);
    },
  };
}

/** @typedef {ReturnType<typeof cdpPage>} CdpPage */
