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

const write = (start: number, ...lines: Parameters<typeof appendEvents>[2][]) => appendEvents(fleet.journal, start, ...lines);

const GREEN = 'rgb(63, 185, 80)';
const YELLOW = 'rgb(210, 153, 34)';
const RED = 'rgb(248, 81, 73)';

test('the details panel shows the tool calls as coloured bars on a time axis, subagents nested, failures marked, input and result on hover', async ({ page }) => {
  const start = Date.now() - 30_000;
  write(
    start,
    { at: 0, type: 'agent_spawn', agent_id: 'lead', name: 'lead', model: 'claude-sonnet-4' },
    { at: 100, type: 'tool_use', agent_id: 'lead', tool: 'Read', tool_use_id: 'fast', input_summary: 'src/main.ts' },
    { at: 400, type: 'tool_result', agent_id: 'lead', tool_use_id: 'fast', ok: true, duration_ms: 300 },
    { at: 1_000, type: 'tool_use', agent_id: 'lead', tool: 'Grep', tool_use_id: 'medium', input_summary: 'TODO in src/' },
    { at: 3_500, type: 'tool_result', agent_id: 'lead', tool_use_id: 'medium', ok: true, duration_ms: 2_500 },
    { at: 4_000, type: 'tool_use', agent_id: 'lead', tool: 'Bash', tool_use_id: 'slow', input_summary: 'npm test' },
    { at: 12_000, type: 'tool_result', agent_id: 'lead', tool_use_id: 'slow', ok: false, duration_ms: 8_000, error: '3 tests failed' },
    { at: 5_000, type: 'agent_spawn', agent_id: 'scout', parent_id: 'lead', name: 'scout' },
    { at: 5_500, type: 'tool_use', agent_id: 'scout', tool: 'Glob', tool_use_id: 'sub-1', input_summary: '**/*.md' },
    { at: 5_700, type: 'tool_result', agent_id: 'scout', tool_use_id: 'sub-1', ok: true, duration_ms: 200 },
    { at: 6_000, type: 'log', agent_id: 'scout', level: 'error', message: 'rate limited' },
  );
  await expect(page.getByTestId('counter-alive')).toHaveText('2');
  await agentRow(page, 'lead').getByRole('button').click();
  const timeline = page.getByTestId('agent-timeline');
  await expect(timeline.getByTestId('timeline-bar')).toHaveCount(4);

  const rows = timeline.getByTestId('timeline-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-agent-id', 'lead');
  await expect(rows.nth(1)).toHaveAttribute('data-agent-id', 'scout');
  await expect(rows.nth(1)).toHaveAttribute('data-depth', '1');

  const bar = (tool: string) => timeline.locator(`[data-testid="timeline-bar"][data-tool="${tool}"]`);
  await expect(bar('Read')).toHaveCSS('background-color', GREEN);
  await expect(bar('Grep')).toHaveCSS('background-color', YELLOW);
  await expect(bar('Bash')).toHaveCSS('background-color', RED);
  await expect(bar('Glob')).toHaveCSS('background-color', GREEN);
  await expect(bar('Bash')).toHaveAttribute('data-ok', 'false');
  await expect(rows.nth(1).getByTestId('timeline-error-mark')).toHaveCount(1);
  // On one axis: the slow call starts later and is wider than the quick one.
  const [read, bash] = [(await bar('Read').boundingBox())!, (await bar('Bash').boundingBox())!];
  expect(bash.x).toBeGreaterThan(read.x);
  expect(bash.width).toBeGreaterThan(read.width * 10);

  await bar('Bash').hover();
  const tooltip = page.getByTestId('timeline-tooltip');
  await expect(tooltip.getByTestId('timeline-tooltip-input')).toHaveText('npm test');
  await expect(tooltip.getByTestId('timeline-tooltip-result')).toHaveText('failed after 8.0 s: 3 tests failed');
  await bar('Read').hover();
  await expect(tooltip.getByTestId('timeline-tooltip-result')).toHaveText('ok in 0.3 s');

  // The panel keeps up: a new call appears on the timeline.
  write(start, { at: 29_000, type: 'tool_use', agent_id: 'lead', tool: 'Edit', tool_use_id: 'late', input_summary: 'README.md' }, { at: 29_100, type: 'tool_result', agent_id: 'lead', tool_use_id: 'late', ok: true, duration_ms: 100 });
  await expect(timeline.getByTestId('timeline-bar')).toHaveCount(5);
  await expect(bar('Edit')).toHaveCSS('background-color', GREEN);
});

test('tokens, cache and cost per agent and for the fleet: the cache hit rate coloured, estimated costs marked', async ({ page }) => {
  const start = Date.now() - 5_000;
  write(
    start,
    { at: 0, type: 'agent_spawn', agent_id: 'cached', name: 'cached' },
    { at: 10, type: 'usage', agent_id: 'cached', tokens_in: 1_000, tokens_out: 400, cache_read: 9_000, cache_write: 500, cost_usd: 0.5 },
    { at: 20, type: 'agent_spawn', agent_id: 'cold', name: 'cold' },
    { at: 30, type: 'usage', agent_id: 'cold', tokens_in: 8_000, tokens_out: 100, cache_read: 1_000, cost_usd: 0.25, cost_estimated: true },
  );
  await expect(page.getByTestId('counter-alive')).toHaveText('2');
  // Fleet: 10,000 of 19,000 input tokens from the cache is 52 %, yellow; some of the cost is estimated.
  await expect(page.getByTestId('counter-cost')).toHaveText('$0.7500est.');
  await expect(page.getByTestId('counter-cost').locator('[data-estimated="true"]')).toHaveCount(1);
  await expect(page.getByTestId('counter-cache-rate')).toHaveText('52 %');
  await expect(page.getByTestId('counter-cache-rate').locator('.cache-rate')).toHaveCSS('color', YELLOW);

  await agentRow(page, 'cached').getByRole('button').click();
  const details = page.getByTestId('agent-details');
  await expect(details.getByTestId('usage-tokens')).toHaveText('1.0k in / 400 out');
  await expect(details.getByTestId('usage-cache')).toHaveText('9.0k read / 500 write · 90 % hit');
  await expect(details.getByTestId('usage-cache-rate')).toHaveAttribute('data-level', 'good');
  await expect(details.getByTestId('usage-cache-rate')).toHaveCSS('color', GREEN);
  await expect(details.getByTestId('usage-cost')).toHaveText('$0.5000');

  await agentRow(page, 'cold').getByRole('button').click();
  await expect(details.getByTestId('agent-details-name')).toHaveText('cold');
  await expect(details.getByTestId('usage-cache-rate')).toHaveText('11 %');
  await expect(details.getByTestId('usage-cache-rate')).toHaveCSS('color', RED);
  await expect(details.getByTestId('usage-cost')).toHaveText('$0.2500est.');

  // The fleet's totals outlive the agents that made them.
  write(start, { at: 4_000, type: 'agent_done', agent_id: 'cached', outcome: 'success' }, { at: 4_000, type: 'agent_done', agent_id: 'cold', outcome: 'success' });
  await expect(page.getByTestId('agent-row')).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByTestId('counter-cost')).toHaveText('$0.7500est.');
  await expect(page.getByTestId('counter-cache-rate')).toHaveText('52 %');
});
