// Builders for events and feed payloads, shared by the core and renderer tests. No Node imports:
// renderer tests use them too.
import { validateEvent } from '../../src-shared/events/event-schema';
import type { OrreryEvent, OrreryEventInput } from '../../src-shared/events/event-schema';
import type { JournalStats } from '../../src-shared/events/journal-stats';
import type { LiveCounters } from '../../src-shared/events/live-state';

export const BASE_TS = 1_748_779_200_000;

type Fields = Record<string, unknown>;

const DEFAULTS: Record<OrreryEventInput['type'], Fields> = {
  agent_spawn: {},
  agent_done: { outcome: 'success' },
  tool_use: { tool: 'Bash', tool_use_id: 'tu-1' },
  tool_result: { tool_use_id: 'tu-1', ok: true },
  usage: { tokens_in: 10, tokens_out: 5 },
  status: { status: 'waiting' },
  log: { level: 'info', message: 'hello' },
};

/** A valid event of the given type, as a journal line would hold it; `fields` override or add to it. */
export function eventInput(type: OrreryEventInput['type'], fields: Fields = {}): Fields {
  return { v: 1, ts: BASE_TS, type, agent_id: 'a1', source: 'demo', ...DEFAULTS[type], ...fields };
}

export function eventLine(type: OrreryEventInput['type'], fields: Fields = {}): string {
  return `${JSON.stringify(eventInput(type, fields))}\n`;
}

/** A validated event, exactly as ingest and the live feed carry it. */
export function ev(type: OrreryEventInput['type'], fields: Fields = {}): OrreryEvent {
  const result = validateEvent(eventInput(type, fields));
  if (!result.ok) throw new Error(result.detail);
  return result.event;
}

export function counters(partial: Partial<LiveCounters> = {}): LiveCounters {
  return { alive: 0, spawned: 0, toolCalls: 0, done: 0, errors: 0, toolErrors: 0, events: 0, tokensIn: 0, tokensOut: 0, cacheRead: 0, cacheWrite: 0, costUsd: 0, costEstimated: false, ...partial };
}

/** A followed journal's health, with `malformedJson` lines rejected. */
export function followedJournal(malformedJson = 0): JournalStats {
  return {
    journal: '/j/events.jsonl',
    source: '/j/events.jsonl',
    removable: false,
    state: 'following',
    position: undefined,
    delivered: 0,
    rejected: { malformed_json: malformedJson, schema_violation: 0, oversize_line: 0, invalid_utf8: 0 },
    recentRejections: [],
  };
}
