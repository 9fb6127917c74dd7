// 50 runs of the demo agent at once (real processes speaking Claude Code's stream-json), their
// agents and subagents in the live graph of the built page in system Chromium. Figures: the page's
// main-thread work per frame (p95, from a Chromium trace; see frame-stats.mjs) and the host's
// event-loop delay (p99, measured inside the host process). Targets: frame p95 ≤ 16 ms, host
// delay p99 ≤ 20 ms. Baseline, same host and page: the same window with no run going.
// Also the frames the graph drew per second (it paints in a worker, so it could fall behind the
// page), against the page's own frames per second in the same window.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { launchBrowser, printFigure, ROOT } from '../support/bench-host.mjs';
import { frameStats, TRACE_CATEGORIES } from '../support/frame-stats.mjs';

const RUNS = 50;
const WARMUP_MS = 5_000;
const MEASURE_MS = 5_000;

const home = mkdtempSync(join(tmpdir(), 'orrery-bench-runs-'));
const host = spawn(process.execPath, ['--import', join(ROOT, 'test/support/ts-source-hook.mjs'), join(ROOT, 'test/bench/support/loop-delay-host.ts'), home], { env: { ...process.env, ORRERY_TEST_HOOKS: '1' }, stdio: ['pipe', 'pipe', 'inherit'] });
const replies = createInterface({ input: host.stdout })[Symbol.asyncIterator]();
const next = async (): Promise<string> => String((await replies.next()).value ?? '');
const ask = async (command: string): Promise<string> => {
  host.stdin.write(`${command}\n`);
  return next();
};

const url = (await next()).replace(/^ORRERY_URL=/, '');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.getByTestId('connection-status').filter({ hasText: /^connected$/ }).waitFor();

  const framesDrawn = (): Promise<number> => page.evaluate(() => (globalThis as { __orreryGraph?: { framesDrawn(): number } }).__orreryGraph?.framesDrawn() ?? 0);
  const window = async (): Promise<{ frameP95: number; fps: number; drawnFps: number; delayP99: number }> => {
    await ask('reset');
    const drawnBefore = await framesDrawn();
    const started = performance.now();
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.waitForTimeout(MEASURE_MS);
    const frames = frameStats(JSON.parse((await browser.stopTracing()).toString()));
    const drawnFps = ((await framesDrawn()) - drawnBefore) / ((performance.now() - started) / 1000);
    const delay = JSON.parse(await ask('report')) as { p99: number };
    return { frameP95: frames.frameP95, fps: frames.fps, drawnFps, delayP99: delay.p99 };
  };

  const idle = await window();
  await ask(`launch ${RUNS} demo`);
  await page.waitForTimeout(WARMUP_MS);
  const busy = await window();
  printFigure('runs.50_demo_frame_ms_p95', busy.frameP95, 'ms', idle.frameP95);
  printFigure('runs.50_demo_host_loop_delay_ms_p99', busy.delayP99, 'ms', idle.delayP99);
  printFigure('runs.50_demo_graph_drawn_fps', busy.drawnFps, 'frames/s', busy.fps);
} finally {
  await browser.close();
  host.stdin.end();
  await new Promise((resolve) => host.once('exit', resolve));
}
