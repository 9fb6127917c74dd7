// @ts-check
/**
 * Journal → renderer latency at 1,000 events/s: events are appended one write each to the default
 * journal of a real headless host; a page in system Chromium subscribes to `events.live` exactly as
 * the renderer's store does and records arrival time minus the writer's timestamp (both clocks are
 * this machine's wall clock at sub-ms resolution). Chromium is driven without Playwright, whose
 * Network domain would copy every WebSocket frame into DevTools (see cdp-chromium.mjs). The first
 * second of the stream is not measured: the page is still starting (its own connection, the
 * snapshot, the graph's first frames) and its stalls then, up to ~110 ms, are start-up, not
 * journal latency — they made a tenth of the samples and so the whole p99.
 * Baseline: the same host tailing by a 200 ms stat poll only (ORRERY_JOURNAL_WATCH=0), as a
 * polling tailer would.
 */
import { appendFileSync } from 'node:fs';
import { printFigure, quantile, startBenchHost } from '../support/bench-host.mjs';
import { launchCdpChromium } from '../support/cdp-chromium.mjs';

const RATE = 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = 1;

/** @param {NodeJS.ProcessEnv} env */
async function measure(env) {
  const host = await startBenchHost(env);
  const browser = await launchCdpChromium();
  try {
    const page = await browser.newPage(host.url);
    await page.waitFor(() => /** @type {any} */ (globalThis).document.readyState === 'complete');
    await page.evaluate(async () => {
      // Runs in the page; the bench's own type context has no DOM, hence the casts.
      const page = /** @type {any} */ (globalThis);
      const token = new URLSearchParams(page.location.search).get('token');
      const ws = new page.WebSocket(`ws://${page.location.host}/api?token=${token}`);
      const latencies = /** @type {number[]} */ ([]);
      page.__latencies = latencies;
      await new Promise((resolve) => (ws.onopen = resolve));
      ws.onmessage = (/** @type {{ data: unknown }} */ message) => {
        const now = performance.timeOrigin + performance.now();
        const data = JSON.parse(String(message.data));
        if (data.t !== 'item' || data.value.kind !== 'batch') return;
        for (const event of data.value.events) if (typeof event.sent_at === 'number') latencies.push(now - event.sent_at);
      };
      ws.send(JSON.stringify({ t: 'sub', id: 1, stream: 'events.live', args: {} }));
    });
    const warmup = RATE * WARMUP_SECONDS;
    const total = RATE * SECONDS;
    const started = performance.now();
    let written = 0;
    while (written < warmup + total) {
      const due = Math.min(warmup + total, Math.floor(((performance.now() - started) / 1000) * RATE));
      for (; written < due; written++) {
        const agent = `agent-${written % 50}`;
        const line = { v: 1, type: written % 2 ? 'tool_result' : 'tool_use', ts: Date.now(), agent_id: agent, source: 'bench', tool: 'Read', tool_use_id: `t${written >> 1}`, ok: true };
        // Only lines that carry sent_at are measured.
        const measured = written >= warmup ? { ...line, sent_at: performance.timeOrigin + performance.now() } : line;
        appendFileSync(host.journal, `${JSON.stringify(measured)}\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await page.waitFor((n) => /** @type {any} */ (globalThis).__latencies.length >= n, total, 30_000);
    return /** @type {number[]} */ (await page.evaluate(() => /** @type {any} */ (globalThis).__latencies));
  } finally {
    await browser.close();
    await host.stop();
  }
}

const watched = await measure({});
const polled = await measure({ ORRERY_JOURNAL_WATCH: '0', ORRERY_JOURNAL_POLL_MS: '200' });
printFigure('journal.latency_p50', quantile(watched, 0.5), 'ms', quantile(polled, 0.5));
printFigure('journal.latency_p99', quantile(watched, 0.99), 'ms', quantile(polled, 0.99));
