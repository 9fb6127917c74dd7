// Orrery's Claude Code hook, installed by Orrery's installer into a private HOME, under the real
// Claude Code CLI (the pinned install from test/support/agent-clis/install.sh). Only the model is
// simulated: test/support/scripted-model answers the CLI's API calls. The CLI's tool loop, its
// Bash tool, its subagents, its transcripts, its permission prompt and its hooks are all real;
// the journal the hook writes is read back the way Orrery reads it (validated, costs estimated on
// ingest, folded into LiveState).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventIngest } from '../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../src-main/core/events/event-repository';
import { createJournalTailer } from '../../../src-main/core/events/journal-tailer';
import { SqliteOffsetStore } from '../../../src-main/core/events/sqlite-offset-store';
import { installHooks } from '../../../src-main/core/hooks/claude-hooks-installer';
import { withEstimatedCosts } from '../../../src-main/core/hooks/usage-cost-estimate';
import { hangUpLadder, startTimeOf, terminateProcessTree } from '../../../src-main/core/process/process-tree';
import { openStore } from '../../../src-main/core/store/database';
import { parseEvent, type OrreryEvent } from '../../../src-shared/events/event-schema';
import { LiveState } from '../../../src-shared/events/live-state';
import { claudeBin } from '../../support/agent-clis/cli-paths';
import { claudeArgs, claudeEnv } from '../../support/agent-clis/run-claude';
import { makeSandbox, type Sandbox } from '../../support/agent-clis/sandbox';
import { spawnCli, type CliRun, type JsonLine } from '../../support/agent-clis/spawn-cli';
import { backgroundSubagent, commandThenAnswer, slowStream, startScriptedModel, type Script, type ScriptedModel } from '../../support/scripted-model/index';

const HOOK_SCRIPT = join(__dirname, '../../../resources/hooks/orrery-claude-hook.mjs');
const PROMPT = 'Do what the scripted model says.';

beforeAll(() => {
  claudeBin(); // Fails here, naming install.sh, when the CLI is not installed.
});

let sandbox: Sandbox | undefined;
let model: ScriptedModel | undefined;
let run: CliRun | undefined;
let terminal: IPty | undefined;
afterEach(async () => {
  await run?.killTree();
  if (terminal !== undefined) await terminateProcessTree(terminal.pid, true, { ladder: hangUpLadder(500) });
  await model?.close();
  sandbox?.remove();
  [sandbox, model, run, terminal] = [undefined, undefined, undefined, undefined];
});

interface Place {
  sandbox: Sandbox;
  model: ScriptedModel;
  env: NodeJS.ProcessEnv;
  journal: string;
}

/** A private HOME with Orrery's hooks installed as `orrery hooks install` writes them, and a private Orrery data directory. */
async function prepare(script: Script): Promise<Place> {
  sandbox = makeSandbox('claude-hooks');
  model = await startScriptedModel(script);
  installHooks(join(sandbox.home, '.claude', 'settings.json'), { hookScript: HOOK_SCRIPT });
  const orreryHome = join(sandbox.home, 'orrery-data');
  return { sandbox, model, env: { ...claudeEnv(sandbox.home, model.url), ORRERY_HOME: orreryHome }, journal: join(orreryHome, 'events.jsonl') };
}

function journalEvents(journal: string): OrreryEvent[] {
  if (!existsSync(journal)) return [];
  return readFileSync(journal, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = parseEvent(line);
      if (!parsed.ok) throw new Error(`the hook wrote an invalid event (${parsed.detail}): ${line}`);
      return parsed.event;
    });
}

/** What Orrery shows: the journal's events, priced on ingest, folded into the live state. */
function fold(events: OrreryEvent[]): LiveState {
  const state = new LiveState({ lingerMs: LINGER_MS });
  state.applyBatch(withEstimatedCosts(events));
  return state;
}

/** Long enough for a finished agent to still be there when the test looks. */
const LINGER_MS = 10 * 60_000;

