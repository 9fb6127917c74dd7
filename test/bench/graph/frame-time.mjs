// Frame time of the live agent graph with 500 and 2,000 alive agents while tool calls stream in
// at 5,000 events/s, through the real path: journal → built headless host → events.live →
// the built page in Chromium.
//
// Frame time = main-thread work per rendered frame, from a Chromium trace: the time spent in
// tasks on the page's main thread between one BeginMainThreadFrame and the next (message
// handling, JS, React, style, layout, paint — everything). Under 16.7 ms the page keeps 60 Hz;
// a saturated page stretches its frames and the number grows past it. frames/s is reported too.
//
// Baseline, same run, same stream: naive-svg-graph.html — the agents as SVG DOM nodes rebuilt
// on every pushed batch (what re-rendering a React SVG graph per batch amounts to), with fixed
// positions instead of a force layout, which only flatters it.
//
// Usage (after `npx electron-vite build`): node_modules/.bin/node test/bench/graph/frame-time.mjs
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const HEADLESS_ENTRY = join(HERE, '../../../out/main/headless.js');
const NAIVE_PAGE = readFileSync(join(HERE, 'naive-svg-graph.html'), 'utf8');
const SIZES = [500, 2_000];
const EVENTS_PER_SECOND = 5_000;
const WRITE_EVERY_MS = 20;
const WARMUP_MS = 1_000;
const MEASURE_MS = 4_000;
const TOOLS = ['Read', 'Grep', 'Bash', 'Edit', 'Glob'];
const MODELS = ['claude-opus-4', 'claude-sonnet-4', 'claude-haiku-4', 'gpt-5', 'o3'];
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];

/**
 * @typedef {{ frameP50: number, frameP95: number, fps: number }} Stats
 * @typedef {import('playwright-core').Page} Page
 * @typedef {{ name: string, open: (page: Page, host: Host) => Promise<void>, waitForCount: (page: Page, count: number) => Promise<void>, settle: (page: Page) => Promise<void> }} Renderer
 * @typedef {{ url: string, origin: string, token: string, journal: string, stop: () => Promise<void> }} Host
 */

/** @type {Renderer} */
const realRenderer = {
  name: 'canvas',
  async open(page, host) {
    await page.goto(host.url);
    await page.getByTestId('connection-status').filter({ hasText: /^connected$/ }).waitFor();
  },
  // Functions, not strings: the app's CSP forbids eval. The page's globals are untyped here.
  async waitForCount(page, count) {
    await page.waitForFunction((n) => /** @type {any} */ (globalThis).__orreryGraph?.nodeCount() === n, count, { timeout: 20_000 });
  },
  // Let the layout cool down after a bulk spawn, so the measurement is of the steady stream.
  async settle(page) {
    await page.waitForFunction(() => /** @type {any} */ (globalThis).__orreryGraph.idle(), undefined, { timeout: 15_000 });
  },
};

/** @type {Renderer} */
const naiveRenderer = {
  name: 'naive-svg',
  async open(page, host) {
    const url = `${host.origin}/bench-naive-svg-graph?token=${host.token}`;
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: NAIVE_PAGE }));
    await page.goto(url);
  },
  async waitForCount(page, count) {
    await page.waitForFunction((n) => /** @type {any} */ (globalThis).__naiveGraph?.nodeCount() === n, count, { timeout: 20_000 });
  },
  settle: (page) => page.waitForTimeout(500),
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const measured = await measure(realRenderer);
  const baseline = await measure(naiveRenderer);
  for (const size of SIZES) {
    const ours = measured.get(size);
    const naive = baseline.get(size);
    if (ours === undefined || naive === undefined) throw new Error(`no result for ${size} agents`);
    print(`graph.frame_ms_p50_${size}`, ours.frameP50, 'ms', naive.frameP50);
    print(`graph.frame_ms_p95_${size}`, ours.frameP95, 'ms', naive.frameP95);
    print(`graph.fps_${size}`, ours.fps, 'frames/s', naive.fps);
  }
} finally {
  await browser.close();
}

/**
 * @param {string} bench
 * @param {number} value
 * @param {string} unit
 * @param {number} baseline
 */
function print(bench, value, unit, baseline) {
  const round = (/** @type {number} */ n) => Math.round(n * 100) / 100;
  console.log(JSON.stringify({ bench, value: round(value), unit, baseline: round(baseline) }));
}

/**
 * One renderer against a fresh host: grow the fleet to each size, then stream tool calls and trace.
 * @param {Renderer} renderer
 * @returns {Promise<Map<number, Stats>>}
 */
async function measure(renderer) {
  const host = await startHost();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  /** @type {Map<number, Stats>} */
  const results = new Map();
  try {
    await renderer.open(page, host);
    let spawned = 0;
    for (const size of SIZES) {
      appendFileSync(host.journal, spawnLines(spawned, size));
      spawned = size;
      await renderer.waitForCount(page, size);
      await renderer.settle(page);
      const stopStream = streamToolCalls(host.journal, size);
      try {
        await page.waitForTimeout(WARMUP_MS);
        await browser.startTracing(page, { categories: TRACE_CATEGORIES });
        await page.waitForTimeout(MEASURE_MS);
        results.set(size, frameStats(JSON.parse((await browser.stopTracing()).toString())));
      } finally {
        stopStream();
      }
    }
  } finally {
    await page.close();
    await host.stop();
  }
  return results;
}

