// Against the REAL Paperclip server (paperclipai, pinned; test/support/paperclip/install.sh), started
// once for this file. Its agents use Paperclip's `process` adapter: shell scripts that print, fail,
// or run until stopped — no model is involved at all.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperclipInstance } from '../../../src-shared/paperclip/paperclip-contract';
import type { AgentActionResult } from '../../../src-shared/runs/runs-contract';
import { agentNodeId, companyNodeId, instanceHash, normalizeInstanceUrl } from '../../../src-main/core/paperclip/instance-url';
import { createClaudeAgent } from '../../support/paperclip/claude-agent';
import { startProxy } from '../../support/paperclip/http-proxy';
import { commandThenAnswer, startScriptedModel } from '../../support/scripted-model/index';
import { freePort, startPaperclip } from '../../support/paperclip/paperclip-server';
import type { PaperclipServer } from '../../support/paperclip/paperclip-server';
import { startOrrerySide, waitFor } from '../../support/paperclip/orrery-side';
import type { OrrerySide } from '../../support/paperclip/orrery-side';

let paperclip: PaperclipServer;
let company: { id: string; name: string };
let side: OrrerySide;
let hash: string;
const pidDir = mkdtempSync(join(tmpdir(), 'orrery-paperclip-pids-'));

beforeAll(async () => {
  paperclip = await startPaperclip();
  company = await paperclip.createCompany('Acme Widgets');
  side = startOrrerySide();
  hash = instanceHash(normalizeInstanceUrl(paperclip.url));
}, 120_000);

afterAll(async () => {
  await side?.close();
  await paperclip?.stop();
  rmSync(pidDir, { recursive: true, force: true });
}, 60_000);

async function instance(url: string): Promise<PaperclipInstance | undefined> {
  const all = await side.call<PaperclipInstance[]>('paperclip.instances', {});
  return all.find((candidate) => candidate.url === normalizeInstanceUrl(url));
}

