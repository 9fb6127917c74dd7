import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost } from './fixtures/headless-host';
import type { RunningHost } from './fixtures/headless-host';

let host: RunningHost;
let claudeDir: string;
test.beforeEach(async () => {
  claudeDir = mkdtempSync(join(tmpdir(), 'orrery-claude-'));
  // The hooks go into this folder's settings.json, never the real ~/.claude.
  host = await startHost({ env: { CLAUDE_CONFIG_DIR: claudeDir } });
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
});
