// A headless host in a process of its own that also measures its own event-loop delay, for
// benches that load the host (many runs at once). Started with the project's Node:
//   node --import ./test/support/ts-source-hook.mjs test/bench/support/loop-delay-host.ts <home>
// Prints ORRERY_URL=… like the real host; reads commands on stdin, one per line:
//   launch <n> <profile>   launches n runs (concurrency raised to n), answers `launched`
//   reset                  starts a new delay histogram, answers `reset`
//   report                 answers one JSON line {"p50","p99","max"} in ms and the host's CPU
//                          time since the reset, {"cpuMs"}
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { startCore } from '../../../src-main/core/orrery-core';
import { startHeadlessHost } from '../../../src-main/headless/headless-host';
import { callCore } from '../../support/core-calls';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const home = process.argv[2] as string;
const core = startCore({ runtime: 'headless', home });
const host = await startHeadlessHost({ api: core.api, rendererDir: join(ROOT, 'out/renderer'), port: 0 });
process.stdout.write(`ORRERY_URL=${host.url}\n`);

let delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
let cpuSince = process.cpuUsage();
const ms = (ns: number): number => ns / 1e6;

for await (const line of createInterface({ input: process.stdin })) {
  const [command, count, profile] = line.trim().split(/\s+/);
  if (command === 'launch') {
    const n = Number(count);
    await callCore(core, 'runs.updateSettings', { maxConcurrent: Math.max(1, Math.min(64, n)) });
    for (let i = 0; i < n; i++) await callCore(core, 'runs.launch', { profileId: profile ?? 'demo', prompt: `bench run ${i}: tidy the module`, cwd: home });
    process.stdout.write('launched\n');
  } else if (command === 'reset') {
    delay.disable();
    delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    cpuSince = process.cpuUsage();
    process.stdout.write('reset\n');
  } else if (command === 'report') {
    const cpu = process.cpuUsage(cpuSince);
    process.stdout.write(`${JSON.stringify({ p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
  }
}
await host.close();
await core.dispose();