async function waitForState(url: string, state: PaperclipInstance['state'], timeoutMs = 20_000): Promise<PaperclipInstance> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await instance(url);
    if (found?.state === state) return found;
    if (Date.now() > deadline) throw new Error(`${url} is ${JSON.stringify(found)}, not ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForAsync(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a Paperclip instance watched by Orrery', () => {
  it('connects over the live-events socket and shows the company under the orchestrator', async () => {
    const added = await side.call<PaperclipInstance>('paperclip.add', { url: `${paperclip.url}/` });
    expect(added.url).toBe(paperclip.url);
    const ready = await waitForState(paperclip.url, 'connected');
    expect(ready).toMatchObject({ transport: 'websocket', hasKey: false, watching: [{ id: company.id, name: 'Acme Widgets' }] });
    const node = await waitFor('the company node', () => side.agent(companyNodeId(hash, company.id)));
    expect(node).toMatchObject({ name: 'Acme Widgets', source: 'paperclip', parentId: undefined, status: 'idle' });
    expect(node.details).toMatchObject({ actionsBy: 'paperclip', paperclipCompanyId: company.id, connection: 'connected' });
  });

  it('shows a run as an agent under its company, its log as text in a terminal tab, and its end', async () => {
    const agent = await paperclip.createAgent(company.id, { name: 'Printer', script: 'printer.sh' });
    const nodeId = agentNodeId(hash, agent.id);
    const runId = await paperclip.wake(agent.id);
    const live = await waitFor('the run on the graph', () => side.agent(nodeId));
    expect(live).toMatchObject({ name: 'Printer', model: 'process', parentId: companyNodeId(hash, company.id), source: 'paperclip' });
    expect(live.details).toMatchObject({ actionsBy: 'paperclip', paperclipRunId: runId, paperclipAgentId: agent.id, invocationSource: 'on_demand' });
    const done = await waitFor('the run to end', () => {
      const seen = side.agent(nodeId);
      return seen !== undefined && 'outcome' in seen ? seen : undefined;
    });
    expect(done.outcome).toBe('success');
    expect(done.terminalId).toBeDefined();
    const text = side.terminalText(done.terminalId as string);
    expect(text).toContain(`printer starting run ${runId}`);
    expect(text).toContain('line 3 of 3\r\n');
    expect(text).toContain('unicode: héllo ✓');
    expect(text).toMatch(/stderr │.*a warning on stderr/);
    const found = await side.terminals.search({ pattern: 'line 2 of 3', terminalIds: [done.terminalId as string] });
    expect(found.hits).toHaveLength(1);
    const spawns = side.events(nodeId).filter((event) => event.type === 'agent_spawn');
    expect(spawns).toHaveLength(1);
  });

  it('shows a failing run as an error, and the agent stays visible in error with its reason', async () => {
    const agent = await paperclip.createAgent(company.id, { name: 'Failer', script: 'failer.sh' });
    const nodeId = agentNodeId(hash, agent.id);
    const runId = await paperclip.wake(agent.id);
    await paperclip.waitForRun(runId, ['failed']);
    const shown = await waitFor('the agent in error', () => {
      const seen = side.agent(nodeId);
      return seen?.status === 'error' && !('outcome' in seen) ? seen : undefined;
    });
    expect(shown.details).toMatchObject({ agentState: 'error', agentStateReason: 'Process exited with code 3' });
    expect(shown.details.paperclipRunId).toBeUndefined();
    const done = side.events(nodeId).filter((event) => event.type === 'agent_done');
    expect(done).toEqual([expect.objectContaining({ outcome: 'error', error: 'Process exited with code 3' })]);
  });

  it('cancel stops the run through Paperclip: "stopping…" while it waits, then cancelled, and no process left', async () => {
    const pidFile = join(pidDir, 'cancel.pid');
    const agent = await paperclip.createAgent(company.id, { name: 'Sleeper', script: 'sleeper.sh', env: { PIDFILE: pidFile }, graceSec: 5 });
    const nodeId = agentNodeId(hash, agent.id);
    const runId = await paperclip.wake(agent.id);
    const running = await waitFor('the sleeper running', () => (side.agent(nodeId)?.status === 'running' && existsSync(pidFile) ? side.agent(nodeId) : undefined));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    const provider = side.feature.actionProvider;
    expect(provider.owns(running)).toBe(true);
    expect(await provider.actions(running)).toMatchObject({ cancel: { available: true }, reset: { available: true }, resume: { available: false } });
    const cancelling = provider.cancel(running);
    await waitFor('"stopping…" on the card', () => side.agent(nodeId)?.details.statusMessage === 'stopping…');
    const result: AgentActionResult = await cancelling;
    expect(result).toMatchObject({ agentId: nodeId, message: 'cancelled' });
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect((await paperclip.api<{ status: string }>('GET', `/api/heartbeat-runs/${runId}`)).status).toBe('cancelled');
    const ended = await waitFor('the cancelled end', () => {
      const seen = side.agent(nodeId);
      return seen !== undefined && 'outcome' in seen ? seen : undefined;
    });
    expect(ended.outcome).toBe('cancelled');
    const text = side.terminalText(ended.terminalId as string);
    expect(text).toContain('sleeper got SIGTERM, cleaning up');
    expect(text).toContain('sleeper bye');
    await expect(provider.cancel(ended)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reset on an agent with a live run stops the run, then resets its session', async () => {
    const failer = await paperclip.createAgent(company.id, { name: 'Resettable', script: 'failer.sh' });
    await paperclip.waitForRun(await paperclip.wake(failer.id), ['failed']);
    // Paperclip records the agent's last error a moment after the run's status.
    const runtimeState = () => paperclip.api<{ lastError: string | null; sessionId: string | null }>('GET', `/api/agents/${failer.id}/runtime-state`);
    await waitForAsync('the last error recorded', async () => (await runtimeState()).lastError === 'Process exited with code 3');
    const nodeId = agentNodeId(hash, failer.id);
    await waitFor('the agent in error', () => side.agent(nodeId)?.status === 'error');
    const reset = await side.call<AgentActionResult>('paperclip.stopThenReset', { agentId: nodeId });
    expect(reset.message).toBe('session reset');
    expect(await runtimeState()).toMatchObject({ lastError: null, sessionId: null });

    const pidFile = join(pidDir, 'reset.pid');
    const sleeper = await paperclip.createAgent(company.id, { name: 'Long runner', script: 'sleeper.sh', env: { PIDFILE: pidFile } });
    const sleeperNode = agentNodeId(hash, sleeper.id);
    const runId = await paperclip.wake(sleeper.id);
    const running = await waitFor('the long runner running', () => (side.agent(sleeperNode)?.status === 'running' && existsSync(pidFile) ? side.agent(sleeperNode) : undefined));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const result = await side.feature.actionProvider.reset(running);
    expect(result.message).toBe('run cancelled, then session reset');
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect((await paperclip.api<{ status: string }>('GET', `/api/heartbeat-runs/${runId}`)).status).toBe('cancelled');
    await waitFor('the run ended as cancelled', () => side.events(sleeperNode).some((event) => event.type === 'agent_done' && event.outcome === 'cancelled'));
  });

  it('pauses, refuses to wake a paused agent with Paperclip’s own reason, resumes and wakes it', async () => {
    const agent = await paperclip.createAgent(company.id, { name: 'Pausable', script: 'printer.sh' });
    const nodeId = agentNodeId(hash, agent.id);
    // A node to act on: its first run.
    await paperclip.waitForRun(await paperclip.wake(agent.id), ['succeeded']);
    await waitFor('its first run shown', () => side.events(nodeId).some((event) => event.type === 'agent_done'));
    await expect(side.call('paperclip.pause', { agentId: nodeId })).rejects.toMatchObject({ code: 'not_found' });
    const pid2 = await paperclip.wake(agent.id);
    await waitFor('the second run shown', () => side.agent(nodeId)?.details.paperclipRunId === pid2);
    expect((await side.call<AgentActionResult>('paperclip.pause', { agentId: nodeId })).message).toBe('paused');
    await paperclip.waitForRun(pid2, ['succeeded', 'cancelled', 'failed']);
    const paused = await waitFor('the agent shown paused', () => (side.agent(nodeId)?.status === 'paused' ? side.agent(nodeId) : undefined));
    expect(paused.details).toMatchObject({ agentState: 'paused', agentStateReason: 'manual' });
    await expect(side.call('paperclip.wake', { agentId: nodeId })).rejects.toMatchObject({
      code: 'failed_precondition',
      message: 'Paperclip refused (409): Agent is not invokable in its current state',
    });
    expect((await side.call<AgentActionResult>('paperclip.resume', { agentId: nodeId })).message).toBe('resumed');
    await waitFor('the resumed agent leaves the graph', () => {
      const seen = side.agent(nodeId);
      return seen === undefined || 'outcome' in seen;
    });
  });
});

describe('Claude Code agents (the real CLI; only the model is scripted)', () => {
  it.each(['acp', 'cli'] as const)('engine %s: the tool call the CLI makes is the agent’s tool call in the graph, its log readable', async (engine) => {
    const model = await startScriptedModel(commandThenAnswer('echo scripted-tool-call-ok'));
    try {
      const agent = await createClaudeAgent(paperclip, company.id, { name: `Claude via ${engine}`, engine, modelUrl: model.url });
      const nodeId = agentNodeId(hash, agent.id);
      const runId = await paperclip.wake(agent.id);
      await paperclip.waitForRun(runId, ['succeeded'], 90_000);
      const done = await waitFor('the run ended in the graph', () => {
        const seen = side.agent(nodeId);
        return seen !== undefined && 'outcome' in seen ? seen : undefined;
      });
      expect(done).toMatchObject({ outcome: 'success', model: 'claude_local', toolCalls: 1 });
      expect(done.costUsd).toBeGreaterThan(0);
      const tools = side.events(nodeId).filter((event) => event.type === 'tool_use' || event.type === 'tool_result');
      expect(tools).toEqual([
        expect.objectContaining({ type: 'tool_use', tool: engine === 'acp' ? 'Terminal' : 'Bash' }),
        expect.objectContaining({ type: 'tool_result', ok: true }),
      ]);
      const text = side.terminalText(done.terminalId as string);
      expect(text).toContain('scripted-tool-call-ok');
      expect(text).toContain('The command printed: scripted-tool-call-ok');
    } finally {
      await model.close();
    }
  }, 120_000);
});

describe('connection problems, each with its reason', () => {
  let plain: Server;
  let plainUrl: string;
  beforeAll(async () => {
    plain = createServer((_request, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const address = plain.address();
    plainUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => plain.close(() => resolve())));

  it('a wrong board API key: error, 401, Paperclip’s message; the key never comes back', async () => {
    const proxy = await startProxy({ target: paperclip.url });
    try {
      const key = 'pcp_board_0123456789abcdef0123456789abcdef';
      await side.call('paperclip.add', { url: proxy.url, apiKey: key });
      const failed = await waitForState(proxy.url, 'error');
      expect(failed).toMatchObject({ hasKey: true, problem: 'unauthorized' });
      expect(failed.reason).toContain('401');
      expect(failed.reason).toContain('Agent token did not verify');
      const everything = JSON.stringify([await side.call('paperclip.instances', {}), side.logs]);
      expect(everything).not.toContain(key);
      expect(side.store.db.prepare('SELECT api_key FROM paperclip_instances WHERE url = ?').get(proxy.url)).toEqual({ api_key: key });
      await side.call('paperclip.remove', { url: proxy.url });
    } finally {
      await proxy.close();
    }
  });

  it('a host name Paperclip does not allow: error, 403', async () => {
    const proxy = await startProxy({ target: paperclip.url, hostHeader: 'paperclip.example.com' });
    try {
      await side.call('paperclip.add', { url: proxy.url });
      const failed = await waitForState(proxy.url, 'error');
      expect(failed.problem).toBe('forbidden');
      expect(failed.reason).toContain('403');
      expect(failed.reason).toContain('hostname is not allowed');
      await side.call('paperclip.remove', { url: proxy.url });
    } finally {
      await proxy.close();
    }
  });

  it('a server that is not Paperclip, and a port where nothing listens', async () => {
    await side.call('paperclip.add', { url: plainUrl });
    expect(await waitForState(plainUrl, 'error')).toMatchObject({ problem: 'not_paperclip' });
    const nobody = `http://127.0.0.1:${await freePort()}`;
    await side.call('paperclip.add', { url: nobody });
    const refused = await waitForState(nobody, 'error');
    expect(refused).toMatchObject({ problem: 'refused' });
    expect(refused.reason).toContain('connection refused');
    expect(refused.retryAt).toBeGreaterThan(Date.now() - 1000);
    for (const url of [plainUrl, nobody]) expect(await side.call('paperclip.remove', { url })).toEqual({ removed: true });
  });

  it('bad input is refused with a clear message', async () => {
    await expect(side.call('paperclip.add', { url: 'ftp://example.com' })).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(side.call('paperclip.add', { url: 'http://127.0.0.1:99999' })).rejects.toMatchObject({ code: 'invalid_argument', message: 'http://127.0.0.1:99999 is not a URL Orrery can connect to' });
    await expect(side.call('paperclip.add', { url: 'http://127.0.0.1:3100', apiKey: 'has space' })).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(await side.call('paperclip.remove', { url: 'http://127.0.0.1:1' })).toEqual({ removed: false });
  });
});

