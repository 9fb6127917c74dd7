// @ts-check
/**
 * Input echo latency while another terminal floods: in the real UI, terminal A runs `cat` (the
 * tty echoes each key) while terminal B, open beside it in a grid, runs `yes`. Each keystroke goes
 * page → WebSocket → pty, and the echo comes back pty → host batching → WebSocket → A's xterm; the
 * time is measured in the page from typing to the echo being parsed. Baseline (same run): the same
 * keystrokes with B idle. Then again with three terminals flooding at once. Chromium is driven
 * over bare CDP (see cdp-chromium.mjs).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { printFigure, quantile, startBenchHost } from '../support/bench-host.mjs';
import { launchCdpChromium } from '../support/cdp-chromium.mjs';
import { newTerminal, openPage, SHELL_ENV } from './pty-xterm-support.mjs';

const KEYSTROKES = 120;
const GAP_MS = 25;

/** @param {import('../support/cdp-chromium.mjs').CdpPage} page @param {string} terminalId @returns {Promise<number[]>} */
function echoLatencies(page, terminalId) {
  return page.evaluate(
    ({ id, count, gap }) =>
      new Promise((resolve) => {
        const hook = /** @type {any} */ (globalThis).__orreryTerminals;
        // MessageChannel polling: timers are clamped to 4 ms when nested, which would blur the figure.
        const channel = /** @type {any} */ (new MessageChannel());
        const latencies = /** @type {number[]} */ ([]);
        let waitingFor = 0;
        let sentAt = 0;
        let sent = 0;
        const sendNext = () => {
          waitingFor = hook.parsedChars(id) + 1;
          sentAt = performance.now();
          hook.type(id, String.fromCharCode(97 + (sent++ % 26)));
          channel.port2.postMessage(0);
        };
        channel.port1.onmessage = () => {
          if (hook.parsedChars(id) < waitingFor) {
            channel.port2.postMessage(0);
            return;
          }
          latencies.push(performance.now() - sentAt);
          if (latencies.length === count) resolve(latencies);
          else setTimeout(sendNext, gap);
        };
        sendNext();
      }),
    { id: terminalId, count: KEYSTROKES, gap: GAP_MS },
  );
}

const host = await startBenchHost(SHELL_ENV);
const browser = await launchCdpChromium();
try {
  const page = await openPage(browser, host.url);
  const typing = await newTerminal(page);
  const floods = [await newTerminal(page), await newTerminal(page), await newTerminal(page)];
  await page.click('terminal-layout');
  const type = (/** @type {string} */ id, /** @type {string} */ text) => page.evaluate(({ id, text }) => /** @type {any} */ (globalThis).__orreryTerminals.type(id, text), { id, text });
  const flood = async (/** @type {string} */ id) => {
    await type(id, 'yes "flooding the other terminal with output"\r');
    await sleep(1000);
  };
  await type(typing, 'cat\r');
  await sleep(300);

  const quiet = await echoLatencies(page, typing);
  await flood(/** @type {string} */ (floods[0]));
  const flooded = await echoLatencies(page, typing);
  // Many agents at once: three floods share the page's one connection with the typing terminal.
  await flood(/** @type {string} */ (floods[1]));
  await flood(/** @type {string} */ (floods[2]));
  const threeFloods = await echoLatencies(page, typing);
  for (const id of floods) await type(id, '\x03');

  printFigure('terminal.echo_p50_ms', quantile(flooded, 0.5), 'ms', quantile(quiet, 0.5));
  printFigure('terminal.echo_p99_ms', quantile(flooded, 0.99), 'ms', quantile(quiet, 0.99));
  printFigure('terminal.echo_p50_ms_3_floods', quantile(threeFloods, 0.5), 'ms', quantile(quiet, 0.5));
  printFigure('terminal.echo_p99_ms_3_floods', quantile(threeFloods, 0.99), 'ms', quantile(quiet, 0.99));
} finally {
  await browser.close();
  await host.stop();
}
