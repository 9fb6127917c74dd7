import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startHost } from './fixtures/headless-host';
import type { RunningHost } from './fixtures/headless-host';
import { agentRow } from './fixtures/page-probes';

let host: RunningHost;
let journal: string;
test.beforeEach(async ({ page }) => {
  host = await startHost();
  journal = join(host.home, 'events.jsonl');
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  await expect(page.getByTestId('counter-alive')).toHaveText('0');
});
test.afterEach(async () => {
  await host.stop();
});

/** Appends journal lines the way an agent hook would; objects become one JSON line each. */
function write(...lines: (Record<string, unknown> | string)[]): void {
  const text = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify({ v: 1, ts: Date.now(), source: 'e2e', ...line })));
  appendFileSync(journal, `${text.join('\n')}\n`);
}

/** The page's read-only graph probe (src-renderer/src/graph/graph-debug-hook.ts), as the browser sees it. */
interface GraphProbe {
  nodeCount(): number;
  idle(): boolean;
  nodes(): { id: string; parent: string | null; finished: boolean; clientX: number; clientY: number }[];
  labels(): { id: string }[];
  paintsInWorker(): boolean;
}
type ProbeWindow = { __orreryGraph?: GraphProbe };
const nodeCount = (page: Page): Promise<number> => page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.nodeCount() ?? -1);
const graphNodes = (page: Page) => page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.nodes() ?? []);
const graphIdle = (page: Page): Promise<boolean> => page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.idle() ?? false);
const paintsInWorker = (page: Page): Promise<boolean | undefined> => page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.paintsInWorker());
const labelIds = async (page: Page): Promise<string[]> => (await page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.labels() ?? [])).map((label) => label.id);

test('spawn, tool use and end move the counters, the list and the graph', async ({ page }) => {
  write({ type: 'agent_spawn', agent_id: 'lead', name: 'lead', model: 'claude-sonnet-4' });
  await expect(page.getByTestId('counter-alive')).toHaveText('1');
  await expect(page.getByTestId('counter-spawned')).toHaveText('1');
  await expect(agentRow(page, 'lead')).toBeVisible();
  await expect(agentRow(page, 'lead').getByTestId('agent-row-state')).toHaveText('running');
  await expect.poll(() => nodeCount(page)).toBe(1);
  await expect(page.getByTestId('counter-last-event')).toHaveText(/ago$/);

  write({ type: 'tool_use', agent_id: 'lead', tool: 'Grep', tool_use_id: 'tu-1', input_summary: 'TODO in src/' });
  await expect(page.getByTestId('counter-tool-calls')).toHaveText('1');
  await expect(agentRow(page, 'lead').getByTestId('agent-row-tool')).toHaveText('Grep');

  write({ type: 'agent_spawn', agent_id: 'scout', parent_id: 'lead', name: 'scout', model: 'claude-haiku-4' });
  await expect(page.getByTestId('counter-alive')).toHaveText('2');
  await expect(agentRow(page, 'scout')).toHaveAttribute('data-parent-id', 'lead');
  await expect(agentRow(page, 'scout')).toHaveAttribute('data-depth', '1');
  await expect.poll(() => nodeCount(page)).toBe(2);
  const nodes = await graphNodes(page);
  expect(nodes.find((node) => node.id === 'scout')?.parent).toBe('lead');
  expect(nodes.find((node) => node.id === 'lead')?.parent).toBeNull();

  write({ type: 'agent_done', agent_id: 'scout', outcome: 'success' });
  await expect(page.getByTestId('counter-done')).toHaveText('1');
  await expect(page.getByTestId('counter-alive')).toHaveText('1');
  await expect(agentRow(page, 'scout').getByTestId('agent-row-state')).toHaveText('success');
  expect((await graphNodes(page)).find((node) => node.id === 'scout')?.finished).toBe(true);
  // After the linger (~4 s) the finished agent leaves both views.
  await expect(agentRow(page, 'scout')).toHaveCount(0, { timeout: 10_000 });
  await expect.poll(() => nodeCount(page)).toBe(1);
  await expect(agentRow(page, 'lead')).toBeVisible();
});

