// @ts-check
/**
 * End-to-end terminal throughput: `cat` of a 100 MiB file in a shell opened in the real UI, timed
 * until the pane's xterm has parsed every char (pty → host batching and flow control → WebSocket →
 * xterm, with acks going back). Meanwhile the host's RSS and the page's JS heap are sampled to show
 * memory stays bounded however much output passes through.
 *
 * Baseline (same run, same host): the same `cat` in a terminal nobody watches, timed until it
 * exits. That is the host side alone (pty reads, decoding, scrollback indexing, replay buffer)
 * with no transport and no xterm: the ceiling the UI path can approach, not a straw man.
 * RSS baseline: the host at idle before any output; heap baseline: the page at idle.
 *
 * Chromium is driven over bare CDP, not Playwright, whose Network domain would copy every output
 * batch into DevTools (see cdp-chromium.mjs).
 */
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printFigure, startBenchHost } from '../support/bench-host.mjs';
import { launchCdpChromium } from '../support/cdp-chromium.mjs';
import { connectApi, cpuSeconds, hostPidOf, newTerminal, openPage, rssMb, sample, SHELL_ENV } from './pty-xterm-support.mjs';

const FILE_BYTES = 100 * 1024 * 1024;
const LINE_BYTES = 100;
const SAMPLE_MS = 100;

/** ASCII lines of exactly LINE_BYTES with a counter, like a verbose log; returns the line count. */
/** @param {string} path */
function writeFixture(path) {
  const fd = openSync(path, 'w');
  const filler = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore ';
  const lines = FILE_BYTES / LINE_BYTES;
  const perChunk = 10_000;
  for (let first = 0; first < lines; first += perChunk) {
    let chunk = '';
    for (let i = first; i < Math.min(lines, first + perChunk); i++) chunk += `${String(i).padStart(9, '0')} ${filler}`.slice(0, LINE_BYTES - 1) + '\n';
    writeSync(fd, chunk);
  }
  closeSync(fd);
  return lines;
}

const dir = mkdtempSync(join(tmpdir(), 'orrery-bench-pty-'));
const file = join(dir, 'output.txt');
const lines = writeFixture(file);
// The pty turns each \n into \r\n: that is what the xterm parses.
const expectedChars = FILE_BYTES + lines;

const host = await startBenchHost({ ...SHELL_ENV, HOME: dir });
const api = await connectApi(host.url);
const browser = await launchCdpChromium();
try {
  /** @type {Map<string, () => void>} */
  const exits = new Map();
  api.subscribe('terminals.changes', {}, (change) => {
    if (change.kind === 'exited') exits.get(change.terminal.id)?.();
  });

  // Idle first: a probe terminal names the host's pid (its parent), then goes away.
  const probe = await api.call('terminals.create', { command: '/bin/sleep', args: ['30'] });
  const hostPid = hostPidOf(probe.pid);
  await api.call('terminals.close', { id: probe.id });
  const idleRss = rssMb(hostPid);

  // Baseline: nobody attached, so nothing is sent and nothing ever pauses the pty.
  const baselineStart = performance.now();
  const unwatched = await api.call('terminals.create', { command: '/bin/cat', args: [file] });
  await new Promise((resolve) => exits.set(unwatched.id, () => resolve(undefined)));
  const baselineMbS = FILE_BYTES / 1024 / 1024 / ((performance.now() - baselineStart) / 1000);
  await api.call('terminals.close', { id: unwatched.id });

  const page = await openPage(browser, host.url);
  const id = await newTerminal(page);
  const renderer = await page.evaluate((terminalId) => /** @type {any} */ (globalThis).__orreryTerminals.renderer(terminalId), id);
  const heapMb = async () => /** @type {{ usedSize: number }} */ (await page.send('Runtime.getHeapUsage')).usedSize / 1024 / 1024;
  await page.send('HeapProfiler.collectGarbage');
  const idleHeap = await heapMb();

  const cpuBefore = { host: cpuSeconds(hostPid), browser: await browser.cpuSecondsByProcessType() };
  const rssBeforeRun = rssMb(hostPid);
  const rss = sample(() => rssMb(hostPid), SAMPLE_MS);
  const heap = sample(heapMb, SAMPLE_MS);
  // Timed in the page: from handing the command to the xterm's input to the last char parsed.
  const elapsedMs = await page.evaluate(
    ({ terminalId, command, expected }) =>
      new Promise((resolve) => {
        const hook = /** @type {any} */ (globalThis).__orreryTerminals;
        const start = hook.parsedChars(terminalId);
        const t0 = performance.now();
        const timer = setInterval(() => {
          if (hook.parsedChars(terminalId) - start < expected) return;
          clearInterval(timer);
          resolve(performance.now() - t0);
        }, 5);
        hook.type(terminalId, command);
      }),
    { terminalId: id, command: `cat ${file}\r`, expected: expectedChars },
  );
  const rssRun = rss.stop();
  const heapRun = heap.stop();
  // Where the time went: on a small machine the host, Chromium's network service and the page share the cores.
  const browserCpu = await browser.cpuSecondsByProcessType();
  const cpu = [`host ${(cpuSeconds(hostPid) - cpuBefore.host).toFixed(2)}`, ...Object.entries(browserCpu).map(([type, seconds]) => `${type.replace(/\.mojom\./, ' ')} ${(seconds - (cpuBefore.browser[type] ?? 0)).toFixed(2)}`)];
  const mbS = FILE_BYTES / 1024 / 1024 / (/** @type {number} */ (elapsedMs) / 1000);

  const trend = (/** @type {number[]} */ readings) => [0.25, 0.5, 0.75, 1].map((q) => Math.round(readings[Math.max(0, Math.ceil(q * readings.length) - 1)] ?? NaN)).join(' → ');
  process.stderr.write(`pty-xterm: ${renderer} renderer, ${Math.round(/** @type {number} */ (elapsedMs))} ms for 100 MiB; unwatched cat ${baselineMbS.toFixed(1)} MB/s\n`);
  process.stderr.write(`pty-xterm: CPU seconds during the run: ${cpu.join(', ')}\n`);
  process.stderr.write(`pty-xterm: host RSS MB ${Math.round(idleRss)} idle, ${Math.round(rssBeforeRun)} after the unwatched cat, by quarter of the run ${trend(rssRun.readings)}; page heap MB ${trend(heapRun.readings)}\n`);
  printFigure('terminal.throughput_mb_s', mbS, 'MB/s', baselineMbS);
  printFigure('terminal.host_rss_peak_mb', rssRun.peak, 'MB', idleRss);
  printFigure('terminal.page_heap_peak_mb', heapRun.peak, 'MB', idleHeap);
} finally {
  api.close();
  await browser.close();
  await host.stop();
  rmSync(dir, { recursive: true, force: true });
}
