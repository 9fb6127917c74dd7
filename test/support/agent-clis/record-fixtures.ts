// Records test/fixtures/agent-clis/ from the real `claude` and `codex` CLIs, with only the model
// scripted (test/support/scripted-model). Run by hand after changing a pinned version:
//   node --import ./test/support/ts-source-hook.mjs test/support/agent-clis/record-fixtures.ts
// Each run happens in fixed folders under SCRATCH, so paths in the fixtures stay the same from one
// recording to the next; ids and timestamps are the CLIs' own and change every time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { backgroundSubagent, commandThenAnswer, failure, promptCounter, slowStream, startScriptedModel, structuredOutput, type Script, type ScriptedModel } from '../scripted-model/index';
import { hookRecorderSettings } from './claude-hooks';
import { CLAUDE_CODE_VERSION, CODEX_VERSION } from './cli-paths';
import { runClaude, writeClaudeSettings, type ClaudeArgsOptions } from './run-claude';
import { runCodex, writeCodexConfig } from './run-codex';
import { makeSandbox, type Sandbox } from './sandbox';
import type { CliExit, CliRun, JsonLine } from './spawn-cli';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/agent-clis');
const SCRATCH = '/tmp/orrery-agent-cli-fixtures';
const PROMPT = 'Do what the scripted model says.';

type Place = Pick<Sandbox, 'home' | 'cwd'>;

const freshPlace = (name: string): Place => makeSandbox(name, join(SCRATCH, name));

async function withModel<T>(script: Script, use: (model: ScriptedModel) => Promise<T>): Promise<T> {
  const model = await startScriptedModel(script);
  try {
    return await use(model);
  } finally {
    await model.close();
  }
}

/** Waits for the run to end; whatever the outcome, nothing it started is left running. */
async function finish(run: CliRun): Promise<CliExit> {
  const exit = await run.exited;
  await run.killTree();
  if (exit.timedOut) throw new Error(`timed out; stdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
  return exit;
}

function expectLine(exit: CliExit, what: string, predicate: (line: JsonLine) => boolean): JsonLine {
  const line = exit.stdout
    .split('\n')
    .filter((text) => text.trim() !== '')
    .map((text) => JSON.parse(text) as JsonLine)
    .find(predicate);
  if (!line) throw new Error(`expected ${what}; stdout:\n${exit.stdout}\nstderr:\n${exit.stderr}`);
  return line;
}

const facts: string[] = [];
const timings: string[] = [];

function save(file: string, exit: CliExit): void {
  writeFileSync(join(FIXTURES, file), exit.stdout);
  timings.push(`${file}: exit ${exit.code ?? exit.signal} after ${exit.durationMs} ms`);
}

interface RunOptions extends ClaudeArgsOptions {
  prompt?: string;
  /** Claude only: record every hook payload into this file. */
  hooks?: string;
  /** Run where an earlier run ran (to resume it); a fresh place named after the run otherwise. */
  place?: Place;
  /** Acts on the run while it goes (to interrupt it). */
  during?: (run: CliRun, model: ScriptedModel) => Promise<void>;
}

function runAgainst(cli: 'claude' | 'codex', name: string, script: Script, options: RunOptions = {}): Promise<CliExit> {
  return withModel(script, async (model) => {
    const { home, cwd } = options.place ?? freshPlace(name);
    const prompt = options.prompt ?? PROMPT;
    let run: CliRun;
    if (cli === 'claude') {
      if (options.hooks) writeClaudeSettings(home, hookRecorderSettings(options.hooks));
      run = runClaude({ ...options, prompt, serverUrl: model.url, home, cwd, timeoutMs: 60_000 });
    } else {
      writeCodexConfig(home, model.url);
      run = runCodex({ prompt, home, cwd, resume: options.resume, timeoutMs: 60_000 });
    }
    await options.during?.(run, model);
    return finish(run);
  });
}

/** Runs the CLI and saves its stdout as the fixture `<name>.jsonl`. */
async function fixture(cli: 'claude' | 'codex', name: string, script: Script, options: RunOptions = {}): Promise<CliExit> {
  const exit = await runAgainst(cli, name, script, options);
  save(`${name}.jsonl`, exit);
  return exit;
}

async function recordClaude(): Promise<void> {
  const toolCall = await fixture('claude', 'claude-tool-call', commandThenAnswer());
  expectLine(toolCall, 'a success result', (line) => line.type === 'result' && line.subtype === 'success');

  const subagent = await fixture('claude', 'claude-subagent', backgroundSubagent());
  expectLine(subagent, 'a completed task_notification', (line) => line.subtype === 'task_notification' && line.status === 'completed');

  let interruptedAfter = 0;
  const interrupted = await fixture('claude', 'claude-sigint-while-streaming', slowStream(8), {
    during: async (run, model) => {
      await model.waitForRequest((request) => request.api === 'anthropic');
      await sleep(1_500);
      const sent = Date.now();
      run.child.kill('SIGINT');
      await run.exited;
      interruptedAfter = Date.now() - sent;
    },
  });
  const interruptedResult = expectLine(interrupted, 'a result line after SIGINT', (line) => line.type === 'result');
  facts.push(`claude, SIGINT while streaming: exit ${interrupted.code} ${interruptedAfter} ms after the signal, result subtype ${String(interruptedResult.subtype)}, terminal_reason ${String(interruptedResult.terminal_reason)}`);

  const error = await fixture('claude', 'claude-error', failure());
  const errorResult = expectLine(error, 'an error result', (line) => line.type === 'result' && line.is_error === true);
  facts.push(`claude, HTTP 529: exit ${error.code}, result subtype ${String(errorResult.subtype)} is_error ${String(errorResult.is_error)} api_error_status ${String(errorResult.api_error_status)}`);

  const schema = { type: 'object', properties: { title: { type: 'string' }, files_changed: { type: 'integer' }, done: { type: 'boolean' } }, required: ['title', 'files_changed', 'done'] };
  const structured = await fixture('claude', 'claude-structured-output', structuredOutput(), { jsonSchema: schema });
  expectLine(structured, 'a result with structured_output', (line) => line.type === 'result' && typeof line.structured_output === 'object');

  const place = freshPlace('claude-resume');
  const first = await runAgainst('claude', 'claude-resume', promptCounter(), { place, prompt: 'First prompt.' });
  const sessionId = String(expectLine(first, 'the first run init', (line) => line.subtype === 'init').session_id);
  const resumed = await fixture('claude', 'claude-resume', promptCounter(), { place, prompt: 'Second prompt.', resume: sessionId });
  const resumedInit = expectLine(resumed, 'the resumed init', (line) => line.subtype === 'init');
  expectLine(resumed, 'the answer counting both prompts', (line) => line.type === 'result' && String(line.result).includes('2 prompts'));
  facts.push(`claude, --resume: session_id ${resumedInit.session_id === sessionId ? 'kept' : `changed (${sessionId} -> ${String(resumedInit.session_id)})`}`);
}

async function recordClaudeHooks(): Promise<void> {
  for (const [name, script] of [
    ['claude-hooks-tool-call', commandThenAnswer()],
    ['claude-hooks-subagent', backgroundSubagent()],
    ['claude-hooks-tool-failure', commandThenAnswer('echo failing on purpose >&2; exit 3')],
  ] as const) {
    const file = `${name}.jsonl`;
    const payloads = join(SCRATCH, `${name}-payloads.jsonl`);
    rmSync(payloads, { force: true });
    rmSync(`${payloads}.pids.jsonl`, { force: true });
    const exit = await runAgainst('claude', name, script, { hooks: payloads });
    timings.push(`${file} (its run): exit ${exit.code} after ${exit.durationMs} ms`);
    writeFileSync(join(FIXTURES, file), readFileSync(payloads, 'utf8'));
    const runners = readFileSync(`${payloads}.pids.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { ancestors: Array<{ cmdline: string[] }> });
    const parents = new Set(runners.map((runner) => `${runner.ancestors[0]?.cmdline[0]} -> ${runner.ancestors[1]?.cmdline[0]}`));
    facts.push(`${file}: hook's parent -> grandparent: ${[...parents].join('; ')}`);
    const carryingModel = readFileSync(payloads, 'utf8').trim().split('\n').filter((line) => 'model' in (JSON.parse(line) as object));
    facts.push(`${file}: payloads with a model field: ${carryingModel.length}`);
  }
}

