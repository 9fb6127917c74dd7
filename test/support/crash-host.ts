// A core in a process of its own, for tests that SIGKILL it mid-run as a crash would:
//   node --import ./test/support/ts-source-hook.mjs test/support/crash-host.ts <home> <profile-json> <prompt>
// It saves the profile, launches one run, prints {"runId","pid"} once the run's process started, and waits.
import { startCore } from '../../src-main/core/orrery-core';
import { callCore } from './core-calls';

const [home, profileJson, prompt] = process.argv.slice(2) as [string, string, string];
const core = startCore({ runtime: 'headless', home });
const profile = JSON.parse(profileJson) as { id: string };
await callCore(core, 'profiles.save', JSON.parse(profileJson));
const run = await callCore(core, 'runs.launch', { profileId: profile.id, prompt });
for (;;) {
  const current = await callCore(core, 'runs.get', { runId: run.id });
  if (current.pid !== undefined && current.state === 'running') {
    process.stdout.write(`${JSON.stringify({ runId: run.id, pid: current.pid })}\n`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
setInterval(() => undefined, 1 << 30);
