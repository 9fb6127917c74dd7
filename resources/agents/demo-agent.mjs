#!/usr/bin/env node
// @ts-check
/**
 * Orrery's demo agent: a scripted stand-in for Claude Code that needs no API key and no network,
 * so runs can be launched, watched, cancelled, reset and resumed offline. It is launched exactly
 * like `claude` and prints Claude Code 2.1.332's stream-json, so the same adapter reads both:
 *
 *   node resources/agents/demo-agent.mjs -p "<prompt>" --output-format stream-json --verbose
 *     [--model M] [--resume <session-id> [--fork-session]] [--session-id <uuid>] [--max-turns N]
 *     [--max-budget-usd X] [--json-schema '<JSON Schema>'] [--effort E] [--permission-mode P]
 *
 * Other `claude` flags a launcher passes (--allowedTools, --settings, --append-system-prompt, …)
 * are accepted and have no effect; an unknown flag is an error, as in the real CLI. `text` and
 * `json` output formats print only the final answer / the result object.
 *
 * The story (the same for the same prompt; words from the prompt make it read as an answer):
 * init → model text → a quick Grep/Glob/Read and its result → a background subagent (`Agent`
 * tool: task_started, two tool calls of its own with task_progress, task_updated and
 * task_notification) → a slow Bash that really runs `sleep` in its own process group → final
 * text → `result` with usage, `total_cost_usd` (tokens × Claude Code's own prices) and modelUsage.
 * A run takes about 26 s at speed 1 (about 1 s at speed 40).
 *
 * Steering, by the prompt (case-insensitive; not with --json-schema: a workflow's calls are always
 * answered) and flags:
 * - prompt contains "fail": the tests fail, then the run ends with `is_error: true`,
 *   subtype `error_during_execution`, exit code 1.
 * - prompt contains "loop" or "forever": after the first tool it keeps calling tools (Grep,
 *   Read, a Bash that sleeps 2–3 s) until it is stopped, by a signal or by the limits below.
 * - `--max-turns N`: the turn after the N-th ends the run with `error_max_turns` (exit 1).
 * - `--max-budget-usd X`: once the run's cost reaches X, `error_max_budget_usd` (exit 1).
 * - `--json-schema S` (an object schema): the last turn calls the `StructuredOutput` tool with a
 *   value made to validate against S; the result carries it as `structured_output` and as JSON
 *   text in `result`. A schema it cannot satisfy (say, a `pattern`) ends in
 *   `error_max_structured_output_retries`.
 * - `--resume <id>`: continues that session (same session_id, the text says it resumed, cost
 *   and modelUsage keep adding up over the session); an unknown id fails as in the real CLI.
 *
 * Signals, as Claude Code 2.1.332 reacts to them (seen against a scripted model):
 * - SIGINT while the model "streams": an `assistant` line with the partial text and
 *   `aborted: true`, "[Request interrupted by user]", a `result` with subtype
 *   `error_during_execution`, exit 0 at once.
 * - SIGINT while the slow Bash runs: its process group is killed, the tool result says the user
 *   rejected it, "[Request interrupted by user for tool use]", an `error_during_execution`
 *   result — then the process lingers ~1.4 s before exiting 0 (as the real CLI does).
 * - SIGTERM: exit 143 with no `result` line; during the Bash, its process group is killed first
 *   and the tool result "Exit code 137" printed, and the exit follows ~1.4 s later. SIGKILL
 *   leaves the Bash's `sleep` running: only a process-tree kill cleans that up.
 *
 * Environment: ORRERY_DEMO_AGENT_SPEED (a multiplier for model and tool time, default 1; tests
 * use 20 or more), ORRERY_DEMO_AGENT_HOME (where sessions are kept; default
 * $ORRERY_HOME/demo-agent, else ~/.orrery/demo-agent).
 *
 * Plain Node ESM with no dependencies: runs on Node 20+ and under Electron with ELECTRON_RUN_AS_NODE=1.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDemoAgentArgs } from './demo-agent-args.mjs';
import { costUsd, resolveModel } from './claude-models.mjs';
import {
  assistantLine,
  initLine,
  newAgentTaskId,
  newBashTaskId,
  newMessageId,
  newRunId,
  newToolUseId,
  resultLine,
  startupErrorResultLine,
  systemLine,
  toolResultLine,
  userTextLine,
} from './claude-stream-json.mjs';
import { demoAgentHome, loadSession, saveSession, sessionDir, sessionExists } from './demo-agent-sessions.mjs';
import { writeStory } from './demo-agent-story.mjs';
import { sampleFromSchema, validateAgainstSchema } from './json-schema-sample.mjs';

/**
 * @typedef {import('./demo-agent-args.mjs').DemoAgentArgs} DemoAgentArgs
 * @typedef {import('./claude-models.mjs').ClaudeModel} ClaudeModel
 * @typedef {import('./claude-models.mjs').TokenUsage} TokenUsage
 * @typedef {import('./claude-stream-json.mjs').Line} Line
 * @typedef {import('./claude-stream-json.mjs').ContentBlock} ContentBlock
 * @typedef {import('./claude-stream-json.mjs').SubagentRef} SubagentRef
 * @typedef {import('./claude-stream-json.mjs').ModelTally} ModelTally
 * @typedef {import('./claude-stream-json.mjs').ModelMessage} ModelMessage
 * @typedef {import('./claude-stream-json.mjs').ResultFacts} ResultFacts
 * @typedef {import('./demo-agent-sessions.mjs').SessionRecord} SessionRecord
 * @typedef {import('./demo-agent-story.mjs').Story} Story
 * @typedef {import('./demo-agent-story.mjs').QuickTool} QuickTool
 * @typedef {import('./demo-agent-story.mjs').BashPlan} BashPlan
 * @typedef {import('./demo-agent-story.mjs').SubagentPlan} SubagentPlan
 * @typedef {{ ref: SubagentRef, plan: SubagentPlan, startedAt: number, toolUses: number, lastTotalTokens: number, outputFile: string, done: boolean, finished: Promise<void> }} Subagent
 * @typedef {{ child: import('node:child_process').ChildProcess, taskId: string | null, description: string }} RunningBash
 * @typedef {{ kind: 'idle' }
 *   | { kind: 'model', message: ModelMessage, responding: boolean, text: string, streamStartedAt: number, streamMs: number }
 *   | { kind: 'tool', toolUseId: string, bash: RunningBash | null }} Phase what the main agent is doing, which decides how a signal ends the run
 */

