// 50 runs of the demo agent at once (real processes speaking Claude Code's stream-json), their
// agents and subagents in the live graph of the built page in system Chromium. Figures: the page's
// main-thread work per frame (p95, from a Chromium trace; see frame-stats.mjs) and the host's
// event-loop delay (p99, measured inside the host process). Targets: frame p95 ≤ 16 ms, host
// delay p99 ≤ 20 ms. Baseline, same host and page: the same window with no run going.
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

  const window = async (): Promise<{ frameP95: number; delayP99: number }> => {
    await ask('reset');
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.waitForTimeout(MEASURE_MS);
    const frames = frameStats(JSON.parse((await browser.stopTracing()).toString()));
    const delay = JSON.parse(await ask('report')) as { p99: number };
    return { frameP95: frames.frameP95, delayP99: delay.p99 };
  };

  const idle = await window();
  await ask(`launch ${RUNS} demo`);
  await page.waitForTimeout(WARMUP_MS);
  const busy = await window();
  printFigure('runs.50_demo_frame_ms_p95', busy.frameP95, 'ms', idle.frameP95);
  printFigure('runs.50_demo_host_loop_delay_ms_p99', busy.delayP99, 'ms', idle.delayP99);
} finally {
  await browser.close();
  host.stdin.end();
  await new Promise((resolve) => host.once('exit', resolve));
}
