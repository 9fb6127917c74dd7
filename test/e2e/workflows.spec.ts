import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startHost } from './fixtures/headless-host';
import type { RunningHost } from './fixtures/headless-host';

// The workflow's agents are real processes: the built-in `demo` profile runs
// resources/agents/demo-agent.mjs, which answers review-changes' findings schema from a script
// (no model, no key). The speed-up keeps each agent to a second or two.
let host: RunningHost;
let repo: string;

/** A git repository with an uncommitted change: what review-changes reviews. */
function repositoryWithAChange(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orrery-e2e-repo-'));
  const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.name=Orrery Test', '-c', 'user.email=test@orrery.invalid', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  writeFileSync(join(dir, 'login.js'), 'export function login(user) {\n  return user.name;\n}\n');
  git('add', 'login.js');
  git('commit', '-q', '-m', 'login');
  writeFileSync(join(dir, 'login.js'), 'export function login(user) {\n  return user?.name ?? null;\n}\n');
  return dir;
}

test.beforeEach(async ({ page }) => {
  repo = repositoryWithAChange();
  host = await startHost({ env: { ORRERY_DEMO_AGENT_SPEED: '20' } });
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
});
test.afterEach(async () => {
  await host.stop();
  rmSync(repo, { recursive: true, force: true });
});

interface GraphProbe {
  nodes(): { id: string; parent: string | null; finished: boolean }[];
}
const graphNodes = (page: Page) => page.evaluate(() => (globalThis as { __orreryGraph?: GraphProbe }).__orreryGraph?.nodes() ?? []);

