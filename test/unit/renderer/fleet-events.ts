import { validateEvent } from '../../../src-main/core/events/event-schema';
import type { OrreryEvent, OrreryEventInput } from '../../../src-main/core/events/event-schema';
import type { LiveCounters } from '../../../src-main/core/events/live-state';

export const BASE_TS = 1_748_779_200_000;

const DEFAULTS: Record<OrreryEventInput['type'], Record<string, unknown>> = {
  agent_spawn: {},
  agent_done: { outcome: 'success' },
  tool_use: { tool: 'Bash', tool_use_id: 'tu-1' },
  tool_result: { tool_use_id: 'tu-1', ok: true },
  usage: { tokens_in: 10, tokens_out: 5 },
  status: { status: 'waiting' },
  log: { level: 'info', message: 'hello' },
};

/** A validated event, exactly as the live feed would carry it. */
export function ev(type: OrreryEventInput['type'], fields: Record<string, unknown> = {}): OrreryEvent {
  const result = validateEvent({ v: 1, ts: BASE_TS, type, agent_id: 'a1', source: 'demo', ...DEFAULTS[type], ...fields });
  if (!result.ok) throw new Error(result.detail);
  return result.event;
}

export function counters(partial: Partial<LiveCounters> = {}): LiveCounters {
  return { alive: 0, spawned: 0, toolCalls: 0, done: 0, errors: 0, toolErrors: 0, events: 0, ...partial };
}
