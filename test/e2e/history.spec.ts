import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { appendEvents, openFleetPage } from './fixtures/fleet-page';
import type { FleetPage } from './fixtures/fleet-page';
import { agentRow } from './fixtures/page-probes';

let fleet: FleetPage;
test.beforeEach(async ({ page }) => {
  fleet = await openFleetPage(page);
});
test.afterEach(async () => {
  await fleet.host.stop();
});

/** Journal lines dated `at` ms after `start`, as an agent's hook would have written them then. */
const write = (start: number, ...lines: Parameters<typeof appendEvents>[2][]) => appendEvents(fleet.journal, start, ...lines);

type ProbeWindow = { __orreryGraph?: { nodes(): { id: string; finished: boolean }[] } };
const graphIds = async (page: Page) => (await page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.nodes() ?? [])).map((node) => node.id).sort();
const rowIds = async (page: Page) => (await Promise.all((await page.getByTestId('agent-row').all()).map(async (row) => (await row.getAttribute('data-agent-id')) ?? ''))).sort();

test('drag to a past moment shows the fleet as it was; play moves it on; Live returns to the live fleet', async ({ page }) => {
  const start = Date.now() - 60_000;
  write(
    start,
    { at: 0, type: 'agent_spawn', agent_id: 'lead', name: 'lead' },
    { at: 1_000, type: 'tool_use', agent_id: 'lead', tool: 'Bash', tool_use_id: 't1' },
    { at: 2_000, type: 'agent_spawn', agent_id: 'scout', parent_id: 'lead', name: 'scout' },
    { at: 3_000, type: 'usage', agent_id: 'scout', tokens_in: 100, tokens_out: 10, cost_usd: 0.5 },
    { at: 20_000, type: 'agent_done', agent_id: 'scout', outcome: 'error', error: 'boom' },
    { at: 40_000, type: 'agent_spawn', agent_id: 'later', name: 'later' },
  );
  await expect(page.getByTestId('counter-spawned')).toHaveText('3');
  // The scout ended 40 s ago: past its linger, it leaves the list at the page's next expiry tick.
  await expect.poll(() => rowIds(page), { timeout: 30_000 }).toEqual(['later', 'lead']);
  await expect(page.getByTestId('replay-status')).toHaveText('live');
  await expect(page.getByTestId('history-live')).toBeDisabled();

  // Ten seconds in: the scout still runs, the later agent has not come yet.
  await page.getByTestId('history-slider').fill(String(start + 10_000));
  await expect(page.getByTestId('replay-status')).toHaveText(/^replaying \d\d:\d\d:\d\d$/);
  await expect.poll(() => rowIds(page)).toEqual(['lead', 'scout']);
  await expect.poll(() => graphIds(page)).toEqual(['lead', 'scout']);
  await expect(agentRow(page, 'scout').getByTestId('agent-row-state')).toHaveText('running');
  await expect(page.getByTestId('counter-alive')).toHaveText('2');
  await expect(page.getByTestId('counter-spawned')).toHaveText('2');
  await expect(page.getByTestId('counter-errors')).toHaveText('0');
  await expect(page.getByTestId('counter-cost')).toHaveText('$0.5000');

  // What happens live meanwhile does not disturb the replayed fleet.
  write(Date.now(), { at: 0, type: 'agent_spawn', agent_id: 'meanwhile', name: 'meanwhile' });
  await page.waitForTimeout(500);
  expect(await rowIds(page)).toEqual(['lead', 'scout']);

  // Played at 16×, the scout's error comes within a second, then the later agent.
  await page.getByTestId('history-speed-16').click();
  await page.getByTestId('history-play').click();
  await expect(agentRow(page, 'scout').getByTestId('agent-row-state')).toHaveText('error', { timeout: 5_000 });
  await expect(page.getByTestId('counter-errors')).toHaveText('1');
  await expect(agentRow(page, 'later')).toBeVisible({ timeout: 5_000 });
  await expect(agentRow(page, 'meanwhile')).toHaveCount(0);
  await page.getByTestId('history-play').click();
  await expect(page.getByTestId('history-play')).toHaveText('Play');

  await page.getByTestId('history-live').click();
  await expect(page.getByTestId('replay-status')).toHaveText('live');
  await expect.poll(() => rowIds(page)).toEqual(['later', 'lead', 'meanwhile']);
  await expect.poll(() => graphIds(page)).toEqual(['later', 'lead', 'meanwhile']);
  await expect(page.getByTestId('counter-spawned')).toHaveText('4');
  await expect(page.getByTestId('counter-alive')).toHaveText('3');

  // Live again: new events show at once.
  write(Date.now(), { at: 0, type: 'agent_spawn', agent_id: 'after', name: 'after' });
  await expect(agentRow(page, 'after')).toBeVisible();
});

test('the timeline waits for history: nothing stored yet, then a slider once events are', async ({ page }) => {
  await expect(page.getByTestId('history-timeline')).toContainText('No history stored yet.');
  await expect(page.getByTestId('history-slider')).toHaveCount(0);
  write(Date.now() - 5_000, { at: 0, type: 'agent_spawn', agent_id: 'only' });
  await expect(page.getByTestId('counter-spawned')).toHaveText('1');
  await expect(page.getByTestId('history-slider')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('history-play')).toBeDisabled();
});
