import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost } from './fixtures/headless-host';
import type { RunningHost } from './fixtures/headless-host';
import type { Page } from '@playwright/test';

let host: RunningHost;
let claudeDir: string;
test.beforeEach(async () => {
  claudeDir = mkdtempSync(join(tmpdir(), 'orrery-claude-'));
  // The hooks go into this folder's settings.json, never the real ~/.claude. Demo runs (a
  // scripted agent, no model) go fast.
  host = await startHost({ env: { CLAUDE_CONFIG_DIR: claudeDir, ORRERY_DEMO_AGENT_SPEED: '20' } });
});
test.afterEach(async () => {
  await host.stop();
});

test('an empty journal offers the demo, which fills the graph through the journal and stops on request', async ({ page }) => {
  await page.goto(host.url);
  const offer = page.getByTestId('demo-offer');
  await expect(offer).toBeVisible();
  await offer.getByRole('button', { name: 'Start the demo fleet' }).click();
  await expect(page.getByTestId('demo-running')).toBeVisible();
  await expect(page.getByTestId('agent-row').first()).toBeVisible({ timeout: 15_000 });
  await expect(offer).toBeHidden();
  expect(readFileSync(join(host.home, 'events.jsonl'), 'utf8')).toContain('"source":"demo"');
  await page.getByTestId('demo-stop').click();
  await expect(page.getByTestId('demo-start')).toBeVisible();
});

test('installs and removes the Claude Code hooks, keeping a backup', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('hooks-install').click();
  const settings = join(claudeDir, 'settings.json');
  await expect(page.getByTestId('hooks-message')).toContainText(`Installed into ${settings}`);
  expect(readFileSync(settings, 'utf8')).toContain('orrery-claude-hook.mjs');
  await page.getByTestId('hooks-install').click();
  await expect(page.getByTestId('hooks-message')).toContainText('Already installed');
  await page.getByTestId('hooks-uninstall').click();
  await expect(page.getByTestId('hooks-message')).toContainText(`Removed from ${settings}`);
  await expect(page.getByTestId('hooks-message')).toContainText('Backup:');
  expect(readFileSync(settings, 'utf8')).not.toContain('orrery-claude-hook.mjs');
});

test('a refused settings file is explained, not overwritten', async ({ page }) => {
  appendFileSync(join(claudeDir, 'settings.json'), '{ "hooks": oops');
  await page.goto(host.url);
  await page.getByTestId('hooks-install').click();
  await expect(page.getByTestId('hooks-message')).toContainText('not valid JSON');
  expect(readFileSync(join(claudeDir, 'settings.json'), 'utf8')).toBe('{ "hooks": oops');
});

test('a journal added in the controls is tailed', async ({ page }) => {
  const extra = join(mkdtempSync(join(tmpdir(), 'orrery-extra-')), 'more.jsonl');
  await page.goto(host.url);
  await page.getByTestId('journal-add-input').fill(extra);
  await page.getByTestId('journal-add').click();
  await expect(page.getByTestId('journal-list')).toContainText(extra);
  appendFileSync(extra, `${JSON.stringify({ v: 1, type: 'agent_spawn', ts: Date.now(), agent_id: 'from-extra', source: 'e2e', name: 'extra-agent' })}\n`);
  await expect(page.locator('[data-testid="agent-row"][data-agent-id="from-extra"]')).toBeVisible();

  // Undone with its Remove button; the default journal has none.
  const list = page.getByTestId('journal-list');
  await expect(list.getByTestId('journal-remove')).toHaveCount(1);
  await list.getByRole('button', { name: `Remove ${extra}` }).click();
  await expect(list).not.toContainText(extra);
  await expect(list.getByTestId('journal-remove')).toHaveCount(0);
});

async function launch(page: Page, profileId: string, prompt: string): Promise<void> {
  await page.getByTestId('run-profile').selectOption(profileId);
  await page.getByTestId('run-prompt').fill(prompt);
  await page.getByTestId('run-launch').click();
}

