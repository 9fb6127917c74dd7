import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startCore } from '../../../src-main/core/orrery-core';
import type { OrreryCore } from '../../../src-main/core/orrery-core';
import { startHeadlessHost } from '../../../src-main/headless/headless-host';
import type { HeadlessHost } from '../../../src-main/headless/headless-host';

let core: OrreryCore;
let host: HeadlessHost;
let base: string;

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'orrery-host-'));
  const rendererDir = join(home, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>fixture</title>');
  writeFileSync(join(home, 'secret.txt'), 'outside the renderer');
  core = startCore({ runtime: 'headless', home });
  host = await startHeadlessHost({ api: core.api, rendererDir, port: 0 });
  base = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  await core.dispose();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opens. */
function upgradeStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('headless host access control', () => {
  it('binds to loopback and prints a parsable URL with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
  });

  it('serves the page with the token and sets an HttpOnly SameSite cookie for its assets', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']?.[0]).toMatch(/^orrery_token=[\w-]+; HttpOnly; SameSite=Strict; Path=\//);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const asset = await get('/index.html', { Cookie: `orrery_token=${host.token}` });
    expect(asset.status).toBe(200);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { Cookie: 'orrery_token=wrong' })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${host.token}`, { Host: 'evil.example:80' })).status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const response = await get(`${path}?token=${host.token}`);
      expect(response.body).not.toContain('outside the renderer');
    }
  });

  it('refuses WebSocket upgrades without the token (401), from another origin (403) and off the api path (404)', async () => {
    const ws = `ws://127.0.0.1:${host.port}`;
    expect(await upgradeStatus(`${ws}/api`)).toBe(401);
    expect(await upgradeStatus(`${ws}/api?token=wrong`)).toBe(401);
    expect(await upgradeStatus(`${ws}/api?token=${host.token}`, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${ws}/elsewhere?token=${host.token}`)).toBe(404);
    expect(await upgradeStatus(`${ws}/api?token=${host.token}`, { origin: base })).toBe(101);
  });

  it('answers api calls over the WebSocket, including validation errors', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const replies: { id: number; ok: boolean; error?: { code: string } }[] = [];
    const received = new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        replies.push(JSON.parse(data.toString()));
        if (replies.length === 2) resolve();
      }),
    );
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.info', args: {} }));
    ws.send(JSON.stringify({ t: 'call', id: 2, method: 'app.info', args: { unexpected: true } }));
    await received;
    ws.close();
    expect(replies.find((r) => r.id === 1)?.ok).toBe(true);
    expect(replies.find((r) => r.id === 2)?.error?.code).toBe('invalid_argument');
  });
});