/** From process start to `init`: the real CLI's start-up time, not scaled by speed. */
const STARTUP_MS = 250;
/** How long the real CLI takes to exit after a signal stopped a running Bash command. */
const TOOL_INTERRUPT_LINGER_MS = 1400;
/** A Bash command running this long is shown as a `local_bash` task, as the real CLI does (scaled). */
const BASH_TASK_AFTER_MS = 3000;
/** How fast the model "writes": characters per second of text, and of a tool call's JSON. */
const TEXT_CHARS_PER_S = 60;
const TOOL_JSON_CHARS_PER_S = 400;
const SUBAGENT_LAUNCHED = 'Async agent launched successfully.';
const STRUCTURED_OUTPUT_OK = 'Structured output provided successfully';
const USER_REJECTED_TOOL = "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed.";
const INTERRUPTED = '[Request interrupted by user]';
const INTERRUPTED_FOR_TOOL = '[Request interrupted by user for tool use]';
const never = () => /** @type {Promise<never>} */ (new Promise(() => {}));

/** @param {string | undefined} raw */
function parseSpeed(raw) {
  if (raw === undefined || raw === '') return 1;
  const speed = Number(raw);
  if (Number.isFinite(speed) && speed > 0) return speed;
  process.stderr.write(`demo-agent: ignoring ORRERY_DEMO_AGENT_SPEED=${raw} (not a positive number); using 1\n`);
  return 1;
}

/** @param {string} text */
function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** @param {string} text */
function ede(text) {
  return `[ede_diagnostic] result_type=user last_content_type=n/a stop_reason=${text}`;
}

