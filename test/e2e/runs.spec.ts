import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { ROOT, startHost } from './fixtures/headless-host';
import { agentRow, bufferText, doubleClickNode, graphNodes, parsedChars } from './fixtures/page-probes';
import type { RunningHost } from './fixtures/headless-host';

// Runs here are real processes: the built-in `demo` profile runs resources/agents/demo-agent.mjs,
// which prints Claude Code's stream-json from a script (no model, no key). The speed-up keeps a
// run to a few seconds while its subagent still lives long enough to be seen.
let host: RunningHost;
test.beforeEach(async ({ page }) => {
  host = await startHost({ env: { ORRERY_DEMO_AGENT_SPEED: '4' } });
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
});
test.afterEach(async () => {
  await host.stop();
});

const transcriptTab = (page: Page, runId: string): Locator => page.locator(`[data-testid="terminal-tab"][data-kind="transcript"][data-run-id="${runId}"]`);

/** Launches from the Run agent form with Ctrl+Enter and returns the run id its transcript tab names. */
async function launchDemo(page: Page, prompt: string): Promise<string> {
  await page.getByTestId('run-profile').selectOption('demo');
  await page.getByTestId('run-prompt').fill(prompt);
  await page.getByTestId('run-prompt').press('Control+Enter');
  const tab = page.locator('[data-testid="terminal-tab"][data-kind="transcript"][data-active="true"]');
  await expect(tab).toHaveCount(1);
  const runId = await tab.getAttribute('data-run-id');
  expect(runId).toBeTruthy();
  return runId ?? '';
}


