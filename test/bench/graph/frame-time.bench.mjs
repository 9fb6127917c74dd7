// @ts-check
// Frame time of the live agent graph with 500 and 2,000 alive agents while tool calls stream in
// at 5,000 events/s, through the real path: journal → built headless host → events.live → the
// built page in system Chromium.
//
// Frame time = main-thread work per rendered frame, read from a Chromium trace: the time in tasks
// on the page's main thread between one BeginMainThreadFrame and the next (socket messages, JS,
// React, style, layout, paint, commit — everything). Under 16.7 ms the page holds 60 Hz; an
// overloaded page stretches its frames and the figure grows past that. frames/s is printed too.
// (rAF deltas would not do: headless Chromium's rAF is locked to 60 Hz, so they bottom out at
// 16.7 ms however little a frame costs.)
//
// Baseline, same run, same stream: naive-svg-graph.js, served in place of the app's bundle — the
// agents as SVG DOM nodes, the whole picture rebuilt on every pushed batch (what re-rendering a
// React SVG graph per batch amounts to), on fixed positions without a force layout, which only
// flatters it.
//
// `_2000_labels`: the same 2,000 agents and stream, zoomed in to where hundreds of nodes and
// their names are in view, while the person drags the view around: every frame redraws the still
// layer and declutters the labels anew (the costliest steady case for labels). Its baseline is
// the naive SVG with every agent's name as a <text> (no declutter), rebuilt per batch as before.
//
// Run: npx electron-vite build && npm run bench graph   (or node test/bench/graph/frame-time.bench.mjs)
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, printFigure, ROOT, startBenchHost } from '../support/bench-host.mjs';
import { frameStats, TRACE_CATEGORIES } from '../support/frame-stats.mjs';

const NAIVE_SCRIPT = readFileSync(join(ROOT, 'test/bench/graph/naive-svg-graph.js'), 'utf8');
const SIZES = [500, 2_000];
const LABELS_CASE = 'labels';
const LABELS_ZOOM_WHEEL_PX = 1_700;
const DRAG_PX = 240;
const DRAG_STEP_PX = 3;
const MOUSE_EVENT_MS = 8;
const EVENTS_PER_SECOND = 5_000;
const WRITE_EVERY_MS = 20;
const WARMUP_MS = 1_000;
const MEASURE_MS = 4_000;
const TOOLS = ['Read', 'Grep', 'Bash', 'Edit', 'Glob'];
const MODELS = ['claude-opus-4', 'claude-sonnet-4', 'claude-haiku-4', 'gpt-5', 'o3'];

/**
 * @typedef {import('@playwright/test').Page} Page
 * @typedef {{ url: string, journal: string }} Host
 * @typedef {import('../support/frame-stats.mjs').Stats} Stats
 * @typedef {{
 *   open: (page: Page, host: Host) => Promise<void>,
 *   waitForCount: (page: Page, count: number) => Promise<void>,
 *   settle: (page: Page) => Promise<void>,
 *   showLabels: (page: Page, host: Host, count: number) => Promise<void>,
 *   moveView: (page: Page) => () => Promise<void>,
 *   framesDrawn: (page: Page) => Promise<number | undefined>,
 * }} Renderer
 * @typedef {Stats & { drawnFps: number }} Measured
 */

// Page functions, not strings: the app's CSP forbids eval. The page's globals are untyped here.
/** @type {Renderer} */
const canvasGraph = {
  async open(page, host) {
    await page.goto(host.url);
    await page.getByTestId('connection-status').filter({ hasText: /^connected$/ }).waitFor();
  },
  async waitForCount(page, count) {
    await page.waitForFunction((n) => /** @type {any} */ (globalThis).__orreryGraph?.nodeCount() === n, count, { timeout: 20_000 });
  },
  // Let the layout come to rest after a bulk spawn, so what is measured is the steady stream.
  async settle(page) {
    await page.waitForFunction(() => /** @type {any} */ (globalThis).__orreryGraph.idle(), undefined, { timeout: 15_000 });
  },
  // Zoomed in from the fitted view until names fit beside hundreds of nodes.
  async showLabels(page) {
    const box = await surfaceBox(page);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -LABELS_ZOOM_WHEEL_PX);
    await this.settle(page);
    const labels = await page.evaluate(() => /** @type {any} */ (globalThis).__orreryGraph.labels().length);
    process.stderr.write(`graph bench: ${labels} labels drawn at 2,000 agents zoomed in\n`);
  },
  moveView: (page) => dragBackAndForth(page),
  framesDrawn: (page) => page.evaluate(() => /** @type {any} */ (globalThis).__orreryGraph.framesDrawn()),
};

/** @type {Renderer} */
const naiveSvgGraph = {
  async open(page, host) {
    // The host's own page with the app's bundle swapped out: same origin, token and CSP as the app.
    await page.route(isBundle, (route) => route.fulfill({ contentType: 'text/javascript', body: NAIVE_SCRIPT }));
    await page.goto(host.url);
  },
  async waitForCount(page, count) {
    await page.waitForFunction((n) => /** @type {any} */ (globalThis).__naiveGraph?.nodeCount() === n, count, { timeout: 20_000 });
  },
  settle: (page) => page.waitForTimeout(500),
  // The same page again with a <text> per agent; the host's snapshot brings the whole fleet back.
  async showLabels(page, host, count) {
    await page.unroute(isBundle);
    await page.route(isBundle, (route) => route.fulfill({ contentType: 'text/javascript', body: `globalThis.__naiveGraphLabels = true;\n${NAIVE_SCRIPT}` }));
    await page.goto(host.url);
    await this.waitForCount(page, count);
    await this.settle(page);
  },
  // It has no view to move: it rebuilds the whole picture for every batch anyway.
  moveView: () => async () => undefined,
  // It draws in every frame the page renders.
  framesDrawn: async () => undefined,
};

