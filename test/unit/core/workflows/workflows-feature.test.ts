import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src-shared/api/api-error';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { LiveState } from '../../../../src-shared/events/live-state';
import { workflowsContract } from '../../../../src-shared/workflows/workflows-contract';
import type { WorkflowChange, WorkflowRunDetail, WorkflowRunInfo } from '../../../../src-shared/workflows/workflows-contract';
import { createApiServer } from '../../../../src-main/core/api/api-server';
import type { ApiServer } from '../../../../src-main/core/api/api-server';
import { createEventIngest } from '../../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../../src-main/core/events/sqlite-offset-store';
import { openStore } from '../../../../src-main/core/store/database';
import type { OpenedStore } from '../../../../src-main/core/store/database';
import { createWorkflowsFeature } from '../../../../src-main/core/workflows/workflows-feature';
import type { WorkflowsFeature } from '../../../../src-main/core/workflows/workflows-feature';
import { workflowCommand } from '../../../../src-main/cli/workflow-command';
import type { WorkflowCliHost } from '../../../../src-main/cli/workflow-command';
import { testContext } from '../../cli/cli-test-context';
import { FakePort, heldAnswers, workflowSource } from './engine-harness';

/** The feature through a real api server over its contract: validation, errors, streams, card actions, the CLI. */

let dir: string;
let store: OpenedStore;
let liveState: LiveState;
let feature: WorkflowsFeature;
let server: ApiServer;
let port: FakePort;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orrery-wf-feature-'));
  store = openStore(join(dir, 'data', 'orrery.db'));
  liveState = new LiveState();
  const ingest = createEventIngest({ db: store.db, repository: new EventRepository(store.db), offsets: new SqliteOffsetStore(store.db), liveState });
  port = new FakePort();
  mkdirSync(join(dir, 'project', '.claude', 'workflows'), { recursive: true });
  feature = createWorkflowsFeature({
    db: store.db,
    emit: (events: readonly OrreryEvent[], alongside?: () => void) => ingest.ingestEvents(events, alongside),
    port,
    dataDir: join(dir, 'data'),
    resourcesDir: join(__dirname, '../../../../resources'),
    homeDir: join(dir, 'home'),
    defaultCwd: join(dir, 'project'),
    defaultProfileId: 'demo',
    cpuCount: 8,
  });
  server = createApiServer(workflowsContract, feature.handlers.methods, feature.handlers.streams, { onInternalError: (error) => console.error(error) });
});

afterEach(async () => {
  await feature.dispose();
  store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, source: string): string {
  const path = join(dir, 'project', '.claude', 'workflows', `${name}.js`);
  writeFileSync(path, source);
  return path;
}

const host: WorkflowCliHost = {
  async call(method, input) {
    const outcome = await server.call(method, input);
    if (!outcome.ok) throw ApiError.fromShape(outcome.error);
    return outcome.value;
  },
  subscribe: (stream, input, onItem, onEnd) => server.subscribe(stream, input, onItem, (error) => onEnd?.(error)),
};

describe('the api', () => {
  it('validates arguments and names what is missing', async () => {
    await expect(host.call('workflows.start', {})).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringMatching(/nameOrPath/) });
    await expect(host.call('workflows.start', { nameOrPath: 'x', budgetTokens: -1 })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(host.call('workflows.get', { runId: 'nope' })).rejects.toMatchObject({ code: 'not_found', message: 'There is no workflow run nope' });
    await expect(host.call('workflows.start', { nameOrPath: 'nothing-by-this-name' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/^There is no workflow named "nothing-by-this-name"/) });
    write('broken', `export const meta = { name: 'broken' };`);
    await expect(host.call('workflows.start', { nameOrPath: 'broken' })).rejects.toMatchObject({ code: 'failed_precondition', message: expect.stringMatching(/broken\.js:1: meta\.description must be a non-empty string$/) });
  });

  it('streams the changes of a run: the run, its calls and its log, filtered by run id', async () => {
    write('flow', workflowSource(`log('go'); return await agent('a');`));
    const changes: WorkflowChange[] = [];
    const stop = server.subscribe('workflows.changes', {}, (item) => changes.push(item as WorkflowChange), () => undefined);
    const started = (await host.call('workflows.start', { nameOrPath: 'test-flow' })) as WorkflowRunInfo;
    await feature.engine.settled(started.id);
    stop();
    expect(changes.map((change) => change.kind)).toEqual(expect.arrayContaining(['run', 'agent', 'log']));
    expect(changes.every((change) => (change.kind === 'run' ? change.run.id : change.runId) === started.id)).toBe(true);
    expect(changes.at(-1)).toMatchObject({ kind: 'run', run: { state: 'done', outcome: 'success', result: 'answer to a' } });
    const runs = (await host.call('workflows.runs', { activeOnly: false })) as WorkflowRunInfo[];
    expect(runs.map((run) => run.id)).toEqual([started.id]);
  });
});

