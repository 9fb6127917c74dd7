import { expect, test } from '@playwright/test';
import { startHost } from './fixtures/headless-host';
import type { RunningHost } from './fixtures/headless-host';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test('the page connects and shows app info from the real api', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  await expect(page.getByTestId('app-info-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId('app-info-data-dir')).toHaveText(host.home);
  await expect(page.getByTestId('app-info-database')).toContainText(`${host.home}/orrery.db`);
  const version = await page.getByTestId('app-info-version').textContent();
  await expect(page.getByTestId('header-version')).toHaveText(`v${version}`);
  const firstUptime = await page.getByTestId('app-info-uptime').textContent();
  await expect(page.getByTestId('app-info-uptime')).not.toHaveText(firstUptime ?? '');
});

test('requests without the token are refused', async ({ request }) => {
  const bare = await request.get(`${host.origin}/`);
  expect(bare.status()).toBe(401);
  expect(await bare.text()).toContain('ORRERY_URL');
  const wrong = await request.get(`${host.origin}/?token=not-the-token`);
  expect(wrong.status()).toBe(401);
  const asset = await request.get(`${host.origin}/index.html`);
  expect(asset.status()).toBe(401);
});

test('a WebSocket without the token gets 401 and is closed', async ({ page }) => {
  await page.goto(host.url);
  const outcome = await page.evaluate(async (origin) => {
    // The page's own cookie would authorise it, so go through another host name for the same server.
    const ws = new WebSocket(origin.replace('127.0.0.1', 'localhost').replace('http', 'ws') + '/api');
    return new Promise<string>((resolve) => {
      ws.onopen = () => resolve('open');
      ws.onclose = (event) => resolve(`closed:${event.code}`);
    });
  }, host.origin);
  expect(outcome).toBe('closed:1006');
});

test('a malformed argument gets a validation error, and the host keeps serving', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  const answers = await page.evaluate(async ({ origin, token }) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${token}`);
    await new Promise((resolve) => (ws.onopen = resolve));
    const replies: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      ws.onmessage = (event) => {
        replies.push(JSON.parse(String(event.data)));
        if (replies.length === 3) resolve();
      };
    });
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'events.agent', args: { agentId: 42 } }));
    ws.send('{not json');
    ws.send(JSON.stringify({ t: 'call', id: 3, method: 'app.info', args: {} }));
    await done;
    ws.close();
    return replies;
  }, { origin: host.origin, token: host.token });
  expect(answers).toContainEqual(expect.objectContaining({ id: 1, ok: false, error: expect.objectContaining({ code: 'invalid_argument', message: expect.stringContaining('agentId') }) }));
  expect(answers).toContainEqual(expect.objectContaining({ id: -1, ok: false, error: expect.objectContaining({ code: 'bad_message' }) }));
  expect(answers).toContainEqual(expect.objectContaining({ id: 3, ok: true, value: expect.objectContaining({ dataDir: host.home }) }));
});

test('the page reconnects with backoff when the host comes back', async ({ page }) => {
  await host.stop();
  // A pinned token lets the restarted host accept the page's old URL.
  const token = 'e2e-reconnect-token-0123456789abcdef';
  host = await startHost({ env: { ORRERY_TOKEN: token } });
  const { port, home } = host;
  await page.goto(host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('connected');
  await host.stop();
  await expect(page.getByTestId('connection-status')).toHaveText(/reconnecting/);
  host = await startHost({ env: { ORRERY_TOKEN: token }, port, home });
  await expect(page.getByTestId('connection-status')).toHaveText('connected', { timeout: 20_000 });
  await expect(page.getByTestId('app-info-data-dir')).toHaveText(home);
});