/** The journal read the way Orrery reads it: tailed, ingested into SQLite, reduced into LiveState. */
async function ingestLikeOrrery(place: Place): Promise<{ liveState: LiveState; stored: OrreryEvent[] }> {
  const store = openStore(join(place.sandbox.home, 'orrery.db'));
  const repository = new EventRepository(store.db);
  const offsets = new SqliteOffsetStore(store.db);
  const liveState = new LiveState({ lingerMs: LINGER_MS });
  const ingest = createEventIngest({ db: store.db, repository, offsets, liveState });
  const errors: unknown[] = [];
  const tailer = createJournalTailer({ sources: [place.journal], offsets, onBatch: (batch) => ingest.ingestJournalBatch(batch), onError: (error) => errors.push(error), pollIntervalMs: 50 });
  try {
    const expected = journalEvents(place.journal).length;
    const deadline = Date.now() + 10_000;
    while (liveState.counters().events < expected && errors.length === 0 && Date.now() < deadline) await sleep(20);
    expect(errors).toEqual([]);
    return { liveState, stored: repository.recentSince(0, 10_000) };
  } finally {
    await tailer.close();
    store.db.close();
  }
}

async function waitForEvent(journal: string, predicate: (event: OrreryEvent) => boolean, what: string, timeoutMs = 20_000): Promise<OrreryEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = journalEvents(journal).find(predicate);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} in the journal after ${timeoutMs} ms:\n${existsSync(journal) ? readFileSync(journal, 'utf8') : '(no journal)'}`);
    await sleep(100);
  }
}

function headless(place: Place, prompt = PROMPT): CliRun {
  run = spawnCli(claudeBin(), claudeArgs(prompt), { cwd: place.sandbox.cwd, env: place.env, timeoutMs: 40_000 });
  return run;
}

type ModelUsage = Record<string, { inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheCreationInputTokens: number }>;

/** Claude Code's own token count for the whole run, subagents included: its last `result` line. */
function claudesOwnCount(cli: CliRun): { model: string; tokens: [number, number, number, number] } {
  const result = cli.lines.findLast((line: JsonLine) => line.type === 'result');
  const [[name, usage]] = Object.entries((result?.modelUsage ?? {}) as ModelUsage) as [[string, ModelUsage[string]]];
  return { model: name, tokens: [usage.inputTokens, usage.outputTokens, usage.cacheReadInputTokens, usage.cacheCreationInputTokens] };
}

const tokensOf = (agents: ReadonlyArray<{ tokensIn: number; tokensOut: number; cacheRead: number; cacheWrite: number }>) =>
  agents.reduce<[number, number, number, number]>((sum, agent) => [sum[0] + agent.tokensIn, sum[1] + agent.tokensOut, sum[2] + agent.cacheRead, sum[3] + agent.cacheWrite], [0, 0, 0, 0]);

describe('the Orrery hook under the real claude CLI (scripted model)', () => {
  it('a finished headless run ends as a success, with its model, tokens as Claude Code counted them, an estimated cost, and the claude process', async () => {
    const place = await prepare(commandThenAnswer('echo scripted-tool-call-ok'));
    const cli = headless(place);
    const startTime = await startTimeOf(cli.pid);
    const exit = await cli.exited;
    expect(exit.code, exit.stderr).toBe(0);

    const events = journalEvents(place.journal);
    const spawn = events.find((event) => event.type === 'agent_spawn');
    expect(spawn).toMatchObject({ pid: cli.pid, pid_start: startTime, host: hostname() });
    const sessionId = String(spawn?.agent_id);
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ ok: true, duration_ms: expect.any(Number) });

    const own = claudesOwnCount(cli);
    const { liveState, stored } = await ingestLikeOrrery(place);
    const session = liveState.agent(sessionId);
    expect(session).toMatchObject({ outcome: 'success', model: own.model, toolCalls: 1 });
    expect(tokensOf(session ? [session] : [])).toEqual(own.tokens);
    expect(session?.costUsd).toBeGreaterThan(0);
    const usage = stored.filter((event) => event.type === 'usage');
    expect(usage.length).toBeGreaterThan(0);
    expect(usage.every((event) => event.cost_estimated === true && (event.cost_usd ?? 0) > 0)).toBe(true);
  });

  it("a background subagent's tool calls hang from the subagent, and the session stays running until its work is done", async () => {
    const place = await prepare(backgroundSubagent('echo scripted-subagent-ok'));
    const cli = headless(place);
    const exit = await cli.exited;
    expect(exit.code, exit.stderr).toBe(0);

    const events = journalEvents(place.journal);
    const sessionId = String(events.find((event) => event.type === 'agent_spawn' && event.parent_id === undefined)?.agent_id);
    const subagentSpawn = events.find((event) => event.type === 'agent_spawn' && event.parent_id === sessionId);
    const subagentId = String(subagentSpawn?.agent_id);
    expect(events.filter((event) => event.type === 'tool_use' && event.tool === 'Bash')).toEqual([expect.objectContaining({ agent_id: subagentId, parent_id: sessionId })]);
    // The main agent stopped with the subagent still at work: no idle before the subagent ended.
    const subagentDone = events.findIndex((event) => event.type === 'agent_done' && event.agent_id === subagentId);
    expect(events.slice(0, subagentDone).filter((event) => event.agent_id === sessionId && event.type === 'status' && event.status !== 'running')).toEqual([]);

    const state = fold(events);
    const [session, subagent] = [state.agent(sessionId), state.agent(subagentId)];
    expect(session).toMatchObject({ outcome: 'success', toolCalls: 1 });
    expect(subagent).toMatchObject({ outcome: 'success', parentId: sessionId, toolCalls: 1, name: 'general-purpose' });
    expect(subagent?.tokensIn).toBeGreaterThan(0);
    const own = claudesOwnCount(cli);
    expect(tokensOf([session, subagent].filter((agent) => agent !== undefined))).toEqual(own.tokens);
  });

  it('SIGINT while the model streams: the session ends cancelled, as the interruption it is', async () => {
    const place = await prepare(slowStream(8));
    const cli = headless(place);
    await place.model.waitForRequest((request) => request.api === 'anthropic' && (request.body as { stream?: boolean }).stream === true);
    await sleep(500);
    cli.child.kill('SIGINT');
    await cli.exited;
    const done = await waitForEvent(place.journal, (event) => event.type === 'agent_done', 'agent_done');
    expect(done).toMatchObject({ outcome: 'cancelled', error: expect.stringContaining('interrupted') });
  });

  it('interactive claude in a PTY: a permission prompt shows waiting with its message; approving runs it again; /exit ends it as a success', async () => {
    // `touch` needs permission in the default mode (`echo` is read-only and would just run).
    const place = await prepare(commandThenAnswer('touch made-by-agent.txt && echo needs-permission'));
    // What a first interactive start would ask a person: onboarding, the custom API key, trust in the folder.
    writeFileSync(
      join(place.sandbox.home, '.claude.json'),
      JSON.stringify({
        hasCompletedOnboarding: true,
        theme: 'dark',
        customApiKeyResponses: { approved: [String(place.env.ANTHROPIC_API_KEY).slice(-20)], rejected: [] },
        projects: { [place.sandbox.cwd]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true } },
      }),
    );
    let screen = '';
    terminal = spawnPty(claudeBin(), ['--permission-mode', 'default', PROMPT], { cwd: place.sandbox.cwd, env: place.env as Record<string, string>, cols: 120, rows: 40, name: 'xterm-256color' });
    terminal.onData((data) => {
      screen += data;
    });
    const pty = terminal;

    const waiting = await waitForEvent(place.journal, (event) => event.type === 'status' && event.status === 'waiting', 'waiting status', 30_000);
    expect(waiting.details).toEqual({ waiting_for: expect.stringContaining('permission') });
    expect(journalEvents(place.journal).some((event) => event.type === 'log' && event.message.includes('permission'))).toBe(true);
    const sessionId = waiting.agent_id;
    expect(fold(journalEvents(place.journal)).agent(sessionId)).toMatchObject({ status: 'waiting', details: { waiting_for: waiting.details?.waiting_for } });
    expect(existsSync(join(place.sandbox.cwd, 'made-by-agent.txt'))).toBe(false);

    pty.write('\r'); // "1. Yes"
    await waitForEvent(place.journal, (event) => event.type === 'status' && event.status === 'idle', 'idle status after the answer');
    expect(existsSync(join(place.sandbox.cwd, 'made-by-agent.txt'))).toBe(true);
    const afterAnswer = journalEvents(place.journal);
    const waitedAt = afterAnswer.findIndex((event) => event.type === 'status' && event.status === 'waiting');
    expect(afterAnswer.slice(waitedAt + 1).find((event) => event.type === 'status')).toMatchObject({ status: 'running', details: { waiting_for: null } });
    expect(fold(afterAnswer).agent(sessionId)).toMatchObject({ status: 'idle' });

    pty.write('/exit');
    await sleep(300);
    pty.write('\r');
    const done = await waitForEvent(place.journal, (event) => event.type === 'agent_done', 'agent_done', 20_000);
    expect(done, screen.slice(-2000)).toMatchObject({ outcome: 'success', details: { end_reason: 'prompt_input_exit' } });
    expect(journalEvents(place.journal).find((event) => event.type === 'agent_spawn')).toMatchObject({ pid: pty.pid, host: hostname() });
  }, 60_000);
});