test('the Run agent form names what is wrong, and shows the host’s refusal of a missing binary', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('run-profile').selectOption('demo');
  await page.getByTestId('run-max-turns').fill('2.5');
  await page.getByTestId('run-launch').click();
  await expect(page.getByTestId('run-prompt-error')).toContainText('Write the prompt');
  await expect(page.getByTestId('run-maxTurns-error')).toContainText('whole number');
  await expect(page.getByTestId('run-prompt')).toBeFocused();
  await expect(page.locator('[data-testid="terminal-tab"][data-kind="transcript"]')).toHaveCount(0);

  // A built-in keeps its kind; its binary, model and env are editable, the env masked.
  const claude = page.locator('[data-testid="profile-item"][data-profile-id="claude"]');
  await expect(claude.getByTestId('profile-delete')).toBeDisabled();
  await claude.getByTestId('profile-edit').click();
  const editor = page.getByTestId('profile-editor');
  await editor.getByTestId('profile-binary').fill('/nowhere/bin/claude');
  await editor.getByTestId('env-add').click();
  await editor.getByTestId('env-name').fill('ANTHROPIC_API_KEY');
  await editor.getByTestId('env-value').fill('sk-ant-not-a-real-key');
  await expect(editor.getByTestId('env-value')).toHaveAttribute('type', 'password');
  await editor.getByTestId('profile-save').click();
  await expect(page.getByTestId('profiles-message')).toHaveText('Saved Claude Code.');

  await page.getByTestId('run-max-turns').fill('');
  await launch(page, 'claude', 'Say hello');
  await expect(page.getByTestId('run-error')).toContainText('Claude Code was not found at /nowhere/bin/claude');
  await expect(page.getByTestId('run-error')).toContainText('Controls → Profiles');
});

test('a command profile added in Controls runs its argv with the prompt, and is deleted on a second press', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('profile-new').click();
  const editor = page.getByTestId('profile-editor');
  await editor.getByTestId('profile-id').fill('echo-bot');
  await editor.getByTestId('profile-argv').fill('printf\ngot: %s');
  await editor.getByTestId('profile-save').click();
  await expect(page.getByTestId('profile-argv-error')).toContainText('{prompt}');
  await editor.getByTestId('profile-argv').fill('printf\ngot: %s\n{prompt}');
  await editor.getByTestId('profile-save').click();
  const item = page.locator('[data-testid="profile-item"][data-profile-id="echo-bot"]');
  await expect(item).toContainText('echo-bot');

  await launch(page, 'echo-bot', 'hello from the form');
  const tab = page.locator('[data-testid="terminal-tab"][data-kind="transcript"][data-active="true"]');
  await expect(tab.getByTestId('terminal-tab-run')).toHaveAttribute('data-state', 'success');
  const terminalId = (await tab.getAttribute('data-terminal-id')) ?? '';
  await expect
    .poll(() => page.evaluate((id) => (globalThis as { __orreryTerminals?: { bufferText(i: string): string } }).__orreryTerminals?.bufferText(id) ?? '', terminalId))
    .toContain('got: hello from the form');

  const remove = item.getByTestId('profile-delete');
  await remove.click();
  await expect(remove).toHaveText('Confirm delete');
  await expect(item).toHaveCount(1);
  await remove.click();
  await expect(item).toHaveCount(0);
  await expect(page.getByTestId('run-profile').locator('option[value="echo-bot"]')).toHaveCount(0);
});

test('the budget warns across the window at 80 % and holds new runs as paused at 100 %', async ({ page }) => {
  await page.goto(host.url);
  const banner = page.getByTestId('budget-banner');
  await page.getByTestId('settings-budget').fill('0.13');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await expect(page.getByTestId('budget-line')).toContainText('of $0.1300');
  await expect(banner).toHaveCount(0);

  // One demo run costs about $0.11 (its tokens at Claude's prices): 83 % of the budget.
  await launch(page, 'demo', 'Fix the login bug');
  await expect(page.getByTestId('run-launched')).toContainText('success', { timeout: 20_000 });
  await expect(banner).toHaveAttribute('data-level', 'warning');
  await expect(banner).toContainText('of the $0.1300 monthly budget');

  await launch(page, 'demo', 'Fix the login bug');
  await expect(page.getByTestId('run-launched')).toContainText('success', { timeout: 20_000 });
  await expect(banner).toHaveAttribute('data-level', 'exceeded');
  await expect(banner).toContainText('New runs are held as paused until the budget is raised');

  await launch(page, 'demo', 'Fix the login bug');
  await expect(page.getByTestId('run-launched')).toContainText('paused');
});
