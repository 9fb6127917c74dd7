// The hook's state rules over whole sessions, fed the payloads the real Claude Code 2.1.332 sent
// (test/fixtures/agent-clis/claude-hooks-*.jsonl, recorded against the scripted model), with
// their transcript paths pointed at transcripts written here in the CLI's line shape.
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareHook } from '../../../../resources/hooks/claude-hook-run.mjs';
import { holdSessionState, stateDirectory } from '../../../../resources/hooks/hook-state.mjs';
import { validateEvent } from '../../../../src-shared/events/event-schema';

type Payload = Record<string, unknown>;
type Event = Record<string, unknown>;

const FIXTURES = join(__dirname, '../../../fixtures/agent-clis');
const NOW = 1_796_000_000_000;
const PROCESS = { pid: 4321, pid_start: '777', host: 'test-host' };

function recorded(name: string): Payload[] {
  return readFileSync(join(FIXTURES, `claude-hooks-${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Payload);
}

let home: string;
let env: NodeJS.ProcessEnv;
let transcript: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'orrery-hook-run-'));
  env = { ORRERY_HOME: join(home, 'orrery') };
  transcript = join(home, 'projects', 'work', 'session.jsonl');
  mkdirSync(dirname(transcript), { recursive: true });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** One hook call as the entry script makes it: prepare, (append), commit. */
function hook(payload: Payload): Event[] {
  const prepared = prepareHook({ ...payload, transcript_path: transcript, ...(payload.agent_transcript_path !== undefined && { agent_transcript_path: subagentTranscript(String(payload.agent_id)) }) }, { env, now: NOW, findProcess: () => PROCESS });
  for (const event of prepared.events) expect(validateEvent(event), JSON.stringify(event)).toMatchObject({ ok: true });
  prepared.commit();
  return prepared.events;
}

function subagentTranscript(agentId: string): string {
  return join(dirname(transcript), 'session', 'subagents', `agent-${agentId}.jsonl`);
}

function assistant(file: string, id: string, model: string, input: number, output: number, sidechain = false): void {
  mkdirSync(dirname(file), { recursive: true });
  const message = { id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'ok' }], usage: { input_tokens: input, output_tokens: output, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } };
  appendFileSync(file, `${JSON.stringify({ parentUuid: null, isSidechain: sidechain, message, type: 'assistant' })}\n`);
}

const summary = (events: Event[]) => events.map((event) => `${event.type}${event.status ? `:${event.status}` : ''}${event.outcome ? `:${event.outcome}` : ''}@${event.parent_id === undefined ? 'session' : 'subagent'}`);

describe('prepareHook over recorded sessions', () => {
  it('a headless run that finished: spawned with its process, tool call with duration, idle, then ended as a success', () => {
    const events = recorded('tool-call').flatMap(hook);
    expect(summary(events)).toEqual(['agent_spawn@session', 'status:running@session', 'tool_use@session', 'tool_result@session', 'status:idle@session', 'agent_done:success@session']);
    expect(events[0]).toMatchObject(PROCESS);
    expect(events[3]).toMatchObject({ duration_ms: 24 });
    expect(readdirSync(stateDirectory(env))).toEqual([]); // SessionEnd removed the state
  });

  it("a background subagent: its tool calls hang from it, the main agent's Stop with the task running leaves the session running", () => {
    const events = recorded('subagent').flatMap(hook);
    const sessionId = String(events[0]?.agent_id);
    const statuses = events.filter((event) => event.type === 'status' || event.type === 'agent_done').map((event) => `${String(event.status ?? event.outcome)}@${event.agent_id === sessionId ? 'session' : 'subagent'}`);
    // No idle between the spawn of the subagent and its end: the first Stop listed it as running.
    expect(statuses).toEqual(['running@session', 'success@subagent', 'running@session', 'idle@session', 'success@session']);
    const subagentCalls = events.filter((event) => event.type === 'tool_use' && event.tool === 'Bash');
    expect(subagentCalls).toHaveLength(1);
    expect(subagentCalls[0]).toMatchObject({ agent_id: 'a7364436dab111684', parent_id: sessionId, name: 'general-purpose' });
  });

  it('a run interrupted during its turn (SIGINT: SessionStart, UserPromptSubmit, SessionEnd "other", seen) ends cancelled', () => {
    const [start, prompt, , , , end] = recorded('tool-call') as [Payload, Payload, Payload, Payload, Payload, Payload];
    const events = [start, prompt, end].flatMap(hook);
    expect(events.at(-1)).toMatchObject({ type: 'agent_done', outcome: 'cancelled', error: 'interrupted: the session ended (other) during a turn' });
  });

  it('a permission prompt: waiting with the message until the tool call returns, then running, then idle', () => {
    const [start, prompt, pre, post, stop, end] = recorded('tool-call') as [Payload, Payload, Payload, Payload, Payload, Payload];
    const notification = { ...stop, hook_event_name: 'Notification', message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' };
    const events = [start, prompt, pre, notification, post, stop, end].flatMap(hook);
    expect(events.filter((event) => event.type === 'status').map((event) => [event.status, event.details])).toEqual([
      ['running', undefined],
      ['waiting', { waiting_for: 'Claude needs your permission to use Bash' }],
      ['running', { waiting_for: null }],
      ['idle', undefined],
    ]);
    expect(events.at(-1)).toMatchObject({ outcome: 'success' });
  });
});

describe('prepareHook reading transcripts', () => {
  it('reports the tokens each call finds, on the agent whose transcript it is, each message once', () => {
    const payloads = recorded('subagent');
    const main = (name: string) => payloads.find((payload) => payload.hook_event_name === name && payload.agent_id === undefined) as Payload;
    const [start, pre, post, stop, end] = ['SessionStart', 'PreToolUse', 'PostToolUse', 'Stop', 'SessionEnd'].map(main) as [Payload, Payload, Payload, Payload, Payload];
    const session = String(start.session_id);
    expect(hook(start).filter((event) => event.type === 'usage')).toEqual([]);
    hook(main('UserPromptSubmit'));
    assistant(transcript, 'msg_1', 'claude-opus-4-5', 100, 10);
    assistant(transcript, 'msg_1', 'claude-opus-4-5', 100, 10);
    const atTool = hook(pre);
    expect(atTool.filter((event) => event.type === 'usage')).toEqual([{ v: 1, ts: NOW, agent_id: session, session_id: session, source: 'claude-code', type: 'usage', model: 'claude-opus-4-5', tokens_in: 100, tokens_out: 10, cache_read: 0, cache_write: 0 }]);
    expect(atTool.map((event) => event.type)).toEqual(['usage', 'tool_use']);
    // The subagent starts; its messages go to its own transcript and count on it.
    const subagentPayloads = payloads.filter((payload) => payload.agent_id !== undefined);
    hook(subagentPayloads[0] as Payload); // SubagentStart
    assistant(subagentTranscript('a7364436dab111684'), 'msg_s1', 'claude-haiku-4-5', 20, 2, true);
    const inSubagent = hook(subagentPayloads[1] as Payload); // its PreToolUse
    expect(inSubagent.filter((event) => event.type === 'usage')).toMatchObject([{ agent_id: 'a7364436dab111684', parent_id: session, model: 'claude-haiku-4-5', tokens_in: 20 }]);
    expect(hook(post).filter((event) => event.type === 'usage')).toEqual([]);
    hook(stop);
    // Killed with the session: the subagent's last message is still counted at SessionEnd, before the end.
    assistant(subagentTranscript('a7364436dab111684'), 'msg_s2', 'claude-haiku-4-5', 5, 5, true);
    assistant(transcript, 'msg_2', 'claude-opus-4-5', 1, 1);
    const atEnd = hook(end);
    expect(atEnd.map((event) => `${event.type}@${event.agent_id === session ? 'session' : 'subagent'}`)).toEqual(['usage@session', 'usage@subagent', 'agent_done@session']);
  });

  it('a resumed session counts only what happens after it resumed, and knows its model from the transcript at once', () => {
    assistant(transcript, 'msg_old', 'claude-sonnet-4-5', 5000, 500);
    const [start, prompt, pre] = recorded('tool-call') as [Payload, Payload, Payload];
    const spawn = hook({ ...start, source: 'resume' });
    expect(spawn).toEqual([expect.objectContaining({ type: 'agent_spawn', model: 'claude-sonnet-4-5' })]);
    hook(prompt);
    assistant(transcript, 'msg_new', 'claude-sonnet-4-5', 7, 3);
    expect(hook(pre).filter((event) => event.type === 'usage')).toMatchObject([{ tokens_in: 7, tokens_out: 3 }]);
  });

  it('a call that cannot get the session state (a parallel call holds it) still writes its own events', () => {
    const [start, prompt, pre] = recorded('tool-call') as [Payload, Payload, Payload];
    hook(start);
    hook(prompt);
    const holder = holdSessionState(env, String(start.session_id));
    assistant(transcript, 'msg_1', 'claude-opus-4-5', 1, 1);
    expect(hook(pre).map((event) => event.type)).toEqual(['tool_use']);
    holder?.release();
    expect(hook(pre).map((event) => event.type)).toEqual(['usage', 'tool_use']);
  });

  it('an abandoned call (its journal could not be written) leaves the cursor where it was', () => {
    const [start, prompt, pre] = recorded('tool-call') as [Payload, Payload, Payload];
    hook(start);
    hook(prompt);
    assistant(transcript, 'msg_1', 'claude-opus-4-5', 1, 1);
    const lost = prepareHook({ ...pre, transcript_path: transcript }, { env, now: NOW });
    expect(lost.events.map((event) => event.type)).toEqual(['usage', 'tool_use']);
    lost.abandon();
    expect(hook(pre).map((event) => event.type)).toEqual(['usage', 'tool_use']);
  });

  it('an unusable data directory costs the state, not the events, and says why', () => {
    const warnings: string[] = [];
    const [start] = recorded('tool-call') as [Payload];
    const prepared = prepareHook(start, { env: { ORRERY_HOME: '/proc/orrery-nope' }, now: NOW, findProcess: () => undefined, warn: (message) => warnings.push(message) });
    expect(prepared.events.map((event) => event.type)).toEqual(['agent_spawn']);
    expect(warnings).toEqual([expect.stringMatching(/^hook state not used: /)]);
  });
});
