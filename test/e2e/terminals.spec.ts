import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startHost } from './fixtures/headless-host';
import type { RunningHost } from './fixtures/headless-host';

let host: RunningHost;
test.beforeEach(async ({ page }) => {
  // Plain bash in a HOME without rc files: what the panes show must not depend on the machine's dotfiles.
  const home = mkdtempSync(join(tmpdir(), 'orrery-e2e-'));
  host = await startHost({ home, env: { HOME: home, SHELL: '/bin/bash', HISTFILE: '/dev/null' } });
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
});
test.afterEach(async () => {
  await host.stop();
});

/** The page's read-only terminal probe (src-renderer/src/terminals/terminal-debug-hook.ts). */
interface TerminalsProbe {
  bufferText(id: string): string;
  viewportText(id: string): string;
  selection(id: string): string;
}
type ProbeWindow = { __orreryTerminals?: TerminalsProbe };

const bufferLines = async (page: Page, id: string): Promise<string[]> =>
  (await page.evaluate((i) => (globalThis as ProbeWindow).__orreryTerminals?.bufferText(i) ?? '', id)).split('\n');
const viewportText = (page: Page, id: string): Promise<string> => page.evaluate((i) => (globalThis as ProbeWindow).__orreryTerminals?.viewportText(i) ?? '', id);
const selection = (page: Page, id: string): Promise<string> => page.evaluate((i) => (globalThis as ProbeWindow).__orreryTerminals?.selection(i) ?? '', id);
const tab = (page: Page, id: string) => page.locator(`[data-testid="terminal-tab"][data-terminal-id="${id}"]`);
const pane = (page: Page, id: string) => page.locator(`[data-testid="terminal-pane"][data-terminal-id="${id}"]`);

