import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { appendEvents, openFleetPage } from './fixtures/fleet-page';
import type { FleetPage } from './fixtures/fleet-page';
import { agentRow } from './fixtures/page-probes';

/** What the page's Notification API looks like from here (these specs compile without DOM types). */
interface PageNotification {
  dispatchEvent(event: unknown): boolean;
}
type NotificationApi = (new (title: string, options?: { body?: string; tag?: string }) => PageNotification) & { requestPermission(): Promise<string> };
interface Recorded {
  title: string;
  body: string | undefined;
  tag: string | undefined;
  notification: PageNotification;
}
type Scope = { Notification: NotificationApi; __notifications: Recorded[]; __permissionRequests: number; document: { hasFocus(): boolean } };

/**
 * The page's own Notification API, wrapped so the test can see each notification made and each
 * permission request, and click a notification as the desktop would. Nothing of the app is stubbed.
 */
function recordNotifications(): void {
  const scope = globalThis as unknown as Scope;
  scope.__notifications = [];
  scope.__permissionRequests = 0;
  const Real = scope.Notification;
  class Recording extends Real {
    constructor(title: string, options?: { body?: string; tag?: string }) {
      super(title, options);
      scope.__notifications.push({ title, body: options?.body, tag: options?.tag, notification: this });
    }

    static override requestPermission(): Promise<string> {
      scope.__permissionRequests++;
      return Real.requestPermission();
    }
  }
  scope.Notification = Recording;
}

const notifications = (page: Page) => page.evaluate(() => (globalThis as unknown as Scope).__notifications.map(({ title, body, tag }) => ({ title, body, tag })));
const titles = async (page: Page) => (await notifications(page)).map((n) => n.title);

let fleet: FleetPage;
test.beforeEach(async ({ page, context }, testInfo) => {
  fleet = await openFleetPage(page, async (host) => {
    if (!testInfo.title.includes('asks for permission')) await context.grantPermissions(['notifications'], { origin: host.origin });
    await page.addInitScript(recordNotifications);
  });
});
test.afterEach(async () => {
  await fleet.host.stop();
});

/** Journal lines dated now. */
const write = (...lines: Record<string, unknown>[]) => appendEvents(fleet.journal, Date.now(), ...lines.map((line) => ({ at: 0, ...line })));


test('an error end notifies, unless the window is focused on that agent; a click focuses the agent and opens its card', async ({ page }) => {
  await expect(page.getByTestId('notifications-permission')).toHaveAttribute('data-permission', 'granted');
  write({ type: 'agent_spawn', agent_id: 'watched', name: 'watched' }, { type: 'agent_spawn', agent_id: 'elsewhere', name: 'elsewhere' });
  await expect(page.getByTestId('counter-alive')).toHaveText('2');
  await agentRow(page, 'watched').getByRole('button').click();
  await expect(page.getByTestId('agent-details-name')).toHaveText('watched');
  expect(await page.evaluate(() => (globalThis as unknown as Scope).document.hasFocus())).toBe(true);

  write({ type: 'agent_done', agent_id: 'watched', outcome: 'error', error: 'seen already' });
  await expect(agentRow(page, 'watched').getByTestId('agent-row-state')).toHaveText('error');
  write({ type: 'agent_done', agent_id: 'elsewhere', outcome: 'error', error: 'disk full' });
  await expect.poll(() => notifications(page)).toEqual([{ title: 'elsewhere ended with an error', body: 'error: disk full', tag: 'error:elsewhere' }]);

  await page.evaluate(() => (globalThis as unknown as Scope).__notifications[0]?.notification.dispatchEvent(new Event('click')));
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
  await expect(agentRow(page, 'quiet').getByTestId('agent-row-state')).toHaveText('error');
  // A run's failure is still told as the run's end while errors are off.
  write({ type: 'agent_spawn', agent_id: 'run-r2', run_id: 'r2', name: 'second' });
  await expect(agentRow(page, 'run-r2')).toBeVisible();
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
  expect(await page.evaluate(() => (globalThis as unknown as Scope).__permissionRequests)).toBe(0);
  expect(await notifications(page)).toEqual([]);
  await page.getByTestId('notifications-allow').click();
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as Scope).__permissionRequests)).toBe(1);
});