async function recordCodex(): Promise<void> {
  const command = await fixture('codex', 'codex-command', commandThenAnswer());
  expectLine(command, 'a completed command_execution', (line) => (line.item as JsonLine | undefined)?.type === 'command_execution' && line.type === 'item.completed');
  expectLine(command, 'turn.completed', (line) => line.type === 'turn.completed');

  const place = freshPlace('codex-resume');
  const first = await runAgainst('codex', 'codex-resume', promptCounter(), { place, prompt: 'First prompt.' });
  const threadId = String(expectLine(first, 'thread.started', (line) => line.type === 'thread.started').thread_id);
  const resumed = await fixture('codex', 'codex-resume', promptCounter(), { place, prompt: 'Second prompt.', resume: threadId });
  const resumedThread = expectLine(resumed, 'thread.started', (line) => line.type === 'thread.started');
  expectLine(resumed, 'the answer counting both prompts', (line) => String((line.item as JsonLine | undefined)?.text).includes('2 prompts'));
  facts.push(`codex, exec resume: thread_id ${resumedThread.thread_id === threadId ? 'kept' : 'changed'}`);

  const failed = await fixture('codex', 'codex-failed', failure());
  expectLine(failed, 'turn.failed', (line) => line.type === 'turn.failed');
  facts.push(`codex, response.failed: exit ${failed.code}`);
}

mkdirSync(FIXTURES, { recursive: true });
await recordClaude();
await recordClaudeHooks();
await recordCodex();
rmSync(SCRATCH, { recursive: true, force: true });
console.log(`Recorded with Claude Code ${CLAUDE_CODE_VERSION} and Codex CLI ${CODEX_VERSION} into ${FIXTURES}`);
for (const line of [...timings, ...facts]) console.log(`  ${line}`);