/**
 * Agents `from`…`to`−1: a few top-level leads, every other agent a subagent of an earlier one.
 * @param {number} from
 * @param {number} to
 */
function spawnLines(from, to) {
  const lines = [];
  const ts = Date.now();
  for (let i = from; i < to; i++) {
    const parent = i < 8 ? {} : { parent_id: `agent-${(i * 7919) % i}` };
    lines.push(JSON.stringify({ v: 1, ts, type: 'agent_spawn', agent_id: `agent-${i}`, ...parent, source: 'bench', name: `agent-${i}`, model: MODELS[i % MODELS.length] }));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Appends tool_use/tool_result pairs round-robin over the alive agents at a steady rate.
 * @param {string} journal
 * @param {number} agents
 * @returns {() => void} stops the stream
 */
function streamToolCalls(journal, agents) {
  const pairsPerTick = Math.round((EVENTS_PER_SECOND * WRITE_EVERY_MS) / 1000 / 2);
  let call = 0;
  const timer = setInterval(() => {
    const lines = [];
    const ts = Date.now();
    for (let i = 0; i < pairsPerTick; i++, call++) {
      const agentId = `agent-${call % agents}`;
      const id = `tu-${call}`;
      lines.push(JSON.stringify({ v: 1, ts, type: 'tool_use', agent_id: agentId, source: 'bench', tool: TOOLS[call % TOOLS.length], tool_use_id: id }));
      lines.push(JSON.stringify({ v: 1, ts, type: 'tool_result', agent_id: agentId, source: 'bench', tool_use_id: id, ok: true, duration_ms: 3 }));
    }
    appendFileSync(journal, `${lines.join('\n')}\n`);
  }, WRITE_EVERY_MS);
  return () => clearInterval(timer);
}

/**
 * Main-thread work per frame of the page's renderer, from a Chromium trace.
 * @param {{ traceEvents?: TraceEvent[] } | TraceEvent[]} trace
 * @returns {Stats}
 * @typedef {{ name: string, ph: string, pid: number, tid: number, ts: number, dur?: number }} TraceEvent
 */
function frameStats(trace) {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  // The page's main thread is the one that begins the most main-thread frames.
  /** @type {Map<string, number[]>} */
  const framesByThread = new Map();
  for (const event of events) {
    if (event.name !== 'BeginMainThreadFrame') continue;
    const key = `${event.pid}:${event.tid}`;
    const starts = framesByThread.get(key);
    if (starts === undefined) framesByThread.set(key, [event.ts]);
    else starts.push(event.ts);
  }
  const [thread, frameStarts] = [...framesByThread].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  frameStarts.sort((a, b) => a - b);
  // Top-level tasks only: a nested RunTask is already inside its parent's duration.
  const tasks = events
    .filter((event) => event.name === 'RunTask' && event.ph === 'X' && `${event.pid}:${event.tid}` === thread)
    .sort((a, b) => a.ts - b.ts);
  const work = new Array(Math.max(0, frameStarts.length - 1)).fill(0);
  let frame = 0;
  let coveredUntil = -Infinity;
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    if (end <= coveredUntil) continue;
    const start = Math.max(task.ts, coveredUntil);
    coveredUntil = end;
    while (frame < work.length && start >= (frameStarts[frame + 1] ?? Infinity)) frame++;
    if (frame >= work.length || start < (frameStarts[0] ?? Infinity)) continue;
    work[frame] += (end - start) / 1000;
  }
  const sorted = work.sort((a, b) => a - b);
  const seconds = ((frameStarts.at(-1) ?? 0) - (frameStarts[0] ?? 0)) / 1e6;
  return {
    frameP50: percentile(sorted, 0.5),
    frameP95: percentile(sorted, 0.95),
    fps: seconds > 0 ? (frameStarts.length - 1) / seconds : 0,
  };
}

/**
 * @param {number[]} sorted
 * @param {number} p
 */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** @returns {Promise<Host>} */
async function startHost() {
  const home = mkdtempSync(join(tmpdir(), 'orrery-bench-graph-'));
  const child = spawn(process.execPath, [HEADLESS_ENTRY, '--port', '0', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless host printed no ORRERY_URL within 15 s:\n${output}`)), 15_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /^ORRERY_URL=(\S+)$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`headless host exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    journal: join(home, 'events.jsonl'),
    stop: () =>
      new Promise((resolve) => {
        const cleanUp = () => {
          rmSync(home, { recursive: true, force: true });
          resolve(undefined);
        };
        if (child.exitCode !== null) return cleanUp();
        child.once('exit', cleanUp);
        child.kill('SIGTERM');
      }),
  };
}