const browser = await launchBrowser();
try {
  const measured = await measure(canvasGraph);
  const baseline = await measure(naiveSvgGraph);
  for (const size of SIZES) {
    const ours = measured.get(size);
    const naive = baseline.get(size);
    if (ours === undefined || naive === undefined) throw new Error(`no result for ${size} agents`);
    printFigure(`graph.frame_ms_p50_${size}`, ours.frameP50, 'ms', naive.frameP50);
    printFigure(`graph.frame_ms_p95_${size}`, ours.frameP95, 'ms', naive.frameP95);
    printFigure(`graph.fps_${size}`, ours.fps, 'frames/s', naive.fps);
    printFigure(`graph.drawn_fps_${size}`, ours.drawnFps, 'frames/s', naive.drawnFps);
  }
  const ours = measured.get(LABELS_CASE);
  const naive = baseline.get(LABELS_CASE);
  if (ours === undefined || naive === undefined) throw new Error('no result for 2,000 agents with labels');
  printFigure('graph.frame_ms_p50_2000_labels', ours.frameP50, 'ms', naive.frameP50);
  printFigure('graph.frame_ms_p95_2000_labels', ours.frameP95, 'ms', naive.frameP95);
  printFigure('graph.drawn_fps_2000_labels', ours.drawnFps, 'frames/s', naive.drawnFps);
} finally {
  await browser.close();
}

/**
 * One renderer on a fresh host: grow the fleet to each size, then stream tool calls and trace;
 * at the largest size, once more with labels in view and the view moving.
 * @param {Renderer} renderer
 * @returns {Promise<Map<number | string, Measured>>}
 */
async function measure(renderer) {
  const host = await startBenchHost();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  /** @type {Map<number | string, Measured>} */
  const results = new Map();
  try {
    await renderer.open(page, host);
    let spawned = 0;
    for (const size of SIZES) {
      appendFileSync(host.journal, spawnLines(spawned, size));
      spawned = size;
      await renderer.waitForCount(page, size);
      await renderer.settle(page);
      results.set(size, await traceWhileStreaming(page, renderer, host, size, () => async () => undefined));
    }
    await renderer.showLabels(page, host, spawned);
    results.set(LABELS_CASE, await traceWhileStreaming(page, renderer, host, spawned, renderer.moveView));
  } finally {
    await page.close();
    await host.stop();
  }
  return results;
}

/**
 * Streams tool calls to `agents` agents and traces the page while `move` moves its view.
 * `drawnFps`: the frames the graph itself drew per second (the app paints in a worker, so they
 * can fall behind the page's frames; the naive page draws in every frame it renders).
 * @param {Page} page
 * @param {Renderer} renderer
 * @param {Host} host
 * @param {number} agents
 * @param {(page: Page) => () => Promise<void>} move starts moving; what it returns stops it
 * @returns {Promise<Measured>}
 */
async function traceWhileStreaming(page, renderer, host, agents, move) {
  const stopStream = streamToolCalls(host.journal, agents);
  const stopMoving = move(page);
  try {
    await page.waitForTimeout(WARMUP_MS);
    const drawnBefore = await renderer.framesDrawn(page);
    const started = performance.now();
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.waitForTimeout(MEASURE_MS);
    const stats = frameStats(JSON.parse((await browser.stopTracing()).toString()));
    const drawnAfter = await renderer.framesDrawn(page);
    const seconds = (performance.now() - started) / 1000;
    return { ...stats, drawnFps: drawnBefore === undefined || drawnAfter === undefined ? stats.fps : (drawnAfter - drawnBefore) / seconds };
  } finally {
    await stopMoving();
    stopStream();
  }
}

/** @param {URL} url */
function isBundle(url) {
  return /^\/assets\/.+\.js$/.test(url.pathname);
}

/** @param {Page} page */
async function surfaceBox(page) {
  const box = await page.getByTestId('agent-graph-surface').boundingBox();
  if (box === null) throw new Error('no graph surface');
  return box;
}

/**
 * Holds the mouse down in the middle of the graph and drags it left and right until stopped, in
 * the steps of a 125 Hz mouse, as a person panning does.
 * @param {Page} page
 * @returns {() => Promise<void>}
 */
function dragBackAndForth(page) {
  let running = true;
  const done = (async () => {
    const box = await surfaceBox(page);
    const [x, y] = [box.x + box.width / 2, box.y + box.height * 0.6];
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 0; running; step++) {
      const phase = (step * DRAG_STEP_PX) % (2 * DRAG_PX);
      await page.mouse.move(x + (phase < DRAG_PX ? phase : 2 * DRAG_PX - phase) - DRAG_PX / 2, y);
      await page.waitForTimeout(MOUSE_EVENT_MS);
    }
    await page.mouse.up();
  })();
  return async () => {
    running = false;
    await done;
  };
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
