// Against the REAL Paperclip server (paperclipai, pinned; test/support/paperclip/install.sh), started
// once for this file. Its agents use Paperclip's `process` adapter: shell scripts that print, fail,
// or run until stopped — no model is involved at all.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperclipInstance } from '../../../src-shared/paperclip/paperclip-contract';
import type { AgentActionResult } from '../../../src-shared/runs/runs-contract';
import { agentNodeId, companyNodeId, instanceHash, normalizeInstanceUrl } from '../../../src-main/core/paperclip/instance-url';
import { startProxy } from '../../support/paperclip/http-proxy';
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
});
