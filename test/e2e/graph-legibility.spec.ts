import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startHost } from './fixtures/headless-host';
import type { RunningHost } from './fixtures/headless-host';

// The graph at the sizes people run: the fleet fills the view, labels never overlap, and the view
// follows until the person takes it. Agents are fed through the journal, as real hooks would.

let host: RunningHost;
let journal: string;
test.beforeEach(async ({ page }) => {
  host = await startHost();
  journal = join(host.home, 'events.jsonl');
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
});
test.afterEach(async () => {
  await host.stop();
});

/** The page's read-only graph probe (src-renderer/src/graph/graph-debug-hook.ts), as the browser sees it. */
interface ProbeNode {
  id: string;
  clientX: number;
  clientY: number;
  radiusPx: number;
}
interface ProbeLabel {
  id: string;
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  fontPx: number;
  hovered: boolean;
}
interface GraphProbe {
  nodeCount(): number;
  nodes(): ProbeNode[];
  labels(): ProbeLabel[];
  following(): boolean;
  lastOpened(): string | null;
}
type ProbeWindow = { __orreryGraph?: GraphProbe };
/** What the Fit test needs of the page beyond the probe; this file is typechecked without the DOM library. */
type FrameWindow = ProbeWindow & { requestAnimationFrame(callback: () => void): number };
const nodeCount = (page: Page): Promise<number> => page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.nodeCount() ?? -1);
const graphNodes = (page: Page): Promise<ProbeNode[]> => page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.nodes() ?? []);
const graphLabels = (page: Page): Promise<ProbeLabel[]> => page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.labels() ?? []);
const following = (page: Page): Promise<boolean> => page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.following() ?? false);
const lastOpened = (page: Page): Promise<string | null> => page.evaluate(() => (globalThis as ProbeWindow).__orreryGraph?.lastOpened() ?? null);

const MODELS = ['claude-opus-4', 'claude-sonnet-4', 'claude-haiku-4', 'gpt-5'];
const NAMES = ['planner', 'api-worker', 'test-runner', 'migration', 'researcher', 'dep-upgrader', 'docs-writer', 'lint-fixer', 'reviewer', 'Explore'];

/**
 * Agents `from`…`to`−1 as a small tree (a few leads, the rest their subagents), with tokens spread
 * over orders of magnitude and a mix of waiting, errored and queued ones, in one journal append.
 */
function spawnFleet(from: number, to: number): void {
  const ts = Date.now();
  const lines: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const agent = `a${i}`;
    const parent = i < 3 ? {} : { parent_id: `a${(i * 7) % Math.min(i, 12)}` };
    lines.push({ type: 'agent_spawn', agent_id: agent, ...parent, name: `${NAMES[i % NAMES.length]}-${i}`, model: MODELS[i % MODELS.length] });
    lines.push({ type: 'usage', agent_id: agent, tokens_in: 10 ** (2 + (i % 5)), tokens_out: 100 });
    if (i % 7 === 3) lines.push({ type: 'status', agent_id: agent, status: 'waiting' });
    if (i % 11 === 5) lines.push({ type: 'status', agent_id: agent, status: 'error' });
    if (i % 9 === 8) lines.push({ type: 'status', agent_id: agent, status: 'queued' });
  }
  appendFileSync(journal, `${lines.map((line) => JSON.stringify({ v: 1, ts, source: 'e2e', ...line })).join('\n')}\n`);
}

/** Waits until no node moves by more than half a pixel between two looks 250 ms apart (waiting agents keep the loop alive, so `idle` never comes). */
async function settle(page: Page, count: number): Promise<ProbeNode[]> {
  await expect.poll(() => nodeCount(page)).toBe(count);
  let before = await graphNodes(page);
  for (let attempt = 0; attempt < 80; attempt++) {
    await page.waitForTimeout(250);
    const now = await graphNodes(page);
    const still = now.length === before.length && now.every((node, i) => Math.hypot(node.clientX - (before[i]?.clientX ?? 0), node.clientY - (before[i]?.clientY ?? 0)) < 0.5);
    if (still) return now;
    before = now;
  }
  throw new Error('the graph did not come to rest within 20 s');
}

function overlap(a: ProbeLabel, b: ProbeLabel): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

async function surfaceBox(page: Page) {
  const box = await page.getByTestId('agent-graph-surface').boundingBox();
  if (box === null) throw new Error('no graph surface');
  return box;
}

