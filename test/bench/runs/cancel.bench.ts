// Cancel: a run whose process tree is three levels deep, ignores SIGINT and has one member that
// left its session (as Codex's commands do) is cancelled through the runs layer; the figure is the
// time until all of it is gone, and the share of its processes that are. Target: within the
// ladder's grace (SIGINT → grace → SIGTERM) plus 100 ms, 100 % of processes.
// Baseline, same tree started outside Orrery: SIGTERM to its process group, as `kill -- -pgid`
// would; fast, but the member outside the group survives it.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printFigure, quantile } from '../support/bench-host.mjs';
import { startCore } from '../../../src-main/core/orrery-core';
import { callCore } from '../../support/core-calls';
import { processesOfRun } from '../../support/run-processes';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const GRACE_MS = 500;
const TREE_SIZE = 5;

const dir = mkdtempSync(join(tmpdir(), 'orrery-bench-cancel-'));
const script = join(dir, 'stubborn-tree.sh');
// leader (ignores INT) → worker bash (ignores INT) → two sleeps; plus a sleep in a session of its own.
writeFileSync(script, `#!/bin/bash\ntrap '' INT\nsetsid sleep 311 &\nbash -c "trap '' INT; sleep 312 & sleep 313 & wait" &\nwait\n`);
chmodSync(script, 0o755);

async function treeOf(core: ReturnType<typeof startCore>): Promise<{ runId: string; pid: number }> {
  const run = await callCore(core, 'runs.launch', { profileId: 'stubborn', prompt: 'x', cwd: dir });
  for (;;) {
    const { pid } = await callCore(core, 'runs.get', { runId: run.id });
    // As an agent's commands would be: alive a moment before the cancel comes.
    if (pid !== undefined && processesOfRun(run.id).length === TREE_SIZE) return new Promise((resolve) => setTimeout(() => resolve({ runId: run.id, pid }), 500));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function gone(runId: string, withinMs: number): Promise<number> {
  const deadline = performance.now() + withinMs;
  while (performance.now() < deadline && processesOfRun(runId).length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return processesOfRun(runId).length;
}

const core = startCore({ runtime: 'headless', home: mkdtempSync(join(tmpdir(), 'orrery-bench-cancel-home-')) });
await callCore(core, 'profiles.save', { id: 'stubborn', name: 'Stubborn', kind: 'command', argv: [script, '{prompt}'], env: {} });
await callCore(core, 'runs.updateSettings', { cancelGraceMs: GRACE_MS, maxConcurrent: 8 });
const ours: number[] = [];
const oursKilled: number[] = [];
const naive: number[] = [];
const recorded: number[] = [];
const naiveKilled: number[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const tree = await treeOf(core);
    const started = performance.now();
    const cancelled = callCore(core, 'runs.cancel', { runId: tree.runId });
    const left = await gone(tree.runId, 10_000);
    ours.push(performance.now() - started);
    oursKilled.push((100 * (TREE_SIZE - left)) / TREE_SIZE);
    recorded.push((await cancelled, performance.now() - started));

    const naiveId = `naive-${round}`;
    const naiveChild = spawn(script, ['x'], { detached: true, stdio: 'ignore', env: { ...process.env, ORRERY_RUN_ID: naiveId } });
    while (processesOfRun(naiveId).length < TREE_SIZE) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const naiveStarted = performance.now();
    process.kill(-(naiveChild.pid as number), 'SIGTERM');
    const naiveLeft = await gone(naiveId, GRACE_MS);
    naive.push(performance.now() - naiveStarted);
    naiveKilled.push((100 * (TREE_SIZE - naiveLeft)) / TREE_SIZE);
    for (const pid of processesOfRun(naiveId)) process.kill(pid, 'SIGKILL');
  }
} finally {
  await core.dispose();
}
printFigure('runs.cancel_ms_p50', quantile(ours, 0.5), 'ms', quantile(naive, 0.5));
printFigure('runs.cancel_ms_max', Math.max(...ours), 'ms', Math.max(...naive));
printFigure('runs.cancel_processes_gone_pct', Math.min(...oursKilled), '%', Math.min(...naiveKilled));
// Until the run is recorded cancelled (its output drained, its row and events committed).
printFigure('runs.cancel_recorded_ms_p50', quantile(recorded, 0.5), 'ms', quantile(naive, 0.5));