test('hovering a node shows its tooltip and clicking it opens its recent events', async ({ page }) => {
  write(
    { type: 'agent_spawn', agent_id: 'lead', name: 'lead', model: 'claude-opus-4' },
    { type: 'tool_use', agent_id: 'lead', tool: 'Read', tool_use_id: 'tu-1', input_summary: 'README.md' },
    { type: 'usage', agent_id: 'lead', tokens_in: 1200, tokens_out: 300, cost_usd: 0.25 },
  );
  await expect.poll(() => nodeCount(page)).toBe(1);
  await expect(page.getByTestId('counter-tool-calls')).toHaveText('1');
  await expect.poll(() => graphIdle(page)).toBe(true);
  const [lead] = await graphNodes(page);
  expect(lead?.id).toBe('lead');

  await page.mouse.move(lead?.clientX ?? 0, lead?.clientY ?? 0);
  const tooltip = page.getByTestId('agent-tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('lead');
  await expect(tooltip).toContainText('claude-opus-4');
  await expect(tooltip.getByTestId('agent-tooltip-tool')).toHaveText('Read');
  await expect(tooltip).toContainText('1.2k in / 300 out');
  await expect(tooltip).toContainText('$0.2500');

  await page.mouse.click(lead?.clientX ?? 0, lead?.clientY ?? 0);
  const details = page.getByTestId('agent-details');
  await expect(details.getByTestId('agent-details-name')).toHaveText('lead');
  await expect(details.getByTestId('agent-details-event')).toHaveCount(3);
  await expect(details.getByTestId('agent-details-event').first()).toHaveAttribute('data-type', 'usage');
  await expect(details).toContainText('Read — README.md');

  // The panel keeps up with the agent while it is open.
  write({ type: 'log', agent_id: 'lead', level: 'info', message: 'found it' });
  await expect(details.getByTestId('agent-details-event')).toHaveCount(4);
  await expect(details).toContainText('[info] found it');
  await details.getByTestId('agent-details-close').click();
  await expect(details).toHaveCount(0);
});

test('clicking a row in the list selects the agent; the filter narrows the list', async ({ page }) => {
  write(
    { type: 'agent_spawn', agent_id: 'alpha', name: 'alpha', model: 'claude-opus-4' },
    { type: 'agent_spawn', agent_id: 'beta', name: 'beta', model: 'gpt-5' },
    { type: 'status', agent_id: 'beta', status: 'waiting' },
  );
  await expect(page.getByTestId('agent-row')).toHaveCount(2);
  await page.getByTestId('agents-filter').fill('gpt');
  await expect(page.getByTestId('agent-row')).toHaveCount(1);
  await expect(agentRow(page, 'beta')).toBeVisible();
  await page.getByTestId('agents-filter').fill('');
  await page.getByTestId('agents-status-filter').selectOption('waiting');
  await expect(page.getByTestId('agent-row')).toHaveCount(1);
  await page.getByTestId('agents-status-filter').selectOption('all');
  await agentRow(page, 'alpha').getByRole('button').click();
  await expect(page.getByTestId('agent-details-name')).toHaveText('alpha');
  await expect(page.getByTestId('agent-details-event')).toHaveCount(1);
});

test('rejected journal lines raise a warning badge with their count and reasons', async ({ page }) => {
  write({ type: 'agent_spawn', agent_id: 'ok' });
  await expect(page.getByTestId('counter-alive')).toHaveText('1');
  await expect(page.getByTestId('journal-warning')).toHaveCount(0);

  write('{not json', JSON.stringify({ v: 1, ts: Date.now(), type: 'agent_done', agent_id: 'ok', source: 'e2e', outcome: 'exploded' }));
  const badge = page.getByTestId('journal-warning');
  await expect(badge).toBeVisible();
  await expect(badge.getByTestId('journal-warning-count')).toHaveText('2');
  await badge.click();
  const details = page.getByTestId('journal-warning-details');
  await expect(details).toContainText(journal);
  await expect(details.getByTestId('journal-rejection')).toHaveCount(2);
  await expect(details).toContainText('malformed json');
  await expect(details).toContainText('schema violation');
  await expect(details).toContainText('outcome');
  await expect(details).toContainText('{not json');
  await expect(details).toContainText('line 2');
  // The good agent was not disturbed by the bad lines around it.
  await expect(page.getByTestId('counter-alive')).toHaveText('1');
});

test('the graph resumes from a fresh snapshot after the page reloads', async ({ page }) => {
  write({ type: 'agent_spawn', agent_id: 'lead' }, { type: 'agent_spawn', agent_id: 'kid', parent_id: 'lead' });
  await expect.poll(() => nodeCount(page)).toBe(2);
  await page.reload();
  await expect(page.getByTestId('counter-alive')).toHaveText('2');
  await expect.poll(() => nodeCount(page)).toBe(2);
  await expect(agentRow(page, 'kid')).toHaveAttribute('data-depth', '1');
});

test('after a host restart the graph is the fresh snapshot: running agents restored, nothing doubled', async ({ page }) => {
  await host.stop();
  // A pinned token lets the restarted host accept the page's old URL.
  const token = 'e2e-live-graph-reconnect-0123456789';
  host = await startHost({ env: { ORRERY_TOKEN: token } });
  journal = join(host.home, 'events.jsonl');
  const { port, home } = host;
  await page.goto(host.url);
  write({ type: 'agent_spawn', agent_id: 'before' });
  await expect.poll(() => nodeCount(page)).toBe(1);

  await host.stop();
  await expect(page.getByTestId('connection-status')).toHaveText(/reconnecting/);
  // Written while the host is down: the restarted host reads it from where it stopped.
  write({ type: 'agent_spawn', agent_id: 'during' });
  host = await startHost({ env: { ORRERY_TOKEN: token }, port, home });
  await expect(page.getByTestId('connection-status')).toHaveText('connected', { timeout: 20_000 });
  // The fresh snapshot replaces the page's model: 'before' is restored from the store, once.
  await expect(agentRow(page, 'before')).toBeVisible();
  await expect(agentRow(page, 'during')).toBeVisible();
  await expect(page.getByTestId('agent-row')).toHaveCount(2);
  await expect.poll(() => nodeCount(page)).toBe(2);

  write({ type: 'agent_spawn', agent_id: 'after' });
  await expect(agentRow(page, 'after')).toBeVisible();
  await expect.poll(() => nodeCount(page)).toBe(3);
});

test('the wheel zooms around the pointer, a drag pans, and Fit brings every agent back into view', async ({ page }) => {
  write(
    { type: 'agent_spawn', agent_id: 'lead', name: 'lead', model: 'claude-sonnet-4' },
    { type: 'agent_spawn', agent_id: 'left', parent_id: 'lead', name: 'left', model: 'claude-haiku-4' },
    { type: 'agent_spawn', agent_id: 'right', parent_id: 'lead', name: 'right', model: 'claude-haiku-4' },
  );
  await expect.poll(() => nodeCount(page)).toBe(3);
  await expect.poll(() => graphIdle(page), { timeout: 15_000 }).toBe(true);
  const surface = page.getByTestId('agent-graph-surface');
  const box = (await surface.boundingBox())!;
  const at = async (id: string) => (await graphNodes(page)).find((node) => node.id === id)!;
  const gap = async () => {
    const [a, b] = [await at('left'), await at('right')];
    return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
  };

  const lead = await at('lead');
  const spread = await gap();
  await page.mouse.move(lead.clientX, lead.clientY);
  await page.mouse.wheel(0, -400);
  await expect.poll(gap).toBeGreaterThan(spread * 1.5);
  // Zooming keeps what is under the pointer where it is.
  const leadAfterZoom = await at('lead');
  expect(Math.abs(leadAfterZoom.clientX - lead.clientX)).toBeLessThan(3);
  expect(Math.abs(leadAfterZoom.clientY - lead.clientY)).toBeLessThan(3);

  const before = await at('lead');
  // Across the middle, clear of the overlays in the corners.
  const drag = box.width / 2;
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.6, { steps: 8 });
  await page.mouse.up();
  // The graph followed the pointer: it moved left by the drag.
  const panned = await at('lead');
  expect(Math.abs(before.clientX - drag - panned.clientX)).toBeLessThan(3);
  expect(Math.abs(before.clientY - panned.clientY)).toBeLessThan(3);

  await page.getByTestId('graph-fit').click();
  const inside = (node: { clientX: number; clientY: number }) => node.clientX > box.x && node.clientX < box.x + box.width && node.clientY > box.y && node.clientY < box.y + box.height;
  await expect.poll(async () => (await graphNodes(page)).every(inside), { timeout: 5_000 }).toBe(true);
});