for (const agents of [12, 200]) {
  test(`no two drawn labels overlap with ${agents} agents, and they are 11 px or more`, async ({ page }) => {
    spawnFleet(0, agents);
    await settle(page, agents);
    const labels = (await graphLabels(page)).filter((label) => !label.hovered);
    // Decluttering hides labels; it must not hide nearly all of them.
    expect(labels.length).toBeGreaterThanOrEqual(agents === 12 ? 8 : 20);
    for (let i = 0; i < labels.length; i++) {
      const a = labels[i] as ProbeLabel;
      expect(a.fontPx).toBeGreaterThanOrEqual(11);
      expect(a.height).toBeGreaterThanOrEqual(11);
      for (let j = i + 1; j < labels.length; j++) expect(overlap(a, labels[j] as ProbeLabel), `${a.text} overlaps ${labels[j]?.text}`).toBe(false);
    }
    // Each drawn label sits beside its own node. Labels are where the last frame drew them and
    // nodes where the layout has them now; on a loaded machine a frame may lag the settled
    // layout's last nudge, so this is read again until both come from the same frame.
    await expect
      .poll(
        async () => {
          const drawn = (await graphLabels(page)).filter((label) => !label.hovered);
          const nodes = new Map((await graphNodes(page)).map((node) => [node.id, node]));
          return drawn
            .filter((label) => nodes.has(label.id)) // the orchestrator's label has no node entry
            .filter((label) => {
              const node = nodes.get(label.id) as ProbeNode;
              const dx = Math.max(label.left - node.clientX, 0, node.clientX - (label.left + label.width));
              const dy = Math.max(label.top - node.clientY, 0, node.clientY - (label.top + label.height));
              return Math.hypot(dx, dy) >= node.radiusPx + 6;
            })
            .map((label) => label.text);
        },
        { timeout: 10_000 },
      )
      .toEqual([]);
  });
}

test('with 5 to 50 agents the fleet fills at least half of the shorter side; nodes are 6 px or more', async ({ page }) => {
  let spawned = 0;
  for (const agents of [5, 20, 50]) {
    spawnFleet(spawned, agents);
    spawned = agents;
    const nodes = await settle(page, agents);
    const box = await surfaceBox(page);
    const left = Math.min(...nodes.map((node) => node.clientX - node.radiusPx));
    const right = Math.max(...nodes.map((node) => node.clientX + node.radiusPx));
    const top = Math.min(...nodes.map((node) => node.clientY - node.radiusPx));
    const bottom = Math.max(...nodes.map((node) => node.clientY + node.radiusPx));
    const shorter = Math.min(box.width, box.height);
    expect(Math.max(right - left, bottom - top), `${agents} agents`).toBeGreaterThanOrEqual(shorter / 2);
    // All of it in view, with a margin.
    expect(left).toBeGreaterThan(box.x);
    expect(right).toBeLessThan(box.x + box.width);
    expect(top).toBeGreaterThan(box.y);
    expect(bottom).toBeLessThan(box.y + box.height);
    for (const node of nodes) expect(node.radiusPx * 2).toBeGreaterThanOrEqual(6);
    for (const label of await graphLabels(page)) expect(label.fontPx).toBeGreaterThanOrEqual(11);
  }
});

