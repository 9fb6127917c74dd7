import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startHost } from './fixtures/headless-host';
import type { RunningHost } from './fixtures/headless-host';

/**
 * The page's own Notification API, wrapped so the test can see each notification made and each
 * permission request, and click a notification as the desktop would. Nothing of the app is stubbed.
 */
function recordNotifications(): void {
  type Recorded = { title: string; body: string | undefined; tag: string | undefined; notification: Notification };
  const scope = window as unknown as { __notifications: Recorded[]; __permissionRequests: number };
  scope.__notifications = [];
  scope.__permissionRequests = 0;
  const Real = window.Notification;
  class Recording extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      scope.__notifications.push({ title, body: options?.body, tag: options?.tag, notification: this });
    }

    static override requestPermission(): Promise<NotificationPermission> {
      scope.__permissionRequests++;
      return Real.requestPermission();
    }
  }
  window.Notification = Recording;
}

type Scope = { __notifications: { title: string; body: string | undefined; tag: string | undefined; notification: Notification }[]; __permissionRequests: number };
const notifications = (page: Page) => page.evaluate(() => (window as unknown as Scope).__notifications.map(({ title, body, tag }) => ({ title, body, tag })));
const titles = async (page: Page) => (await notifications(page)).map((n) => n.title);

let host: RunningHost;
let journal: string;
test.beforeEach(async ({ page, context }, testInfo) => {
  host = await startHost();
  journal = join(host.home, 'events.jsonl');
  if (!testInfo.title.includes('asks for permission')) await context.grantPermissions(['notifications'], { origin: host.origin });
  await page.addInitScript(recordNotifications);
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  await expect(page.getByTestId('counter-alive')).toHaveText('0');
});
test.afterEach(async () => {
  await host.stop();
});

function write(...lines: Record<string, unknown>[]): void {
  appendFileSync(journal, `${lines.map((line) => JSON.stringify({ v: 1, ts: Date.now(), source: 'e2e', ...line })).join('\n')}\n`);
}

const row = (page: Page, id: string) => page.locator(`[data-testid="agent-row"][data-agent-id="${id}"]`);

test('an error end notifies, unless the window is focused on that agent; a click focuses the agent and opens its card', async ({ page }) => {
  await expect(page.getByTestId('notifications-permission')).toHaveAttribute('data-permission', 'granted');
  write({ type: 'agent_spawn', agent_id: 'watched', name: 'watched' }, { type: 'agent_spawn', agent_id: 'elsewhere', name: 'elsewhere' });
  await expect(page.getByTestId('counter-alive')).toHaveText('2');
  await row(page, 'watched').getByRole('button').click();
  await expect(page.getByTestId('agent-details-name')).toHaveText('watched');
  expect(await page.evaluate(() => document.hasFocus())).toBe(true);

  write({ type: 'agent_done', agent_id: 'watched', outcome: 'error', error: 'seen already' });
  await expect(row(page, 'watched').getByTestId('agent-row-state')).toHaveText('error');
  write({ type: 'agent_done', agent_id: 'elsewhere', outcome: 'error', error: 'disk full' });
  await expect.poll(() => notifications(page)).toEqual([{ title: 'elsewhere ended with an error', body: 'error: disk full', tag: 'error:elsewhere' }]);

  await page.evaluate(() => (window as unknown as Scope).__notifications[0]?.notification.dispatchEvent(new Event('click')));
  await expect(page.getByTestId('agent-details-name')).toHaveText('elsewhere');
  await expect(page.getByTestId('agent-card')).toHaveAttribute('data-agent-id', 'elsewhere');
});

test('waiting for a person and the end of a run Orrery launched notify; each kind can be turned off, and stays off', async ({ page }) => {
  write({ type: 'agent_spawn', agent_id: 'asker', name: 'asker' }, { type: 'agent_spawn', agent_id: 'run-r1', run_id: 'r1', name: 'fix the build' });
  await expect(page.getByTestId('counter-alive')).toHaveText('2');
  write({ type: 'status', agent_id: 'asker', status: 'waiting' });
  await expect.poll(() => titles(page)).toEqual(['asker is waiting for you']);
  write({ type: 'agent_done', agent_id: 'run-r1', outcome: 'success' });
  await expect.poll(() => titles(page)).toEqual(['asker is waiting for you', 'Run fix the build finished']);

  await page.getByTestId('notify-error').uncheck();
  await page.getByTestId('notify-waiting').uncheck();
  write({ type: 'agent_spawn', agent_id: 'quiet', name: 'quiet' }, { type: 'agent_spawn', agent_id: 'loud', name: 'loud' });
  await expect(page.getByTestId('counter-alive')).toHaveText('3');
  write({ type: 'agent_done', agent_id: 'quiet', outcome: 'error' }, { type: 'status', agent_id: 'asker', status: 'running' }, { type: 'status', agent_id: 'asker', status: 'waiting' });
  await expect(row(page, 'quiet').getByTestId('agent-row-state')).toHaveText('error');
  // A run's failure is still told as the run's end while errors are off.
  write({ type: 'agent_spawn', agent_id: 'run-r2', run_id: 'r2', name: 'second' });
  await expect(row(page, 'run-r2')).toBeVisible();
  write({ type: 'agent_done', agent_id: 'run-r2', outcome: 'error', error: 'budget' });
  await expect.poll(() => titles(page)).toEqual(['asker is waiting for you', 'Run fix the build finished', 'Run second ended with an error']);

  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  await expect(page.getByTestId('notify-error')).not.toBeChecked();
  await expect(page.getByTestId('notify-waiting')).not.toBeChecked();
  await expect(page.getByTestId('notify-finished')).toBeChecked();
  await page.getByTestId('notify-error').check();
  write({ type: 'agent_done', agent_id: 'loud', outcome: 'error' });
  await expect.poll(() => titles(page)).toEqual(['loud ended with an error']);
});

test('the browser asks for permission only when the person clicks the button, never on load', async ({ page }) => {
  await expect(page.getByTestId('notifications-allow')).toBeVisible();
  write({ type: 'agent_spawn', agent_id: 'a' }, { type: 'agent_done', agent_id: 'a', outcome: 'error' });
  await expect(page.getByTestId('counter-errors')).toHaveText('1');
  expect(await page.evaluate(() => (window as unknown as Scope).__permissionRequests)).toBe(0);
  expect(await notifications(page)).toEqual([]);
  await page.getByTestId('notifications-allow').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as Scope).__permissionRequests)).toBe(1);
});