/** Opens a shell from the toolbar and waits for its prompt; returns its id. */
async function newTerminal(page: Page, before: number): Promise<string> {
  await page.getByTestId('terminal-new').click();
  await expect(page.getByTestId('terminal-tab')).toHaveCount(before + 1);
  const id = (await page.getByTestId('terminal-tab').nth(before).getAttribute('data-terminal-id')) ?? '';
  await expect(tab(page, id)).toHaveAttribute('data-active', 'true');
  await expect.poll(() => bufferLines(page, id)).toContainEqual(expect.stringMatching(/[$#]$/));
  // A new terminal takes the keyboard.
  await expect(pane(page, id).locator('textarea')).toBeFocused();
  return id;
}

/** Types a command line into the pane through the keyboard, as a person would. */
async function run(page: Page, id: string, command: string): Promise<void> {
  await pane(page, id).click();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

test('global search finds lines in every terminal and jumps to the one in the other tab', async ({ page }) => {
  const alpha = await newTerminal(page, 0);
  await run(page, alpha, 'echo ALPHA-ONE');
  await expect.poll(() => bufferLines(page, alpha)).toContain('ALPHA-ONE');

  const bravo = await newTerminal(page, 1);
  // BRAVO-TWO ends up 300 lines up: reaching it takes a real scroll of the pane.
  await run(page, bravo, 'echo BRAVO-TWO; for i in $(seq 1 300); do echo noise $i; done');
  await expect.poll(() => bufferLines(page, bravo)).toContain('noise 300');

  await tab(page, alpha).click();
  await expect(tab(page, alpha)).toHaveAttribute('data-active', 'true');
  await expect(pane(page, bravo)).toBeHidden();

  // The shortcut must get through while the xterm has keyboard focus.
  await pane(page, alpha).click();
  await page.keyboard.press('Control+Shift+F');
  await expect(page.getByTestId('search-panel')).toBeVisible();
  await expect(page.getByTestId('search-input')).toBeFocused();
  await page.getByTestId('search-regex').check();
  await page.getByTestId('search-input').fill('ALPHA|BRAVO');

  const groups = page.getByTestId('search-group');
  await expect(groups).toHaveCount(2);
  await expect(groups.nth(0)).toHaveAttribute('data-terminal-id', alpha);
  await expect(groups.nth(1)).toHaveAttribute('data-terminal-id', bravo);
  // Each terminal has the command line it typed and the line it printed.
  const bravoHit = groups.nth(1).getByTestId('search-hit').filter({ has: page.getByTestId('search-hit-text').getByText('BRAVO-TWO', { exact: true }) });
  await expect(bravoHit).toHaveCount(1);
  await expect(bravoHit.locator('mark')).toHaveText('BRAVO');
  await expect(groups.nth(0).getByTestId('search-hit-text').getByText('ALPHA-ONE', { exact: true })).toHaveCount(1);
  await expect(bravoHit).toHaveAttribute('data-line', /^\d+$/);

  await bravoHit.click();
  await expect(tab(page, bravo)).toHaveAttribute('data-active', 'true');
  // The jump does not take the keyboard from the panel: the arrow keys go on to the next hit.
  await expect(page.getByTestId('search-input')).toBeFocused();
  await expect(pane(page, bravo)).toBeVisible();
  await expect.poll(async () => (await selection(page, bravo)).trim()).toBe('BRAVO-TWO');
  const viewport = await viewportText(page, bravo);
  expect(viewport.split('\n')).toContain('BRAVO-TWO');
  expect(viewport).not.toContain('noise 300');
  await expect(page.getByTestId('search-hit-missing')).toHaveCount(0);

  // An invalid pattern is the host's error, not an empty result.
  await page.getByTestId('search-input').fill('(unclosed');
  await expect(page.getByTestId('search-error')).toContainText('Invalid regular expression');
  await expect(page.getByTestId('search-summary')).toHaveCount(0);
});

test('a hit the pane has scrolled away is shown in the panel with its context', async ({ page }) => {
  const id = await newTerminal(page, 0);
  // The pane keeps 10,000 rows; the host's scrollback keeps far more.
  await run(page, id, 'echo GONE-MARK; seq 1 12000');
  await expect.poll(() => bufferLines(page, id), { timeout: 20_000 }).toContain('12000');
  await page.getByTestId('search-open').click();
  await page.getByTestId('search-input').fill('GONE-MARK');
  const hit = page.getByTestId('search-hit').filter({ has: page.getByTestId('search-hit-text').filter({ hasText: /^GONE-MARK$/ }) });
  await expect(hit).toHaveCount(1);
  await hit.click();
  await expect(hit.getByTestId('search-hit-missing')).toBeVisible();
  expect(await selection(page, id)).toBe('');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search-panel')).toHaveCount(0);
});

test('a reload re-attaches every terminal and replays its output', async ({ page }) => {
  const alpha = await newTerminal(page, 0);
  await run(page, alpha, 'echo ALPHA-ONE');
  const bravo = await newTerminal(page, 1);
  await run(page, bravo, 'echo BRAVO-TWO');
  await expect.poll(() => bufferLines(page, bravo)).toContain('BRAVO-TWO');

  await page.reload();
  await expect(page.getByTestId('terminal-tab')).toHaveCount(2);
  await expect(tab(page, alpha)).toBeVisible();
  await expect(tab(page, bravo)).toBeVisible();
  await expect.poll(() => bufferLines(page, alpha)).toContain('ALPHA-ONE');
  await expect.poll(() => bufferLines(page, bravo)).toContain('BRAVO-TWO');

  // Still live after the re-attach: input goes out and output comes back.
  await tab(page, alpha).click();
  await run(page, alpha, 'echo AFTER-RELOAD');
  await expect.poll(() => bufferLines(page, alpha)).toContain('AFTER-RELOAD');
});

test('tabs rename on double-click, show how the process ended, tile in a grid and close', async ({ page }) => {
  const first = await newTerminal(page, 0);
  const second = await newTerminal(page, 1);

  await tab(page, first).getByTestId('terminal-tab-title').dblclick();
  await page.getByTestId('terminal-tab-rename').fill('builds');
  await page.keyboard.press('Enter');
  await expect(tab(page, first).getByTestId('terminal-tab-title')).toHaveText('builds');

  await page.getByTestId('terminal-layout').click();
  await expect(page.getByTestId('terminals')).toHaveAttribute('data-layout', 'grid');
  await expect(pane(page, first)).toBeVisible();
  await expect(pane(page, second)).toBeVisible();
  // Focus follows the click in the grid.
  await pane(page, first).click();
  await expect(tab(page, first)).toHaveAttribute('data-active', 'true');

  await run(page, first, 'exit 3');
  await expect(tab(page, first).getByTestId('terminal-tab-exit')).toHaveText('exit 3');
  await expect(tab(page, first)).toHaveAttribute('data-status', 'exited');

  await tab(page, first).getByTestId('terminal-tab-close').click();
  await expect(page.getByTestId('terminal-tab')).toHaveCount(1);
  await expect(tab(page, second)).toHaveAttribute('data-active', 'true');
});

test('the pane find bar steps through matches in its own buffer', async ({ page }) => {
  const id = await newTerminal(page, 0);
  await run(page, id, 'for i in 1 2 3; do echo marker-$i; done');
  await expect.poll(() => bufferLines(page, id)).toContain('marker-3');
  await pane(page, id).click();
  await page.keyboard.press('Control+F');
  await expect(page.getByTestId('pane-find-input')).toBeFocused();
  await page.getByTestId('pane-find-regex').check();
  await page.getByTestId('pane-find-input').fill('marker-\\d');
  await expect(page.getByTestId('pane-find-status')).toHaveText(/of 3$/);
  await page.keyboard.press('Enter');
  await expect.poll(() => selection(page, id)).toMatch(/^marker-\d$/);
  await page.getByTestId('pane-find-input').fill('(');
  await expect(page.getByTestId('pane-find-status')).toContainText('Invalid regular expression');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('pane-find')).toHaveCount(0);
});