test('the view follows the growing fleet until a zoom, and Fit eases back into following', async ({ page }) => {
  spawnFleet(0, 5);
  await settle(page, 5);
  expect(await following(page)).toBe(true);
  const small = await surfaceBox(page);
  spawnFleet(5, 40);
  const grown = await settle(page, 40);
  const inside = (node: ProbeNode) => node.clientX > small.x && node.clientX < small.x + small.width && node.clientY > small.y && node.clientY < small.y + small.height;
  expect(grown.every(inside)).toBe(true);
  expect(await following(page)).toBe(true);

  // The person zooms in: following stops, and new agents do not pull the view back.
  const first = grown.find((node) => node.id === 'a0') as ProbeNode;
  await page.mouse.move(first.clientX, first.clientY);
  await page.mouse.wheel(0, -600);
  await expect.poll(() => following(page)).toBe(false);
  const zoomed = await settle(page, 40);
  expect(zoomed.some((node) => !inside(node))).toBe(true);
  spawnFleet(40, 45);
  const after = await settle(page, 45);
  expect(after.some((node) => !inside(node))).toBe(true);
  expect(await following(page)).toBe(false);

  // Fit: back to following, easing over several frames rather than jumping. The screen distance
  // between two nodes at rest is the zoom times a constant: it must shrink step by step.
  const gap = (nodes: readonly ProbeNode[]): number => {
    const [a, b] = [nodes.find((node) => node.id === 'a0'), nodes.find((node) => node.id === 'a1')];
    return Math.hypot((a?.clientX ?? 0) - (b?.clientX ?? 0), (a?.clientY ?? 0) - (b?.clientY ?? 0));
  };
  const zoomedGap = gap(after);
  await page.getByTestId('graph-fit').click();
  const path = await page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const gaps: number[] = [];
        const sample = (): void => {
          const nodes = (globalThis as ProbeWindow).__orreryGraph?.nodes() ?? [];
          const [a, b] = [nodes.find((node) => node.id === 'a0'), nodes.find((node) => node.id === 'a1')];
          gaps.push(Math.hypot((a?.clientX ?? 0) - (b?.clientX ?? 0), (a?.clientY ?? 0) - (b?.clientY ?? 0)));
          if (gaps.length < 40) (globalThis as unknown as FrameWindow).requestAnimationFrame(sample);
          else resolve(gaps);
        };
        (globalThis as unknown as FrameWindow).requestAnimationFrame(sample);
      }),
  );
  expect(await following(page)).toBe(true);
  const fitted = await settle(page, 45);
  expect(fitted.every(inside)).toBe(true);
  const fittedGap = gap(fitted);
  expect(fittedGap).toBeLessThan(zoomedGap * 0.7);
  expect(new Set(path.map((value) => Math.round(value))).size).toBeGreaterThan(5);
  path.reduce((previous, value) => {
    expect(value).toBeLessThanOrEqual(previous + 0.5);
    expect(value).toBeGreaterThanOrEqual(fittedGap - 0.5);
    return value;
  }, zoomedGap + 0.5);
});

test('a double-click opens an agent, a single click only selects it, and a selected or hovered agent shows its hidden label', async ({ page }) => {
  spawnFleet(0, 200);
  const nodes = await settle(page, 200);
  const labelled = new Set((await graphLabels(page)).map((label) => label.id));
  const hidden = nodes.filter((node) => !labelled.has(node.id));
  expect(hidden.length).toBeGreaterThan(0);

  const hoverable = hidden[Math.floor(hidden.length / 2)] as ProbeNode;
  await page.mouse.move(hoverable.clientX, hoverable.clientY);
  await expect.poll(async () => (await graphLabels(page)).find((label) => label.hovered)?.id).toBe(hoverable.id);

  const clicked = hidden[0] as ProbeNode;
  await page.mouse.click(clicked.clientX, clicked.clientY);
  await expect(page.getByTestId('agent-details')).toBeVisible();
  expect(await lastOpened(page)).toBeNull();
  // Selected, its label wins its place back among the still labels.
  await page.mouse.move(0, 0);
  await expect.poll(async () => (await graphLabels(page)).some((label) => label.id === clicked.id && !label.hovered)).toBe(true);
  const labels = (await graphLabels(page)).filter((label) => !label.hovered);
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i] as ProbeLabel, labels[j] as ProbeLabel)).toBe(false);

  await page.mouse.dblclick(hoverable.clientX, hoverable.clientY);
  await expect.poll(() => lastOpened(page)).toBe(hoverable.id);
});

test('the legend, hidden at first, names the models in the fleet; showing it is remembered and keeps the fleet beside it', async ({ page }) => {
  spawnFleet(0, 8);
  await settle(page, 8);
  const legend = page.getByTestId('graph-legend');
  const toggle = page.getByTestId('graph-legend-toggle');
  await expect(legend).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(legend).toBeVisible();
  await expect(legend.getByTestId('graph-legend-model')).toHaveCount(MODELS.length);
  await expect(legend).toContainText('claude-haiku-4');
  await expect(legend).toContainText('waiting');
  // Following moves the fleet out from under the legend.
  const panel = await legend.boundingBox();
  if (panel === null) throw new Error('no legend box');
  await expect
    .poll(async () => (await graphNodes(page)).every((node) => node.clientX - node.radiusPx > panel.x + panel.width || node.clientY + node.radiusPx < panel.y))
    .toBe(true);

  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(legend).toBeVisible();
  await toggle.click();
  await expect(legend).toHaveCount(0);
});