test('the graph is drawn in its paint worker, and on the main thread when the worker cannot start or fails', async ({ page }) => {
  write({ type: 'agent_spawn', agent_id: 'lead', name: 'lead', model: 'claude-sonnet-4' });
  /** A node's spot on screen differs from an empty spot of the graph: something was drawn there. */
  const drawn = async (): Promise<boolean> => {
    const [node] = await graphNodes(page);
    const box = await page.getByTestId('agent-graph-surface').boundingBox();
    if (node === undefined || box === null) return false;
    const spot = (x: number, y: number) => page.screenshot({ clip: { x: x - 8, y: y - 8, width: 16, height: 16 } });
    const [atNode, empty] = await Promise.all([spot(node.clientX, node.clientY), spot(box.x + box.width - 20, box.y + box.height - 20)]);
    return !atNode.equals(empty);
  };

  await expect.poll(() => paintsInWorker(page)).toBe(true);
  await expect.poll(() => labelIds(page)).toContain('lead');
  await expect.poll(drawn).toBe(true);

  // A page that cannot start the worker (here its script does not load) paints on the main thread.
  await page.route(/graph-paint\.worker-.*\.js$/, (route) => route.abort());
  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  await expect.poll(() => paintsInWorker(page)).toBe(false);
  await expect.poll(() => labelIds(page)).toContain('lead');
  await expect.poll(drawn).toBe(true);

  // A worker that starts, takes the canvases and then fails: the page takes over on fresh ones.
  await page.unroute(/graph-paint\.worker-.*\.js$/);
  await page.route(/graph-paint\.worker-.*\.js$/, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: "postMessage({ kind: 'ready' }); onmessage = (event) => { if (event.data.kind === 'frame') postMessage({ kind: 'failed', message: 'scripted failure' }); };" }),
  );
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  await expect.poll(() => warnings.some((text) => text.includes('scripted failure'))).toBe(true);
  await expect.poll(() => paintsInWorker(page)).toBe(false);
  await expect.poll(() => labelIds(page)).toContain('lead');
  await expect.poll(drawn).toBe(true);
  await expect(page.locator('[data-testid="agent-graph-surface"] canvas')).toHaveCount(2);
});
