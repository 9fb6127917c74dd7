// First event: from the spawn of a real `claude` run (the scripted model stands in for the model)
// to the run's first event from the CLI's own output — its `system/init`, as a status event with
// the session id — arriving in a page subscribed to `events.live` like the renderer's store, in
// system Chromium, through a real built headless host. Baseline, same run, same CLI, same
// environment: the time from spawning `claude` directly to its first stdout line. What Orrery adds
// is the difference (README); the target is ≤ 20 ms.
import { spawn } from 'node:child_process';
import { printFigure, quantile, startBenchHost } from '../support/bench-host.mjs';
import { launchCdpChromium } from '../support/cdp-chromium.mjs';
import { claudeBin } from '../../support/agent-clis/cli-paths';
import { claudeEnv } from '../../support/agent-clis/run-claude';
import { makeSandbox } from '../../support/agent-clis/sandbox';
import { startScriptedModel, textAnswer } from '../../support/scripted-model/index';

const RUNS = Number(process.env.BENCH_RUNS ?? 8);
const PROMPT = 'Say hello.';
const CLAUDE_ARGS = ['-p', PROMPT, '--output-format', 'stream-json', '--verbose'];

const model = await startScriptedModel(textAnswer('Hello.'));
const sandbox = makeSandbox('bench-first-event');
const env = { ...claudeEnv(sandbox.home, model.url), ORRERY_CLAUDE_BIN: claudeBin() };

/** Spawn → first stdout line of the CLI run directly, in ms. */
function directFirstLine(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.timeOrigin + performance.now();
    const child = spawn(claudeBin(), CLAUDE_ARGS, { cwd: sandbox.cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.once('data', () => resolve(performance.timeOrigin + performance.now() - started));
    child.once('error', reject);
    child.once('exit', () => undefined);
  }).then(async (ms) => {
    // Let it finish its run, as the run through Orrery does, before the next one starts.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return ms as number;
  });
}

/**
 * Both measured under the same load, interleaved: the host and the page are up while the direct
 * runs happen too (on 2 cores a CLI that starts beside a busy browser starts slower).
 */
async function measure(): Promise<{ direct: number[]; orrery: number[] }> {
  const host = await startBenchHost(env);
  const browser = await launchCdpChromium();
  try {
    const page = await browser.newPage(host.url);
    await page.waitFor(() => (globalThis as any).document.readyState === 'complete');
    await page.evaluate(async () => {
      const page = globalThis as any;
      const token = new URLSearchParams(page.location.search).get('token');
      const ws = new page.WebSocket(`ws://${page.location.host}/api?token=${token}`);
      await new Promise((resolve) => (ws.onopen = resolve));
      let nextId = 10;
      const answers = new Map<number, (value: any) => void>();
      const firstSeen = new Map<string, number>();
      const seenWaiters = new Map<string, () => void>();
      ws.onmessage = (message: { data: unknown }) => {
        const now = performance.timeOrigin + performance.now();
        const data = JSON.parse(String(message.data));
        if (data.t === 'result') answers.get(data.id)?.(data);
        if (data.t !== 'item' || data.value.kind !== 'batch') return;
        for (const event of data.value.events) {
          if (event.type === 'status' && event.session_id !== undefined && event.run_id !== undefined && !firstSeen.has(event.run_id)) {
            firstSeen.set(event.run_id, now);
            seenWaiters.get(event.run_id)?.();
          }
        }
      };
      const call = (method: string, args: unknown): Promise<any> =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          answers.set(id, (data) => (data.ok ? resolve(data.value) : reject(new Error(data.error.message))));
          ws.send(JSON.stringify({ t: 'call', id, method, args }));
        });
      ws.send(JSON.stringify({ t: 'sub', id: 1, stream: 'events.live', args: {} }));
      // Spawn (the run's startedAt, taken just before the spawn) → the init event here, in ms.
      page.__launchOne = async (prompt: string, cwd: string): Promise<number> => {
        const run = await call('runs.launch', { profileId: 'claude', prompt, cwd });
        await new Promise<void>((resolve) => {
          if (firstSeen.has(run.id)) resolve();
          else seenWaiters.set(run.id, resolve);
        });
        let info = await call('runs.get', { runId: run.id });
        while (info.state !== 'done') {
          await new Promise((resolve) => setTimeout(resolve, 50));
          info = await call('runs.get', { runId: run.id });
        }
        return (firstSeen.get(run.id) as number) - info.startedAt;
      };
    });
    const direct: number[] = [];
    const orrery: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      direct.push(await directFirstLine());
      orrery.push(await page.evaluate(({ prompt, cwd }) => (globalThis as any).__launchOne(prompt, cwd), { prompt: PROMPT, cwd: sandbox.cwd }));
    }
    return { direct, orrery };
  } finally {
    await browser.close();
    await host.stop();
  }
}

try {
  const { direct, orrery } = await measure();
  printFigure('runs.first_event_ms_p50', quantile(orrery, 0.5), 'ms', quantile(direct, 0.5));
  printFigure('runs.first_event_ms_p90', quantile(orrery, 0.9), 'ms', quantile(direct, 0.9));
} finally {
  await model.close();
  sandbox.remove();
}
