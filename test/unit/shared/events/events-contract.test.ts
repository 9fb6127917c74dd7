import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJournalTailer } from '../../../../src-main/core/events/journal-tailer';
import type { JournalTailer } from '../../../../src-main/core/events/journal-tailer';
import { MemoryOffsetStore } from '../../../../src-main/core/events/offset-store';
import { AgentDetailsSchema, LiveFeedItemSchema, LiveSnapshotSchema } from '../../../../src-shared/events/events-contract';
import { LiveState } from '../../../../src-shared/events/live-state';
import { BASE_TS, ev, eventLine } from '../../../support/event-builders';
import { makeTempDir, waitFor } from '../../core/events/helpers';

/** What a client receives: the value after JSON, which drops undefined fields. */
const overTheWire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

function busyFleet(): LiveState {
  const state = new LiveState({ now: () => BASE_TS + 2_000 });
  state.applyBatch([
    ev('agent_spawn', { agent_id: 'lead', name: 'lead', model: 'claude-x', pid: 4242, pid_start: '123456', host: 'box', run_id: 'r1', terminal_id: 't1', ts: BASE_TS }),
    ev('tool_use', { agent_id: 'lead', tool: 'Bash', tool_use_id: 'u1', details: { issue: 'ORR-12', attempt: 2, urgent: true }, ts: BASE_TS + 10 }),
    ev('usage', { agent_id: 'lead', tokens_in: 120, tokens_out: 30, cache_read: 5, cost_usd: 0.01, ts: BASE_TS + 20 }),
    ev('agent_spawn', { agent_id: 'sub', parent_id: 'lead', run_id: 'r1', ts: BASE_TS + 30 }),
    ev('agent_done', { agent_id: 'sub', outcome: 'error', error: 'exit 1', ts: BASE_TS + 1_000 }),
    ev('agent_spawn', { agent_id: 'hooked', source: 'claude-code', session_id: 's9', pid: 99, ts: BASE_TS + 40 }),
  ]);
  return state;
}

let tailer: JournalTailer | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await tailer?.close();
  cleanup?.();
});

describe('events contract schemas', () => {
  it('accept a real snapshot and real journal stats, as they arrive over the wire', async () => {
    const snapshot = busyFleet().snapshot();
    expect(snapshot.agents.length).toBe(2);
    expect(snapshot.finished.length).toBe(1);
    expect(LiveSnapshotSchema.safeParse(overTheWire(snapshot)).error).toBeUndefined();

    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const journal = join(temp.dir, 'events.jsonl');
    writeFileSync(journal, `${eventLine('log', { message: 'ok' })}not json\n`);
    tailer = createJournalTailer({ sources: [journal], offsets: new MemoryOffsetStore(), onBatch: () => undefined, onError: () => undefined });
    await waitFor(() => tailer?.stats()[0]?.rejected.malformed_json === 1, 'the bad line to be counted');
    const item = { kind: 'snapshot', snapshot, journals: tailer.stats() };
    expect(LiveFeedItemSchema.safeParse(overTheWire(item)).error).toBeUndefined();
  });

  it('accept the details of a live, a finished and a forgotten agent', () => {
    const state = busyFleet();
    for (const id of ['lead', 'sub', 'gone']) {
      const details = { agent: state.agent(id), recentEvents: state.snapshot().recentEvents };
      expect(AgentDetailsSchema.safeParse(overTheWire(details)).error, id).toBeUndefined();
    }
  });

  it('refuse what the types forbid, field by field', () => {
    const snapshot = overTheWire(busyFleet().snapshot()) as { counters: { alive: number }; agents: { status: string; actions: unknown }[] };
    const broken = [
      { ...snapshot, counters: { ...snapshot.counters, alive: -1 } },
      { ...snapshot, agents: [{ ...snapshot.agents[0], status: 'sleepy' }] },
      { ...snapshot, agents: [{ ...snapshot.agents[0], actions: { cancel: { available: false } } }] },
    ];
    for (const value of broken) expect(LiveSnapshotSchema.safeParse(value).success).toBe(false);
  });
});
