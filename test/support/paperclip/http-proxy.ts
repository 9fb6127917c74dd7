// A reverse proxy in front of the real Paperclip server, standing for how it is deployed behind
// one: it can present another Host name (Paperclip answers 403 to a name it does not allow) and
// can refuse WebSocket upgrades (a proxy without WebSocket support), so Orrery falls back to polling.
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';

export interface ProxyOptions {
  target: string;
  /** Sent instead of the client's Host header. */
  hostHeader?: string;
}

export interface RunningProxy {
  url: string;
  upgradesRefused(): number;
  close(): Promise<void>;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const target = new URL(options.target);
  let refused = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers, host: options.hostHeader ?? target.host };
    const forward = request({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  server.on('upgrade', (_request, socket) => {
    refused++;
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nno WebSockets through this proxy');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    upgradesRefused: () => refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