test('review-changes from the Workflows panel: phases and agents in the graph and the panel, cancel twice, resume to success from the journal', async ({ page }) => {
  test.setTimeout(150_000);
  const control = page.getByTestId('workflows-control');
  await control.getByTestId('workflow-cwd').fill(repo);
  const entry = control.locator('[data-testid="workflow-entry"][data-name="review-changes"]');
  await expect(entry).toHaveAttribute('data-runnable', 'true');
  await entry.getByTestId('workflow-choose').click();
  await expect(control.getByTestId('workflow-chosen-phases')).toContainText('Review');
  await expect(control.getByTestId('workflow-chosen-phases')).toContainText('Verify');
  // The default profile is Claude Code; these agents run offline.
  await expect(control.getByTestId('workflow-profile')).toHaveValue('claude');
  await control.getByTestId('workflow-profile').selectOption('demo');

  // Broken args are shown with their position, and nothing is started.
  const args = control.getByTestId('workflow-args');
  await args.fill('{ "dimensions": [bugs] }');
  await control.getByTestId('workflow-start').click();
  await expect(control.getByTestId('workflow-args-error')).toHaveText("args is not valid JSON: line 1, column 18: expected a value in the list, found 'b'");
  await expect(args).toBeFocused();
  await expect(page.getByTestId('workflow-progress')).toHaveCount(0);
  await expect(control.getByTestId('workflow-run')).toHaveCount(0);

  await args.fill('{ "dimensions": ["bugs", "security", "tests", "readability"], "focus": "the login flow" }');
  await args.press('Control+Enter');
  const panel = page.getByTestId('workflow-progress');
  await expect(panel).toBeVisible();
  await expect(panel).toBeFocused();
  const runId = (await panel.getAttribute('data-run-id')) ?? '';
  expect(runId).not.toBe('');
  const nodeId = `wf-${runId}`;
  await expect(control.getByTestId('workflow-started')).toContainText(runId);
  await expect(control.locator(`[data-testid="workflow-run"][data-run-id="${runId}"]`)).toBeVisible();

  // The phases with their detail, and the agents, in the panel …
  await expect(panel.getByTestId('workflow-progress-name')).toHaveText('review-changes');
  await expect(panel.locator('[data-testid="workflow-phase"][data-title="Review"]')).toContainText('one reviewer per dimension');
  await expect(panel.locator('[data-testid="workflow-phase"][data-title="Verify"]')).toBeVisible();
  await expect(panel.locator('[data-testid="workflow-phase"][data-title="Review"] [data-testid="workflow-agent"]').first()).toContainText('review: bugs');
  // … and in the graph: the workflow's node, its agents branching from it.
  await expect.poll(async () => (await graphNodes(page)).some((node) => node.id === nodeId)).toBe(true);
  await expect.poll(async () => (await graphNodes(page)).some((node) => node.parent === nodeId), { timeout: 20_000 }).toBe(true);

  // Double-clicking the workflow's node (its row in the list) opens its card, whose Show progress opens the panel.
  await panel.press('Escape');
  await expect(panel).toHaveCount(0);
  await page.locator(`[data-testid="agent-row"][data-agent-id="${nodeId}"]`).getByRole('button').dblclick();
  const card = page.getByTestId('agent-card');
  await expect(card).toHaveAttribute('data-agent-id', nodeId);
  await card.getByTestId('workflow-card-progress').click();
  await expect(panel).toHaveAttribute('data-run-id', runId);
  await card.getByTestId('agent-card-close').click();

  // Cancel once the first call is done, so the resume has something to replay.
  await expect(panel.locator('[data-testid="workflow-agent"][data-position="0"]')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(panel).toHaveAttribute('data-state', 'running');
  const cancel = panel.getByTestId('workflow-cancel');
  await cancel.click();
  await expect(cancel).toHaveText('Confirm cancel');
  await expect(cancel).toHaveAttribute('data-armed', 'true');
  // One press alone does nothing.
  await page.waitForTimeout(300);
  await expect(panel).toHaveAttribute('data-state', 'running');
  await cancel.press('Enter');
  await expect(panel.getByTestId('workflow-progress-state')).toHaveText('cancelled', { timeout: 20_000 });
  await expect(panel.getByTestId('workflow-action-report')).toContainText('Cancelled after');
  await expect(cancel).toBeDisabled();
  await expect.poll(async () => (await graphNodes(page)).find((node) => node.id === nodeId)?.finished).toBe(true);
  const doneBefore = await panel.locator('[data-testid="workflow-agent"][data-state="done"]').count();
  expect(doneBefore).toBeGreaterThan(0);

  await panel.getByTestId('workflow-resume').click();
  await expect(panel.getByTestId('workflow-progress-state')).toHaveText('success', { timeout: 90_000 });
  const cached = panel.getByTestId('workflow-progress-cached');
  await expect(cached).toHaveText(/^\d+ \/ \d+ cached$/);
  const [hits, total] = ((await cached.textContent()) ?? '').split(/ \/ | cached/).map(Number);
  expect(hits).toBeGreaterThan(0);
  expect(hits).toBeLessThan(total ?? 0);
  await expect(panel.locator('[data-testid="workflow-agent"][data-cached="true"]')).toHaveCount(hits ?? -1);
  await expect(panel.locator('[data-testid="workflow-agent"][data-position="0"] [data-testid="workflow-agent-cached"]')).toBeVisible();
  await expect(panel.getByTestId('workflow-log')).toContainText('dismissed');

  // The result as a tree: its first level open, a container opens on a click.
  const tree = panel.getByTestId('workflow-result');
  await expect(tree.locator('[data-path="/summary"]')).toBeVisible();
  const reviewed = tree.locator('[data-path="/reviewedDimensions"]');
  await expect(reviewed).toHaveAttribute('aria-expanded', 'false');
  await reviewed.getByTestId('json-tree-toggle').click();
  await expect(tree.locator('[data-path="/reviewedDimensions/0"]')).toHaveText('0:"bugs"');
});

test('the Workflows panel lists a broken file with its line and reason, and a name found twice with the one that wins', async ({ page }) => {
  const dir = join(repo, '.claude', 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'broken.js'), 'export const meta = { name: "broken", description: `made ${1 + 1}` };\n');
  writeFileSync(join(dir, 'review-changes.js'), 'export const meta = { name: "review-changes", description: "the project\'s own review" };\nreturn 1;\n');
  const control = page.getByTestId('workflows-control');
  await control.getByTestId('workflow-cwd').fill(repo);

  const broken = control.locator('[data-testid="workflow-entry"][data-name="broken"]');
  await expect(broken).toHaveAttribute('data-runnable', 'false');
  await expect(broken.getByTestId('workflow-entry-problem')).toContainText(`${join(dir, 'broken.js')}:1: `);
  await broken.getByTestId('workflow-choose').click();
  await expect(control.getByTestId('workflow-start')).toBeDisabled();
  await control.getByTestId('workflow-args').press('Control+Enter');
  await expect(control.getByTestId('workflow-list-error')).toContainText(`broken cannot run: ${join(dir, 'broken.js')}`);
  await expect(control.getByTestId('workflow-run')).toHaveCount(0);

  // A directory that is not there lists nothing and says why.
  await control.getByTestId('workflow-cwd').fill(join(repo, 'missing'));
  await expect(control.getByTestId('workflow-catalog-error')).toContainText('does not exist or is not a directory');
  await expect(control.getByTestId('workflow-entry')).toHaveCount(0);
  await control.getByTestId('workflow-cwd').fill(repo);

  const own = control.locator(`[data-testid="workflow-entry"][data-path="${join(dir, 'review-changes.js')}"]`);
  await expect(own.getByTestId('workflow-entry-clash')).toContainText('Runs under this name instead of');
  await expect(own.getByTestId('workflow-entry-clash')).toContainText('(built-in)');
  const builtIn = control.locator('[data-testid="workflow-entry"][data-name="review-changes"][data-path$="resources/workflows/review-changes.js"]');
  await expect(builtIn.getByTestId('workflow-entry-clash')).toContainText(`Hidden by ${join(dir, 'review-changes.js')} (the project's .claude/workflows)`);
});
