// A core in a process of its own running one workflow, for tests that SIGKILL it mid-run:
//   node --import ./test/support/ts-source-hook.mjs test/support/workflow-crash-host.ts <home> <cwd> <workflow> <finished-calls>
// Starts the workflow on the demo profile and prints {"runId"} once <finished-calls> of its
// agent() calls have finished, then waits to be killed.
import { startCore } from '../../src-main/core/orrery-core';
import { callCore } from './core-calls';

const [home, cwd, workflow, finished] = process.argv.slice(2) as [string, string, string, string];
const core = startCore({ runtime: 'headless', home });
const run = await callCore(core, 'workflows.start', { nameOrPath: workflow, profileId: 'demo', cwd });
for (;;) {
  const detail = await callCore(core, 'workflows.get', { runId: run.id });
  if (detail.agents.filter((agent) => agent.state === 'done').length >= Number(finished)) {
    process.stdout.write(`${JSON.stringify({ runId: run.id })}\n`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
setInterval(() => undefined, 1 << 30);
