import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { agentNodeId, companyNodeId, instanceHash } from '../../src-main/core/paperclip/instance-url';
import { freePort, startPaperclip } from '../support/paperclip/paperclip-server';
import type { PaperclipServer } from '../support/paperclip/paperclip-server';
import { startHost } from './fixtures/headless-host';
import { activeTerminal, agentRow, bufferText, doubleClickNode, graphNodes } from './fixtures/page-probes';
import type { RunningHost } from './fixtures/headless-host';

// The REAL Paperclip server (test/support/paperclip/install.sh), started once for this file, and
// the built headless host watching it with --paperclip. The agent is a `process`-adapter script
// that runs until Paperclip's cancel stops it: no model is involved.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

let paperclip: PaperclipServer;
let host: RunningHost;
let company: { id: string };
let sleeper: { id: string };
const pidDir = mkdtempSync(join(tmpdir(), 'orrery-e2e-paperclip-'));
const pidFile = join(pidDir, 'sleeper.pid');

test.beforeAll(async () => {
  paperclip = await startPaperclip();
  company = await paperclip.createCompany('Acme Rockets');
  sleeper = await paperclip.createAgent(company.id, { name: 'Launcher', script: 'sleeper.sh', env: { PIDFILE: pidFile } });
  host = await startHost({ args: ['--paperclip', paperclip.url] });
});
test.afterAll(async () => {
  await host?.stop();
  await paperclip?.stop();
  rmSync(pidDir, { recursive: true, force: true });
});



test('a Paperclip run appears under its company, its log tab reads as text, and Cancel on its card ends it cancelled', async ({ page }) => {
  const hash = instanceHash(paperclip.url);
  const companyNode = companyNodeId(hash, company.id);
  const node = agentNodeId(hash, sleeper.id);
  await page.goto(host.url);
  const instance = page.getByTestId('paperclip-instance');
  await expect(instance).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect(instance).toContainText('Acme Rockets');
  await expect(instance).toContainText('from --paperclip');

  const runId = await paperclip.wake(sleeper.id);
  await expect(agentRow(page, node).getByTestId('agent-row-state')).toHaveText('running', { timeout: 15_000 });
  await expect(agentRow(page, node).getByTestId('agent-row-name')).toHaveText('Launcher');
  await expect.poll(async () => (await graphNodes(page)).find((candidate) => candidate.id === node)?.parent).toBe(companyNode);
  await expect.poll(async () => (await graphNodes(page)).find((candidate) => candidate.id === companyNode)?.parent ?? null).toBeNull();

  await doubleClickNode(page, node);
  const card = page.getByTestId('agent-card');
  await expect(card).toHaveAttribute('data-agent-id', node);
  await expect(card.getByTestId('paperclip-card-pause')).toBeVisible();
  await card.getByTestId('agent-card-transcript').click();
  const terminalId = (await activeTerminal(page)) ?? '';
  expect(terminalId).not.toBe('');
  await expect.poll(() => bufferText(page, terminalId)).toContain('sleeper running as pid');
  const pid = Number(readFileSync(pidFile, 'utf8'));
  expect(existsSync(`/proc/${pid}`)).toBe(true);

  const cancel = card.getByTestId('agent-card-cancel');
  await cancel.click();
  await expect(cancel).toHaveText('Confirm cancel');
  await cancel.click();
  await expect(agentRow(page, node).getByTestId('agent-row-state')).toHaveText('cancelled', { timeout: 30_000 });
  await expect(card.getByTestId('agent-card-state')).toHaveText('cancelled');
  await expect.poll(() => bufferText(page, terminalId)).toContain('sleeper got SIGTERM, cleaning up');
  expect((await paperclip.api<{ status: string }>('GET', `/api/heartbeat-runs/${runId}`)).status).toBe('cancelled');
  expect(existsSync(`/proc/${pid}`)).toBe(false);
});

test('Controls → Paperclip adds a server, says why it cannot connect, and removes it', async ({ page }) => {
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  await page.goto(host.url);
  const panel = page.getByTestId('paperclip-control');
  await panel.getByTestId('paperclip-url').fill(nowhere);
  await panel.getByTestId('paperclip-key').fill('pcp_board_e2e_secret_value_123456');
  await panel.getByTestId('paperclip-add').click();
  const added = panel.locator(`[data-testid="paperclip-instance"][data-url="${nowhere}"]`);
  await expect(added).toHaveAttribute('data-state', 'error');
  await expect(added.getByTestId('paperclip-reason')).toContainText('connection refused');
  await expect(added).toContainText('API key set');
  await expect(panel.getByTestId('paperclip-key')).toHaveValue('');
  await expect(panel).not.toContainText('pcp_board_e2e_secret_value_123456');
  await added.getByTestId('paperclip-remove').click();
  await expect(added).toHaveCount(0);
  // The one from --paperclip stays, and cannot be removed from here.
  await expect(panel.locator(`[data-testid="paperclip-instance"][data-url="${paperclip.url}"]`).getByTestId('paperclip-remove')).toBeDisabled();
});