class DemoAgentRun {
  /**
   * @param {DemoAgentArgs} args
   * @param {{ home: string, speed: number, sessionId: string, record: SessionRecord, resumedPrompts: number }} setup
   */
  constructor(args, setup) {
    this.args = args;
    this.home = setup.home;
    this.speed = setup.speed;
    this.sessionId = setup.sessionId;
    this.record = setup.record;
    this.model = resolveModel(args.model);
    this.cwd = process.cwd();
    this.runId = newRunId();
    this.prompt = args.prompt.toLowerCase();
    // A schema-shaped request is a workflow's call: it is answered, whatever words its prompt holds
    // ("find failing tests", "look for loops"), so the built-in workflows run to the end offline.
    const steerable = args.jsonSchema === undefined;
    this.looping = steerable && /loop|forever/.test(this.prompt);
    this.story = writeStory(args.prompt, this.cwd, { resumedPrompts: setup.resumedPrompts, fail: steerable && this.prompt.includes('fail') });
    this.startedAt = Date.now();
    /** @type {number | undefined} */
    this.ttftMs = undefined;
    this.apiMs = 0;
    this.turns = 0;
    /** The context the next main-agent call reads from the prompt cache. */
    this.contextTokens = 0;
    /** @type {TokenUsage} */
    this.mainUsage = { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
    /** @type {ModelTally[]} */
    this.runTallies = [];
    /** @type {Subagent[]} */
    this.subagents = [];
    this.subagentCounts = { spawned: 0, completed: 0, failed: 0, killed: 0, byType: /** @type {Record<string, number>} */ ({}) };
    /** @type {Phase} */
    this.phase = { kind: 'idle' };
    /** Set once the run's last line is out: nothing more is printed and the story stops where it is. */
    this.finished = false;
  }

  // ── output ────────────────────────────────────────────────────────────────────────────────

  /** @param {Line} line */
  emit(line) {
    if (this.finished) return;
    if (this.args.outputFormat === 'stream-json') process.stdout.write(`${JSON.stringify(line)}\n`);
  }

  /** @param {Subagent} subagent @param {Line} line */
  emitForSubagent(subagent, line) {
    if (this.finished || subagent.done) return;
    this.emit(line);
    if (this.args.persistSession) appendFileSync(subagent.outputFile, `${JSON.stringify(line)}\n`);
  }

  /** @param {string} subtype @param {Record<string, unknown>} fields */
  system(subtype, fields) {
    return systemLine(this.sessionId, subtype, fields);
  }

  // ── time ──────────────────────────────────────────────────────────────────────────────────

  /** Model or tool time, shortened by the speed; never resolves once the run is over. @param {number} ms */
  wait(ms) {
    return new Promise((resolve) => setTimeout(() => this.finished || resolve(undefined), ms / this.speed));
  }

  /** @param {number} low @param {number} high */
  between(low, high) {
    return low + Math.floor(this.story.random() * (high - low + 1));
  }

  // ── the model ─────────────────────────────────────────────────────────────────────────────

  /**
   * What one model call costs in tokens: most of the context comes from the prompt cache, as it
   * does for Claude Code, and grows by what each call adds.
   * @param {ContentBlock[]} blocks
   * @param {Subagent | null} subagent
   * @returns {TokenUsage}
   */
  nextUsage(blocks, subagent) {
    const chars = blocks.reduce((sum, block) => sum + (block.type === 'text' ? block.text.length : JSON.stringify(block.input).length + 40), 0);
    const output = Math.ceil(chars / 3.6) + this.between(6, 30);
    const first = subagent ? subagent.lastTotalTokens === 0 : this.contextTokens === 0;
    const cacheRead = first ? this.between(subagent ? 9000 : 14000, subagent ? 11000 : 16000) : subagent ? subagent.lastTotalTokens : this.contextTokens;
    const usage = {
      input_tokens: this.between(3, 12),
      output_tokens: output,
      cache_read_input_tokens: cacheRead,
      cache_creation_input_tokens: first ? this.between(2000, 6000) : this.between(300, 1800),
    };
    const total = usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens + usage.output_tokens;
    if (subagent) subagent.lastTotalTokens = total;
    else this.contextTokens = total;
    return usage;
  }

  /** @param {TokenUsage} usage */
  spend(usage) {
    let tally = this.runTallies.find((candidate) => candidate.model.id === this.model.id);
    if (!tally) {
      tally = { model: this.model, usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 }, costUsd: 0 };
      this.runTallies.push(tally);
    }
    for (const key of /** @type {(keyof TokenUsage)[]} */ (Object.keys(usage))) tally.usage[key] += usage[key];
    tally.costUsd += costUsd(this.model, usage);
  }

  runCostUsd() {
    return this.runTallies.reduce((sum, tally) => sum + tally.costUsd, 0);
  }

