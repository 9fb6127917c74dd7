import { createHash } from 'node:crypto';

/**
 * One spelling per instance, so `http://127.0.0.1:3100/` and `http://127.0.0.1:3100` are the same
 * server: the URL parser's form (lower-case host, default port dropped) without a trailing slash.
 */
export function normalizeInstanceUrl(raw: string): string {
  const url = new URL(raw.trim());
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Short and stable: it names the instance inside every graph node id it owns. */
export function instanceHash(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 10);
}

export function companyNodeId(hash: string, companyId: string): string {
  return `pc-${hash}-${companyId}`;
}

export function agentNodeId(hash: string, agentId: string): string {
  return `pc-${hash}-agent-${agentId}`;
}