describe('actions on the workflow node', () => {
  it('cancels a running workflow from its node, then offers resume and reset', async () => {
    const held = heldAnswers();
    port.answer = held.answer;
    write('flow', workflowSource(`return [await agent('a'), await agent('b')];`));
    const started = await feature.engine.start({ nameOrPath: 'test-flow' });
    while (held.held() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const node = liveState.agent(started.agentId);
    if (node === undefined) throw new Error('the workflow has no node');
    expect(feature.actionProvider.owns(node)).toBe(true);
    expect(await feature.actionProvider.actions(node)).toMatchObject({ cancel: { available: true }, resume: { available: false } });
    expect(await feature.actionProvider.cancel(node)).toEqual({ agentId: started.agentId, message: 'cancelled after 1 agent() call' });
    const ended = liveState.agent(started.agentId) ?? node;
    expect(await feature.actionProvider.actions(ended)).toMatchObject({ cancel: { available: false }, resume: { available: true }, reset: { available: true } });

    port.answer = (call) => ({ outcome: 'success', text: call.prompt, tokensOut: 1, runId: '' });
    expect((await feature.actionProvider.resume(ended, '')).message).toMatch(/^resumed \(attempt 2\)/);
    expect((await feature.engine.settled(started.id)).result).toEqual(['a', 'b']);
    const reset = await feature.actionProvider.reset(ended);
    expect(reset.agentId).not.toBe(started.agentId);
  });
});

describe('orrery workflow', () => {
  it('ls lists every workflow with its source, broken and shadowed ones included', async () => {
    write('deep-research', workflowSource(`return 1;`, "{ name: 'deep-research', description: 'my own deep research' }"));
    write('typo', `export const meta = { name: 'typo', description: 'd' };\nawait agent('a'`);
    const io = testContext();
    io.cwd = join(dir, 'project');
    expect(await workflowCommand(['ls'], io, host)).toBe(0);
    const lines = io.out.split('\n');
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^ {2}deep-research +project-claude +my own deep research$/), expect.stringMatching(/^· deep-research +built-in +Researches a question.*\(shadowed by .*project\/\.claude\/workflows\/deep-research\.js\)$/), expect.stringMatching(/^✗ typo +project-claude +cannot run: .*typo\.js:2: SyntaxError: /), expect.stringMatching(/^ {2}review-changes +built-in/)]));
    const json = testContext();
    json.cwd = io.cwd;
    await workflowCommand(['ls', '--json'], json, host);
    expect((JSON.parse(json.out) as { name: string }[]).map((entry) => entry.name)).toEqual(['deep-research', 'typo', 'deep-research', 'review-changes']);
  });

  it('run streams progress to stderr, prints the result as JSON and exits by outcome', async () => {
    write('flow', workflowSource(`phase('Work'); log('starting'); return { got: await agent('a', { label: 'worker' }), args };`));
    const io = testContext();
    io.cwd = join(dir, 'project');
    expect(await workflowCommand(['run', 'test-flow', '--args', '{"n": 1}', '--budget-tokens', '100'], io, host)).toBe(0);
    expect(JSON.parse(io.out)).toEqual({ got: 'answer to a', args: { n: 1 } });
    expect(io.err).toMatch(/^workflow test-flow: run [0-9a-f]{12}\n/);
    expect(io.err).toContain('  · starting\n');
    expect(io.err).toMatch(/ {2}✓ worker \(\d+\.\d s, 10 tokens\)\n/);
    expect(io.err).toMatch(/workflow test-flow: success in \d+\.\d s; 1 agent call, 0 from the journal; 10 output tokens\n$/);

    write('fails', workflowSource(`await agent('a');\nthrow new Error('nope');`, "{ name: 'fails', description: 'd' }"));
    const failing = testContext();
    failing.cwd = io.cwd;
    expect(await workflowCommand(['run', 'fails'], failing, host)).toBe(1);
    expect(failing.err).toMatch(/error: nope \(.*fails\.js:3\)\nresume it with: orrery workflow resume [0-9a-f]{12}\n$/);
    const runId = /resume ([0-9a-f]{12})/.exec(failing.err)?.[1] as string;
    const resumed = testContext();
    expect(await workflowCommand(['resume', runId], resumed, host)).toBe(1);
    expect(resumed.err).toContain('  ↺ a (from the journal)\n');
    expect(resumed.err).toContain('(attempt 2)');
  });

  it('Ctrl+C cancels the run and exits 130; stop cancels one by id; bad usage is a usage error', async () => {
    const held = heldAnswers();
    port.answer = held.answer;
    write('flow', workflowSource(`return await agent('slow');`));
    const controller = new AbortController();
    const io = testContext({}, controller.signal);
    io.cwd = join(dir, 'project');
    const exit = workflowCommand(['run', 'test-flow'], io, host);
    while (held.held() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await exit).toBe(130);
    expect(io.err).toContain('Cancelling the workflow…\n');

    const background = testContext();
    background.cwd = io.cwd;
    expect(await workflowCommand(['run', 'test-flow', '--background'], background, host)).toBe(0);
    const runId = background.out.trim();
    while (held.held() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const stopped = testContext();
    expect(await workflowCommand(['stop', runId], stopped, host)).toBe(0);
    expect(stopped.out).toBe(`${runId}: cancelled\n`);
    expect(((await host.call('workflows.get', { runId })) as WorkflowRunDetail).outcome).toBe('cancelled');

    await expect(workflowCommand(['run'], testContext(), host)).rejects.toThrow('workflow run needs a workflow name or a path to its file');
    await expect(workflowCommand(['run', 'x', '--args', '{oops'], testContext(), host)).rejects.toThrow(/^--args must be JSON/);
    await expect(workflowCommand(['launch'], testContext(), host)).rejects.toThrow('unknown workflow action "launch"; use ls, run, resume or stop');
  });
});
