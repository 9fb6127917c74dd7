import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrreryEventInput } from '../../../../src-main/core/events/event-schema';

export const BASE_TS = 1_748_779_200_000;

type Fields = Record<string, unknown>;

/** A valid event of the given type; `fields` override or add to it. */
export function eventInput(type: OrreryEventInput['type'], fields: Fields = {}): Fields {
  const byType: Record<OrreryEventInput['type'], Fields> = {
    agent_spawn: {},
    agent_done: { outcome: 'success' },
    tool_use: { tool: 'Bash', tool_use_id: 'tu-1' },
    tool_result: { tool_use_id: 'tu-1', ok: true },
    usage: { tokens_in: 10, tokens_out: 5 },
    status: { status: 'waiting' },
    log: { level: 'info', message: 'hello' },
  };
  return { v: 1, ts: BASE_TS, type, agent_id: 'a1', source: 'demo', ...byType[type], ...fields };
}

export function eventLine(type: OrreryEventInput['type'], fields: Fields = {}): string {
  return `${JSON.stringify(eventInput(type, fields))}\n`;
}

/** Polls instead of sleeping, so a test takes as long as the behaviour it waits for. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'orrery-events-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