  /**
   * One model response: time to first token, then each content block "streams" and is printed
   * when it is complete, as the real CLI prints them.
   * @param {ContentBlock[]} blocks
   * @param {Subagent | null} subagent
   */
  async callModel(blocks, subagent) {
    const started = Date.now();
    const message = { id: newMessageId(), usage: this.nextUsage(blocks, subagent) };
    if (!subagent) this.phase = { kind: 'model', message, responding: false, text: '', streamStartedAt: started, streamMs: 0 };
    await this.wait(this.between(700, 1800));
    if (!subagent && this.ttftMs === undefined) this.ttftMs = Date.now() - started;
    for (const block of blocks) {
      const ms = block.type === 'text' ? (block.text.length / TEXT_CHARS_PER_S) * 1000 : (JSON.stringify(block.input).length / TOOL_JSON_CHARS_PER_S) * 1000 + 150;
      if (!subagent) this.phase = { kind: 'model', message, responding: true, text: block.type === 'text' ? block.text : '', streamStartedAt: Date.now(), streamMs: ms / this.speed };
      await this.wait(ms);
      const line = assistantLine(this.sessionId, this.model, message, block, subagent?.ref ?? null);
      if (subagent) this.emitForSubagent(subagent, line);
      else this.emit(line);
    }
    this.spend(message.usage);
    this.apiMs += Date.now() - started;
    if (!subagent) {
      for (const key of /** @type {(keyof TokenUsage)[]} */ (Object.keys(message.usage))) this.mainUsage[key] += message.usage[key];
      this.phase = { kind: 'idle' };
    }
  }

  /**
   * A main-agent turn. The CLI counts the turn before it calls the model, so `--max-turns N`
   * stops the run as turn N + 1 would start.
   * @param {ContentBlock[]} blocks
   */
  async mainTurn(blocks) {
    this.turns++;
    const limit = this.args.maxTurns;
    if (limit !== undefined && this.turns > limit) {
      this.finish({ subtype: 'error_max_turns', stopReason: 'tool_use', terminalReason: 'max_turns', errors: [`Reached maximum number of turns (${limit})`], exitCode: 1 });
      return never();
    }
    await this.callModel(blocks, null);
  }

  /** After each turn's tools: the budget is checked against what the run has spent so far. */
  async checkBudget() {
    const budget = this.args.maxBudgetUsd;
    if (budget === undefined || this.runCostUsd() < budget) return;
    this.finish({ subtype: 'error_max_budget_usd', stopReason: 'tool_use', terminalReason: 'budget_exhausted', errors: [`Reached maximum budget ($${budget})`], exitCode: 1 });
    await never();
  }

  // ── tools ─────────────────────────────────────────────────────────────────────────────────

  /** @param {string} name @param {Record<string, unknown>} input @returns {ContentBlock & { type: 'tool_use' }} */
  static toolUse(name, input) {
    return { type: 'tool_use', id: newToolUseId(), name, input };
  }

  /**
   * @param {QuickTool} tool
   * @param {string} toolUseId
   * @param {Subagent | null} subagent
   */
  async runQuickTool(tool, toolUseId, subagent) {
    if (!subagent) this.phase = { kind: 'tool', toolUseId, bash: null };
    await this.wait(this.between(150, 500));
    const line = toolResultLine(this.sessionId, { tool_use_id: toolUseId, content: tool.content }, tool.toolUseResult, subagent?.ref ?? null);
    if (subagent) this.emitForSubagent(subagent, line);
    else {
      this.emit(line);
      this.phase = { kind: 'idle' };
    }
  }

  /** @param {BashPlan} plan */
  bashInput(plan) {
    const seconds = Math.max(0.05, Math.round((plan.seconds / this.speed) * 100) / 100);
    const print = `printf '%s\\n' ${shellQuote(plan.stdout)}`;
    return { command: plan.exitCode === 0 ? `sleep ${seconds} && ${print}` : `sleep ${seconds}; ${print}; exit ${plan.exitCode}`, description: plan.description };
  }

