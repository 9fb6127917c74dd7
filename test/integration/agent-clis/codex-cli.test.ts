// The real Codex CLI (the pinned install from test/support/agent-clis/install.sh) with only the
// model scripted: test/support/scripted-model answers its Responses API calls. Its command
// execution, session files and JSON events are all real.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isRunning, type ProcessEntry } from '../../../src-main/core/process/process-tree';
import { codexBin } from '../../support/agent-clis/cli-paths';
import { runCodex, writeCodexConfig } from '../../support/agent-clis/run-codex';
import { makeSandbox, type Sandbox } from '../../support/agent-clis/sandbox';
import { commandLine, type CliRun, type JsonLine } from '../../support/agent-clis/spawn-cli';
import { commandThenAnswer, longCommand, promptCounter, startScriptedModel, type Script, type ScriptedModel } from '../../support/scripted-model/index';

beforeAll(() => {
  codexBin(); // Fails here, naming install.sh, when the CLI is not installed.
});

let sandbox: Sandbox | undefined;
let model: ScriptedModel | undefined;
const runs: CliRun[] = [];
const strays: ProcessEntry[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.killTree();
  for (const entry of strays.splice(0)) if (await isRunning(entry)) process.kill(entry.pid, 'SIGKILL');
  await model?.close();
  sandbox?.remove();
  [sandbox, model] = [undefined, undefined];
});

async function start(script: Script): Promise<void> {
  sandbox = makeSandbox('codex-cli');
  model = await startScriptedModel(script);
  writeCodexConfig(sandbox.home, model.url);
}

function codex(prompt: string, resume?: string): CliRun {
  if (!sandbox) throw new Error('start() first');
  const run = runCodex({ prompt, home: sandbox.home, cwd: sandbox.cwd, resume, timeoutMs: 15_000 });
  runs.push(run);
  return run;
}

const item = (line: JsonLine) => (line.item ?? {}) as JsonLine;

describe('real codex CLI, scripted model', () => {
  it('runs an exec_command for real and completes the turn with the answer', async () => {
    await start(commandThenAnswer('echo scripted-command-ok'));
    const run = codex('Do what the scripted model says.');
    const exit = await run.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(run.lines.find((line) => line.type === 'item.completed' && item(line).type === 'command_execution')?.item).toMatchObject({ exit_code: 0, status: 'completed', aggregated_output: 'scripted-command-ok\n' });
    expect(run.lines.find((line) => item(line).type === 'agent_message')?.item).toMatchObject({ text: 'The command printed: scripted-command-ok' });
    expect(run.lines.at(-1)?.type).toBe('turn.completed');
    expect(JSON.stringify(model?.requests.at(-1)?.body)).toContain('"function_call_output"');
  });

  it('exec resume keeps the thread id and sends the earlier turn to the model', async () => {
    await start(promptCounter());
    const first = codex('First prompt.');
    await first.exited;
    const threadId = first.lines.find((line) => line.type === 'thread.started')?.thread_id;
    const second = codex('Second prompt.', String(threadId));
    expect((await second.exited).code).toBe(0);
    expect(second.lines.find((line) => line.type === 'thread.started')?.thread_id).toBe(threadId);
    expect(second.lines.find((line) => item(line).type === 'agent_message')?.item).toMatchObject({ text: 'This conversation has 2 prompts.' });
  });

  it("SIGTERM to codex leaves the command's processes running: only a tree kill ends them", async () => {
    await start(longCommand());
    const run = codex('Run the long command.');
    await run.waitForLine((line) => line.type === 'item.started' && item(line).type === 'command_execution');
    let sleeps: ProcessEntry[] = [];
    for (let tries = 0; tries < 50 && sleeps.length < 2; tries++) {
      await sleep(100);
      sleeps = (await run.processTree()).filter((entry) => commandLine(entry.pid).startsWith('sleep'));
    }
    expect(sleeps).toHaveLength(2);
    strays.push(...sleeps);
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.signal).toBe('SIGTERM');
    expect(run.lines.filter((line) => line.type === 'turn.completed' || line.type === 'turn.failed')).toEqual([]);
    await sleep(300);
    expect(await Promise.all(sleeps.map(isRunning))).toEqual([true, true]);
  });
});