test('a demo run launched from the form appears as a node with its subagent, a list row and a readable transcript tab', async ({ page }) => {
  const runId = await launchDemo(page, 'Fix the login bug');
  const agentId = `run-${runId}`;

  await expect(agentRow(page, agentId)).toBeVisible();
  await expect.poll(async () => (await graphNodes(page)).some((node) => node.id === agentId)).toBe(true);
  // The demo agent delegates to a background subagent: a branch under the run's node.
  await expect.poll(async () => (await graphNodes(page)).some((node) => node.parent === agentId), { timeout: 20_000 }).toBe(true);
  await expect(page.locator(`[data-testid="agent-row"][data-parent-id="${agentId}"]`).first()).toBeVisible();

  const tab = transcriptTab(page, runId);
  await expect(tab.getByTestId('terminal-tab-run')).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
  const terminalId = (await tab.getAttribute('data-terminal-id')) ?? '';
  const text = await bufferText(page, terminalId);
  expect(text).toContain('❯ Fix the login bug');
  expect(text).toContain('Glob');
  // Text, not the CLI's JSON and not escape codes.
  expect(text).not.toContain('"type":');
  expect(text).not.toMatch(/\x1b|\[\d+m/);

  // Read-only: keys typed into the pane go nowhere.
  const pane = page.locator(`[data-testid="terminal-pane"][data-terminal-id="${terminalId}"]`);
  await expect(pane).toHaveAttribute('data-read-only', 'true');
  await pane.click();
  await page.keyboard.type('typed-into-transcript');
  await page.waitForTimeout(300);
  expect(await bufferText(page, terminalId)).not.toContain('typed-into-transcript');
  await expect(page.getByTestId('run-launched')).toContainText(agentId);
});

test('double-clicking a run’s node opens its card; Cancel asks twice and the run flashes cancelled', async ({ page }) => {
  const runId = await launchDemo(page, 'loop over the tests until stopped');
  const agentId = `run-${runId}`;
  await expect(agentRow(page, agentId).getByTestId('agent-row-state')).toHaveText('running');

  await doubleClickNode(page, agentId);
  const card = page.getByTestId('agent-card');
  await expect(card).toHaveAttribute('data-agent-id', agentId);
  await expect(card).toBeFocused();
  await expect(card.getByTestId('agent-card-profile')).toHaveText('demo (demo)');
  await expect(card.getByTestId('agent-card-run-state')).toHaveText('running');
  await expect(card.getByTestId('agent-card-pid')).toHaveText(/^\d+$/);
  await expect(card.getByTestId('agent-card-session')).toHaveText(/^[0-9a-f-]{36}$/);
  await expect(card.getByTestId('agent-card-resume')).toBeDisabled();
  await expect(card.getByTestId('agent-card-resume-reason')).toHaveText('It is still running; cancel it first, or wait until it ends.');

  const cancel = card.getByTestId('agent-card-cancel');
  await cancel.click();
  await expect(cancel).toHaveText('Confirm cancel');
  await expect(cancel).toHaveAttribute('data-armed', 'true');
  // One press alone does nothing.
  await page.waitForTimeout(500);
  await expect(agentRow(page, agentId).getByTestId('agent-row-state')).toHaveText('running');
  await cancel.press('Enter');

  await expect(card.getByTestId('agent-card-report')).toBeVisible();
  await expect(agentRow(page, agentId).getByTestId('agent-row-state')).toHaveText('cancelled', { timeout: 15_000 });
  await expect.poll(async () => (await graphNodes(page)).find((node) => node.id === agentId)?.finished).toBe(true);
  await expect(card.getByTestId('agent-card-state')).toHaveText('cancelled');
  await expect(card.getByTestId('agent-card-run-outcome')).toHaveText('cancelled');
  await expect(transcriptTab(page, runId).getByTestId('terminal-tab-run')).toHaveAttribute('data-state', 'cancelled');
  await expect(card.getByTestId('agent-card-cancel')).toBeDisabled();
  await expect(card.getByTestId('agent-card-cancel-reason')).toHaveText('It has already ended.');

  await card.press('Escape');
  await expect(card).toHaveCount(0);
});

test('Enter on a list row opens the card; from a double-clicked row, Reset starts a new run', async ({ page }) => {
  const runId = await launchDemo(page, 'loop through the flaky suite');
  const agentId = `run-${runId}`;
  await expect(agentRow(page, agentId)).toBeVisible();

  const rowButton = agentRow(page, agentId).getByRole('button');
  await rowButton.focus();
  await page.keyboard.press('Enter');
  const card = page.getByTestId('agent-card');
  await expect(card).toHaveAttribute('data-agent-id', agentId);
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  await expect(rowButton).toBeFocused();

  await rowButton.dblclick();
  await expect(card).toHaveAttribute('data-agent-id', agentId);
  const reset = card.getByTestId('agent-card-reset');
  await reset.click();
  await expect(reset).toHaveText('Confirm reset');
  await reset.click();

  const report = card.getByTestId('agent-card-report');
  await expect(report).toBeVisible({ timeout: 15_000 });
  await expect(report).not.toHaveAttribute('role', 'alert');
  await expect(agentRow(page, agentId).getByTestId('agent-row-state')).toHaveText('cancelled', { timeout: 15_000 });
  const openNew = card.getByTestId('agent-card-open-new');
  await expect(openNew).toBeVisible();
  await openNew.click();
  const newAgentId = await card.getAttribute('data-agent-id');
  expect(newAgentId).not.toBe(agentId);
  await expect(agentRow(page, newAgentId ?? '')).toBeVisible();
  await expect(card.getByTestId('agent-card-run')).toContainText(`reset from${runId}`);
  await expect(card.getByTestId('agent-card-run-state')).toHaveText(/queued|starting|running/);

  // The new run's tab opened beside the old one without taking over; the card brings it forward.
  const newRunId = newAgentId?.replace(/^run-/, '') ?? '';
  await expect(transcriptTab(page, newRunId)).toHaveAttribute('data-active', 'false');
  await card.getByTestId('agent-card-transcript').click();
  await expect(transcriptTab(page, newRunId)).toHaveAttribute('data-active', 'true');
});

test('a transcript nobody has looked at stays on the host; its tab or a search hit in it brings all of it', async ({ page }) => {
  const shown = await launchDemo(page, 'Fix the login bug');
  // Launched from a terminal, not the form: its tab appears but is not the one shown.
  const cli = spawnSync(process.execPath, [join(ROOT, 'out/main/cli.js'), 'run', '--background', '--profile', 'demo', 'Tidy the README'], { env: { ...process.env, ORRERY_HOME: host.home }, encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  const hidden = cli.stdout.trim();
  const tab = transcriptTab(page, hidden);
  await expect(tab.getByTestId('terminal-tab-run')).toHaveAttribute('data-state', 'success', { timeout: 30_000 });
  await expect(tab).toHaveAttribute('data-active', 'false');
  await expect(transcriptTab(page, shown)).toHaveAttribute('data-active', 'true');
  const terminalId = (await tab.getAttribute('data-terminal-id')) ?? '';
  expect(await parsedChars(page, terminalId)).toBe(0);

  // The global search reads the host's scrollback; a hit in the unseen transcript opens it at the line.
  await page.keyboard.press('Control+Shift+F');
  await page.getByTestId('search-input').fill('Tidy the README');
  const group = page.locator(`[data-testid="search-group"][data-terminal-id="${terminalId}"]`);
  await expect(group).toHaveCount(1);
  await group.getByTestId('search-hit').first().click();
  await expect(tab).toHaveAttribute('data-active', 'true');
  await expect.poll(() => bufferText(page, terminalId)).toContain('❯ Tidy the README');
  await expect(page.getByTestId('search-hit-missing')).toHaveCount(0);
  expect(await bufferText(page, terminalId)).toContain('Glob');
});
