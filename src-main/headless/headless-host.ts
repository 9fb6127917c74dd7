import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ApiServer } from '../core/api/api-server';
import { CONTENT_SECURITY_POLICY } from '../core/security/content-security-policy';
import { createAccessToken, TOKEN_COOKIE, tokenFromCookie, tokenMatches } from './access-token';
import { readStaticFile } from './static-files';
import { bindApiToWebSocket } from './websocket-binding';

export interface HeadlessHostOptions {
  api: ApiServer;
  rendererDir: string;
  /** 0 picks any free port. */
  port: number;
  token?: string;
  /** How often each socket is pinged (see bindApiToWebSocket); shorter in tests. */
  heartbeatMs?: number;
}

export interface HeadlessHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const API_PATH = '/api';
const LOOPBACK = '127.0.0.1';
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/**
 * Serves the built renderer and the api on loopback only. Every request needs the per-start
 * token (query on first load, then an HttpOnly SameSite=Strict cookie), a loopback Host header
 * (defeats DNS rebinding) and, for the WebSocket, a same-origin Origin (defeats cross-site hijacking).
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const token = options.token ?? createAccessToken();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);

  function authorise(request: IncomingMessage, url: URL): 'ok' | 'bad-host' | 'no-token' {
    if (!allowedHosts().has(request.headers.host ?? '')) return 'bad-host';
    const candidate = url.searchParams.get('token') ?? tokenFromCookie(request.headers.cookie);
    return tokenMatches(token, candidate) ? 'ok' : 'no-token';
  }

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}`);
    const verdict = authorise(request, url);
    if (verdict !== 'ok') {
      const status = verdict === 'bad-host' ? 403 : 401;
      const text = verdict === 'bad-host' ? 'Forbidden: unexpected Host header\n' : 'Unauthorized: open the ORRERY_URL printed at start-up (it carries ?token=...)\n';
      response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      response.end(text);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) {
      response.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': file.contentType };
    if (url.searchParams.has('token')) {
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}`);
    const origin = request.headers.origin;
    const sameOrigin = origin === undefined || [...allowedHosts()].some((host) => origin === `http://${host}`);
    const verdict = authorise(request, url);
    if (url.pathname !== API_PATH || verdict !== 'ok' || !sameOrigin) {
      const status = url.pathname !== API_PATH ? '404 Not Found' : verdict === 'no-token' ? '401 Unauthorized' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => bindApiToWebSocket(options.api, ws, { heartbeatMs: options.heartbeatMs }));
  }

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      console.error('[headless] request failed:', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.on('upgrade', handleUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