  /**
   * Runs the command for real, in its own session and process group as Claude Code runs Bash, so
   * cancelling the run means killing a real process tree.
   * @param {ContentBlock & { type: 'tool_use' }} call
   * @param {string} description
   * @returns {Promise<number>} the command's exit code
   */
  runBash(call, description) {
    const child = spawn('/bin/sh', ['-c', String(call.input.command)], { cwd: this.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {RunningBash} */
    const bash = { child, taskId: null, description };
    this.phase = { kind: 'tool', toolUseId: call.id, bash };
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const showAsTask = setTimeout(() => {
      bash.taskId = newBashTaskId();
      this.emit(this.system('task_started', { task_id: bash.taskId, run_id: this.runId, tool_use_id: call.id, description, is_backgrounded: false, task_type: 'local_bash' }));
    }, BASH_TASK_AFTER_MS / this.speed);
    return new Promise((resolve) => {
      /** @param {number} code */
      const done = (code) => {
        clearTimeout(showAsTask);
        if (this.finished) return;
        this.phase = { kind: 'idle' };
        if (bash.taskId) this.emit(this.system('task_notification', { task_id: bash.taskId, run_id: this.runId, tool_use_id: call.id, status: code === 0 ? 'completed' : 'failed', output_file: '', summary: description }));
        const text = output.trimEnd();
        this.emit(
          code === 0
            ? toolResultLine(this.sessionId, { tool_use_id: call.id, content: text, is_error: false }, { stdout: text, stderr: '', interrupted: false, isImage: false, noOutputExpected: false }, null)
            : toolResultLine(this.sessionId, { tool_use_id: call.id, content: `Exit code ${code}\n${text}`, is_error: true }, `Error: Exit code ${code}\n${text}`, null),
        );
        resolve(code);
      };
      child.on('error', (error) => {
        output += `demo-agent: cannot run /bin/sh: ${error.message}`;
        done(127);
      });
      child.on('exit', (code, signal) => done(code ?? (signal ? 128 + 9 : 1)));
    });
  }

  /** @param {RunningBash} bash */
  static killBash(bash) {
    try {
      if (bash.child.pid !== undefined) process.kill(-bash.child.pid, 'SIGKILL');
    } catch {
      bash.child.kill('SIGKILL');
    }
  }

  // ── the subagent ──────────────────────────────────────────────────────────────────────────

  /** @param {ContentBlock & { type: 'tool_use' }} call @param {SubagentPlan} plan */
  launchSubagent(call, plan) {
    const taskId = newAgentTaskId();
    const outputFile = join(sessionDir(this.home, this.sessionId), 'tasks', `${taskId}.output`);
    if (this.args.persistSession) mkdirSync(join(outputFile, '..'), { recursive: true });
    const ref = { agentId: taskId, toolUseId: call.id, subagentType: plan.subagentType, description: plan.description };
    this.emit(this.system('background_tasks_changed', { tasks: [{ task_id: taskId, run_id: this.runId, task_type: 'local_agent', subagent_type: plan.subagentType, description: plan.description }] }));
    this.emit(this.system('task_started', { task_id: taskId, run_id: this.runId, tool_use_id: call.id, description: plan.description, subagent_type: plan.subagentType, is_backgrounded: true, spawn_depth: 1, task_type: 'local_agent', prompt: plan.prompt }));
    const launched = `${SUBAGENT_LAUNCHED}\nagentId: ${taskId} (internal ID - do not mention to user.)\nThe agent is working in the background. You will be notified automatically when it completes.\noutput_file: ${outputFile}`;
    this.emit(
      toolResultLine(
        this.sessionId,
        { tool_use_id: call.id, content: [{ type: 'text', text: launched }] },
        { isAsync: true, status: 'async_launched', agentId: taskId, description: plan.description, resolvedModel: this.model.id, prompt: plan.prompt, outputFile, canReadOutputFile: true, canContinueAgent: true },
        null,
      ),
    );
    this.subagentCounts.spawned++;
    this.subagentCounts.byType[plan.subagentType] = (this.subagentCounts.byType[plan.subagentType] ?? 0) + 1;
    /** @type {Subagent} */
    const subagent = { ref, plan, startedAt: Date.now(), toolUses: 0, lastTotalTokens: 0, outputFile, done: false, finished: Promise.resolve() };
    subagent.finished = this.playSubagent(subagent);
    this.subagents.push(subagent);
  }

  /** @param {Subagent} subagent */
  progress(subagent) {
    return { total_tokens: subagent.lastTotalTokens, tool_uses: subagent.toolUses, duration_ms: Date.now() - subagent.startedAt };
  }

  /** @param {Subagent} subagent */
  async playSubagent(subagent) {
    await this.wait(this.between(200, 600));
    for (const step of subagent.plan.steps) {
      const call = DemoAgentRun.toolUse(step.tool.name, step.tool.input);
      await this.callModel(step.text ? [{ type: 'text', text: step.text }, call] : [call], subagent);
      subagent.toolUses++;
      const { ref } = subagent;
      this.emitForSubagent(subagent, this.system('task_progress', { task_id: ref.agentId, run_id: this.runId, tool_use_id: ref.toolUseId, description: step.tool.progress, subagent_type: ref.subagentType, usage: this.progress(subagent), last_tool_name: step.tool.name }));
      await this.runQuickTool(step.tool, call.id, subagent);
    }
    await this.callModel([{ type: 'text', text: subagent.plan.summary }], subagent);
    if (this.finished || subagent.done) return;
    const { ref } = subagent;
    this.emit(this.system('task_updated', { task_id: ref.agentId, run_id: this.runId, patch: { status: 'completed', end_time: Date.now() } }));
    this.emit(this.system('task_notification', { task_id: ref.agentId, run_id: this.runId, tool_use_id: ref.toolUseId, status: 'completed', output_file: subagent.outputFile, summary: subagent.plan.summary, summary_is_report: true, usage: this.progress(subagent) }));
    subagent.done = true;
    this.subagentCounts.completed++;
    this.emitBackgroundTasks();
  }

  emitBackgroundTasks() {
    const running = this.subagents.filter((subagent) => !subagent.done);
    this.emit(this.system('background_tasks_changed', { tasks: running.map(({ ref }) => ({ task_id: ref.agentId, run_id: this.runId, task_type: 'local_agent', subagent_type: ref.subagentType, description: ref.description })) }));
  }

  /** A run that ends early stops its background subagents, as the real CLI does. */
  stopSubagents() {
    const running = this.subagents.filter((subagent) => !subagent.done);
    if (running.length === 0) return;
    for (const subagent of running) {
      const { ref } = subagent;
      this.emit(this.system('task_updated', { task_id: ref.agentId, run_id: this.runId, patch: { status: 'killed', end_time: Date.now() } }));
      this.emit(this.system('task_notification', { task_id: ref.agentId, run_id: this.runId, tool_use_id: ref.toolUseId, status: 'stopped', output_file: subagent.outputFile, summary: ref.description }));
      subagent.done = true;
      this.subagentCounts.killed++;
    }
    this.emitBackgroundTasks();
    for (const { ref } of running) this.emit(userTextLine(this.sessionId, INTERRUPTED, ref));
  }

  // ── the story ─────────────────────────────────────────────────────────────────────────────

  async play() {
    await new Promise((resolve) => setTimeout(resolve, STARTUP_MS));
    this.emit(initLine({ sessionId: this.sessionId, cwd: this.cwd, model: this.model, permissionMode: this.args.permissionMode, memoryDir: join(this.home, 'memory'), withStructuredOutput: this.args.jsonSchema !== undefined }));
    const { story } = this;

    const look = DemoAgentRun.toolUse(story.quickTool.name, story.quickTool.input);
    await this.mainTurn([{ type: 'text', text: story.intro }, look]);
    await this.runQuickTool(story.quickTool, look.id, null);
    await this.checkBudget();
    if (this.looping) return this.playLoop();

    const delegate = DemoAgentRun.toolUse('Agent', { description: story.subagent.description, prompt: story.subagent.prompt, subagent_type: story.subagent.subagentType });
    await this.mainTurn([{ type: 'text', text: story.delegate }, delegate]);
    this.launchSubagent(delegate, story.subagent);
    await this.checkBudget();

    const tests = DemoAgentRun.toolUse('Bash', this.bashInput(story.tests));
    await this.mainTurn([{ type: 'text', text: story.beforeTests }, tests]);
    const exitCode = await this.runBash(tests, story.tests.description);
    await this.checkBudget();
    if (exitCode !== 0) {
      const why = story.tests.exitCode !== 0 ? 'The demo agent was told to fail: its prompt contains "fail", so its tests failed and the run ends in error.' : `The test command failed with exit code ${exitCode}.`;
      this.finish({ subtype: 'error_during_execution', stopReason: 'tool_use', terminalReason: 'error', errors: [why], exitCode: 1 });
      return;
    }

    await Promise.all(this.subagents.map((subagent) => subagent.finished));
    if (this.args.jsonSchema) await this.answerStructured(this.args.jsonSchema);
    else {
      await this.mainTurn([{ type: 'text', text: story.final }]);
      this.finish({ subtype: 'success', stopReason: 'end_turn', terminalReason: 'completed', result: story.final, exitCode: 0 });
    }
  }

  /** @param {Record<string, unknown>} schema */
  async answerStructured(schema) {
    const answer = sampleFromSchema(schema, { random: this.story.random, words: this.story.words });
    const problems = validateAgainstSchema(schema, answer);
    if (problems.length > 0) {
      this.finish({ subtype: 'error_max_structured_output_retries', stopReason: 'end_turn', terminalReason: 'completed', errors: [`The demo agent cannot make a value that matches --json-schema: ${problems.join('; ')}`], exitCode: 1 });
      return;
    }
    const call = DemoAgentRun.toolUse('StructuredOutput', /** @type {Record<string, unknown>} */ (answer));
    await this.mainTurn([call]);
    this.phase = { kind: 'tool', toolUseId: call.id, bash: null };
    await this.wait(this.between(20, 60));
    const line = toolResultLine(this.sessionId, { tool_use_id: call.id, content: STRUCTURED_OUTPUT_OK }, STRUCTURED_OUTPUT_OK, null);
    // The real CLI records StructuredOutput as accepted by config without a rule.
    this.emit({ ...line, tool_result_meta: [{ id: call.id, permission_decision: { decision: 'accept', source: 'config' } }] });
    // …and counts the turn that reads the tool's result before it notices the answer is in.
    this.turns++;
    this.finish({ subtype: 'success', stopReason: 'tool_use', terminalReason: 'completed', result: JSON.stringify(answer), structuredOutput: answer, exitCode: 0 });
  }

  /** "loop" / "forever": tool call after tool call until a signal or a limit stops the run. */
  async playLoop() {
    for (let index = 0; ; index++) {
      const step = this.story.loopStep(index);
      if ('name' in step.tool) {
        const call = DemoAgentRun.toolUse(step.tool.name, step.tool.input);
        await this.mainTurn([{ type: 'text', text: step.text }, call]);
        await this.runQuickTool(step.tool, call.id, null);
      } else {
        const call = DemoAgentRun.toolUse('Bash', this.bashInput(step.tool));
        await this.mainTurn([{ type: 'text', text: step.text }, call]);
        await this.runBash(call, step.tool.description);
      }
      await this.checkBudget();
    }
  }

  // ── the end ───────────────────────────────────────────────────────────────────────────────

  /**
   * The one way a run that prints a result ends: stop subagents, print the result, keep the
   * session, exit (after `lingerMs`, as the real CLI lingers after killing a command).
   * @param {Pick<ResultFacts, 'subtype' | 'stopReason' | 'terminalReason' | 'errors' | 'result' | 'structuredOutput'> & { exitCode: number, lingerMs?: number, numTurns?: number }} end
   */
  finish(end) {
    if (this.finished) return;
    this.stopSubagents();
    const line = resultLine({
      ...end,
      sessionId: this.sessionId,
      numTurns: end.numTurns ?? this.turns,
      durationMs: Date.now() - this.startedAt,
      durationApiMs: this.apiMs,
      ttftMs: this.ttftMs ?? 0,
      usage: this.mainUsage,
      sessionTallies: this.sessionTallies(),
      runTallies: this.runTallies,
      subagents: this.subagentCounts,
    });
    this.emit(line);
    this.finished = true;
    if (this.args.outputFormat === 'json') process.stdout.write(`${JSON.stringify(line)}\n`);
    if (this.args.outputFormat === 'text') process.stdout.write(`${end.result ?? (end.errors ?? []).join('\n')}\n`);
    this.keepSession();
    exitSoon(end.exitCode, end.lingerMs ?? 0);
  }

  /** The session's spending: what earlier runs of it spent plus this run's, per model. */
  sessionTallies() {
    /** @type {ModelTally[]} */
    const tallies = this.record.spent.map((spent) => ({ model: resolveModel(spent.model), usage: { ...spent.usage }, costUsd: spent.costUsd }));
    for (const tally of this.runTallies) {
      const earlier = tallies.find((candidate) => candidate.model.id === tally.model.id);
      if (!earlier) tallies.push({ ...tally, usage: { ...tally.usage } });
      else {
        for (const key of /** @type {(keyof TokenUsage)[]} */ (Object.keys(tally.usage))) earlier.usage[key] += tally.usage[key];
        earlier.costUsd += tally.costUsd;
      }
    }
    return tallies;
  }

  keepSession() {
    if (!this.args.persistSession) return;
    saveSession(this.home, { ...this.record, spent: this.sessionTallies().map((tally) => ({ model: tally.model.id, usage: tally.usage, costUsd: tally.costUsd })) });
  }

  interrupt() {
    if (this.finished) return;
    const { phase } = this;
    if (phase.kind === 'tool') {
      if (phase.bash) {
        DemoAgentRun.killBash(phase.bash);
        if (phase.bash.taskId) this.emit(this.system('task_notification', { task_id: phase.bash.taskId, run_id: this.runId, tool_use_id: phase.toolUseId, status: 'stopped', output_file: '', summary: phase.bash.description }));
      }
      this.emit(toolResultLine(this.sessionId, { tool_use_id: phase.toolUseId, content: USER_REJECTED_TOOL, is_error: true }, 'User rejected tool use', null));
      this.emit(userTextLine(this.sessionId, INTERRUPTED_FOR_TOOL, null));
      this.finish({ subtype: 'error_during_execution', stopReason: 'tool_use', terminalReason: 'aborted_tools', errors: [ede('tool_use')], exitCode: 0, numTurns: this.turns + 2, lingerMs: phase.bash ? TOOL_INTERRUPT_LINGER_MS : 0 });
      return;
    }
    if (phase.kind === 'model' && phase.responding) {
      const shown = Math.floor(phase.text.length * Math.min(1, (Date.now() - phase.streamStartedAt) / Math.max(1, phase.streamMs)));
      if (shown > 0) this.emit(assistantLine(this.sessionId, this.model, phase.message, { type: 'text', text: phase.text.slice(0, shown) }, null, { aborted: true }));
      // The response had begun, so it is paid for: in modelUsage and the cost, not in the run's usage (as the real CLI reports it).
      this.spend({ ...phase.message.usage, output_tokens: Math.ceil(shown / 3.6) + 1 });
    }
    this.emit(userTextLine(this.sessionId, INTERRUPTED, null));
    this.finish({ subtype: 'error_during_execution', stopReason: null, terminalReason: 'aborted_streaming', errors: [ede('null')], exitCode: 0, numTurns: this.turns + 1 });
  }

  terminate() {
    if (this.finished) process.exit(143);
    const { phase } = this;
    const bash = phase.kind === 'tool' ? phase.bash : null;
    if (bash && phase.kind === 'tool') {
      DemoAgentRun.killBash(bash);
      if (bash.taskId) this.emit(this.system('task_notification', { task_id: bash.taskId, run_id: this.runId, tool_use_id: phase.toolUseId, status: 'stopped', output_file: '', summary: bash.description }));
      this.emit(toolResultLine(this.sessionId, { tool_use_id: phase.toolUseId, content: 'Exit code 137', is_error: true }, 'Error: Exit code 137', null));
    }
    this.finished = true;
    this.keepSession();
    exitSoon(143, bash ? TOOL_INTERRUPT_LINGER_MS : 0);
  }

  /** Stdout went away (the reader closed it): stop the command and leave quietly. */
  abandon() {
    if (this.phase.kind === 'tool' && this.phase.bash) DemoAgentRun.killBash(this.phase.bash);
    this.finished = true;
    process.exit(1);
  }
}

/**
 * Exits once stdout has flushed (where pipes are asynchronous), after `lingerMs`.
 * @param {number} code
 * @param {number} lingerMs
 */
function exitSoon(code, lingerMs) {
  setTimeout(() => process.stdout.write('', () => process.exit(code)), lingerMs);
}

/** @param {string} message @param {number} code */
function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exitCode = code;
}

function main() {
  const parsed = parseDemoAgentArgs(process.argv.slice(2));
  if (!parsed.ok) return fail(parsed.error);
  for (const warning of parsed.warnings) process.stderr.write(`${warning}\n`);
  const { args } = parsed;
  const home = demoAgentHome(process.env);
  const speed = parseSpeed(process.env.ORRERY_DEMO_AGENT_SPEED);

  /** @type {SessionRecord} */
  let record;
  let resumedPrompts = 0;
  if (args.resume !== undefined) {
    const earlier = loadSession(home, args.resume);
    if (!earlier) {
      const message = `No conversation found with session ID: ${args.resume}`;
      if (args.outputFormat !== 'text') process.stdout.write(`${JSON.stringify(startupErrorResultLine(args.resume, message))}\n`);
      return fail(message);
    }
    resumedPrompts = earlier.prompts.length;
    const sessionId = args.forkSession ? args.sessionId ?? randomUUID() : earlier.sessionId;
    record = args.forkSession ? { sessionId, cwd: process.cwd(), prompts: [...earlier.prompts, args.prompt], spent: [] } : { ...earlier, prompts: [...earlier.prompts, args.prompt] };
  } else {
    if (args.sessionId !== undefined && sessionExists(home, args.sessionId)) return fail(`Error: Session ID ${args.sessionId} is already in use.`);
    record = { sessionId: args.sessionId ?? randomUUID(), cwd: process.cwd(), prompts: [args.prompt], spent: [] };
  }
  if (args.persistSession) saveSession(home, record);

  const run = new DemoAgentRun(args, { home, speed, sessionId: record.sessionId, record, resumedPrompts });
  process.on('SIGINT', () => run.interrupt());
  process.on('SIGTERM', () => run.terminate());
  process.stdout.on('error', () => run.abandon());
  run.play().catch((/** @type {unknown} */ error) => {
    process.stderr.write(`demo-agent: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    run.finish({ subtype: 'error_during_execution', stopReason: null, terminalReason: 'error', errors: [String(error)], exitCode: 1 });
  });
}

main();
