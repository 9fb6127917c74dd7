// Server-sent events onto an HTTP response that the client may hang up on at any moment (a CLI
// interrupted mid-stream): writes after the hang-up are dropped, and pacing stops early.
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SseWriter {
  event(type: string, data: unknown): void;
  readonly closed: boolean;
}

export function sseWriter(res: ServerResponse): SseWriter {
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  return {
    event(type, data) {
      if (!closed) res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    get closed() {
      return closed;
    },
  };
}

/** Runs the steps in order, spread evenly over `totalMs` (all at once when 0). */
export async function pace(sse: SseWriter, steps: ReadonlyArray<() => void>, totalMs: number): Promise<void> {
  const gap = steps.length > 1 ? totalMs / (steps.length - 1) : 0;
  for (const [index, step] of steps.entries()) {
    if (sse.closed) return;
    if (index > 0 && gap > 0) await sleep(gap);
    step();
  }
}

/** Text deltas of one word each (with its trailing space), so a trickled stream has many small events. */
export function wordChunks(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}