describe('restarts, reconnects and polling', () => {
  it('polls every 2 s where the live-events socket is refused, and still shows runs', async () => {
    const proxy = await startProxy({ target: paperclip.url });
    try {
      await side.call('paperclip.add', { url: proxy.url });
      const polling = await waitForState(proxy.url, 'connected');
      await waitFor('the socket refused', async () => (await instance(proxy.url))?.transport === 'polling' || undefined);
      expect(polling.watching.map((c) => c.id)).toContain(company.id);
      expect(proxy.upgradesRefused()).toBeGreaterThan(0);
      const proxiedHash = instanceHash(normalizeInstanceUrl(proxy.url));
      const agent = await paperclip.createAgent(company.id, { name: 'Polled', script: 'sleeper.sh', env: { PIDFILE: join(pidDir, 'polled.pid') } });
      const runId = await paperclip.wake(agent.id);
      const node = agentNodeId(proxiedHash, agent.id);
      await waitFor('the polled run shown', () => side.agent(node)?.details.paperclipRunId === runId, 10_000);
      await paperclip.api('POST', `/api/heartbeat-runs/${runId}/cancel`, {});
      await waitFor('the polled run ended', () => side.events(node).some((event) => event.type === 'agent_done' && event.outcome === 'cancelled'), 10_000);
      await side.call('paperclip.remove', { url: proxy.url });
    } finally {
      await proxy.close();
    }
  });

  it('survives a Paperclip restart: reconnects with backoff and ends the interrupted run once', async () => {
    const states: string[] = [];
    const stop = side.api.subscribe('paperclip.changes', {}, (item) => {
      const change = item as { kind: string; instance?: PaperclipInstance };
      if (change.instance?.url === paperclip.url) states.push(change.instance.state);
    }, () => undefined);
    try {
      const agent = await paperclip.createAgent(company.id, { name: 'Through a restart', script: 'sleeper.sh', env: { PIDFILE: join(pidDir, 'restart.pid') } });
      const node = agentNodeId(hash, agent.id);
      const runId = await paperclip.wake(agent.id);
      await waitFor('the run shown running', () => side.agent(node)?.status === 'running');
      const before = paperclip.pid();
      await paperclip.restart();
      expect(paperclip.pid()).not.toBe(before);
      await waitForState(paperclip.url, 'connected', 30_000);
      expect(states).toContain('reconnecting');
      const done = await waitFor('the interrupted end', () => side.events(node).find((event) => event.type === 'agent_done'), 15_000);
      expect(done).toMatchObject({ outcome: 'interrupted' });
      expect((await paperclip.api<{ status: string }>('GET', `/api/heartbeat-runs/${runId}`)).status).toBe('interrupted');
      // A full refresh later, still nothing twice.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const events = side.events(node);
      expect(events.filter((event) => event.type === 'agent_spawn')).toHaveLength(1);
      expect(events.filter((event) => event.type === 'agent_done')).toHaveLength(1);
      expect(side.events(companyNodeId(hash, company.id)).filter((event) => event.type === 'agent_spawn')).toHaveLength(1);
    } finally {
      stop();
    }
  }, 90_000);

  it('survives an Orrery restart: a live run keeps its one spawn and gets its log tab back; a run that ended meanwhile ends once', async () => {
    const live = await paperclip.createAgent(company.id, { name: 'Across Orrery restarts', script: 'sleeper.sh', env: { PIDFILE: join(pidDir, 'orrery-restart-a.pid') } });
    const away = await paperclip.createAgent(company.id, { name: 'Ends while away', script: 'sleeper.sh', env: { PIDFILE: join(pidDir, 'orrery-restart-b.pid') } });
    const liveNode = agentNodeId(hash, live.id);
    const awayNode = agentNodeId(hash, away.id);
    await paperclip.wake(live.id);
    const awayRun = await paperclip.wake(away.id);
    const first = await waitFor('both shown running', () => {
      const a = side.agent(liveNode);
      return a?.status === 'running' && side.agent(awayNode)?.status === 'running' && a.terminalId !== undefined && side.terminalText(a.terminalId).includes('sleeper running') ? a : undefined;
    });
    await side.feature.dispose();
    await paperclip.api('POST', `/api/heartbeat-runs/${awayRun}/cancel`, {});
    await side.restart();
    await waitForState(paperclip.url, 'connected');
    await waitFor('the run that ended while Orrery was away ends', () => side.events(awayNode).some((event) => event.type === 'agent_done'));
    const reattached = await waitFor('a new log tab for the live run', () => {
      const a = side.agent(liveNode);
      return a?.terminalId !== undefined && a.terminalId !== first.terminalId && side.terminalText(a.terminalId).includes('sleeper running') ? a : undefined;
    });
    expect(reattached.status).toBe('running');
    expect(side.events(liveNode).filter((event) => event.type === 'agent_spawn')).toHaveLength(1);
    expect(side.events(awayNode).filter((event) => event.type === 'agent_done')).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);
    await side.feature.actionProvider.cancel(reattached);
    expect(side.events(liveNode).filter((event) => event.type === 'agent_done')).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);
  }, 60_000);

  it('removing the instance takes its nodes off the graph and forgets it', async () => {
    const removed: string[] = [];
    const stop = side.api.subscribe('paperclip.changes', {}, (item) => {
      const change = item as { kind: string; url?: string };
      if (change.kind === 'removed' && change.url !== undefined) removed.push(change.url);
    }, () => undefined);
    try {
      const companyNode = companyNodeId(hash, company.id);
      expect(await side.call('paperclip.remove', { url: paperclip.url })).toEqual({ removed: true });
      expect(removed).toEqual([paperclip.url]);
      expect(side.events(companyNode).at(-1)).toMatchObject({ type: 'agent_done', outcome: 'interrupted' });
      expect(await side.call('paperclip.instances', {})).toEqual([]);
      expect(side.store.db.prepare('SELECT COUNT(*) AS n FROM paperclip_nodes').get()).toEqual({ n: 0 });
    } finally {
      stop();
    }
  });
});
