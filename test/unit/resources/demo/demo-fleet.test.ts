import { describe, expect, it } from 'vitest';
import { runDemoFleet, type DemoClock, type DemoEvent } from '../../../../resources/demo/demo-fleet.mjs';
import { validateEvent } from '../../../../src-shared/events/event-schema';

const START = 1_748_779_200_000;
const MINUTE = 60_000;

/** Time passes only when the player sleeps, so ten demo minutes take milliseconds. */
function fakeClock(onSleep: (sleeps: number) => void = () => {}): DemoClock & { elapsed: () => number } {
  let now = START;
  let sleeps = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
      onSleep(++sleeps);
    },
    elapsed: () => now - START,
  };
}

async function play(options: { durationMs: number; speed?: number; seed?: number; signal?: AbortSignal; clock?: DemoClock }): Promise<{ events: DemoEvent[]; batches: DemoEvent[][]; summary: Awaited<ReturnType<typeof runDemoFleet>> }> {
  const batches: DemoEvent[][] = [];
  const summary = await runDemoFleet({ write: (batch) => batches.push(batch), clock: options.clock ?? fakeClock(), seed: 7, runId: 'test', ...options });
  return { events: batches.flat(), batches, summary };
}

describe('runDemoFleet', () => {
  it('writes only valid events, in time order', async () => {
    const { events } = await play({ durationMs: 10 * MINUTE });
    for (const event of events) expect(validateEvent(event), JSON.stringify(event)).toMatchObject({ ok: true });
    const times = events.map((event) => event.ts);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(START);
  });

  it('plays an orchestrator, its workers and their subagents', async () => {
    const { events } = await play({ durationMs: 10 * MINUTE });
    const spawns = events.filter((event) => event.type === 'agent_spawn');
    const parentOf = new Map(spawns.map((spawn) => [spawn.agent_id, spawn.parent_id as string | undefined]));
    const roots = spawns.filter((spawn) => spawn.parent_id === undefined);
    expect(roots.map((root) => root.name)).toEqual(['lead']);
    const depth = (id: string): number => (parentOf.get(id) === undefined ? 0 : 1 + depth(parentOf.get(id) as string));
    expect(Math.max(...spawns.map((spawn) => depth(spawn.agent_id)))).toBe(2);
    expect(new Set(spawns.map((spawn) => spawn.model))).toEqual(new Set(['claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5']));
    expect(spawns.length).toBeGreaterThan(15);
  });

  it('uses the usual tools, reports usage with cost, and includes failures, an error and status changes', async () => {
    const { events } = await play({ durationMs: 10 * MINUTE });
    const tools = new Set(events.filter((event) => event.type === 'tool_use').map((event) => event.tool));
    for (const tool of ['Read', 'Edit', 'Write', 'Bash', 'Grep', 'Glob', 'WebFetch', 'WebSearch', 'Task']) expect(tools).toContain(tool);
    const usage = events.filter((event) => event.type === 'usage');
    expect(usage.length).toBeGreaterThan(50);
    expect(usage.every((event) => (event.cost_usd as number) > 0 && (event.tokens_out as number) > 0)).toBe(true);
    expect(events.some((event) => event.type === 'tool_result' && event.ok === false)).toBe(true);
    expect(events.filter((event) => event.type === 'agent_done' && event.outcome === 'error').length).toBeGreaterThan(0);
    const statuses = new Set(events.filter((event) => event.type === 'status').map((event) => event.status));
    expect(statuses).toEqual(new Set(['running', 'idle', 'waiting', 'error']));
    expect(events.some((event) => event.type === 'log' && event.level === 'warn')).toBe(true);
  });

  it('runs at the rate of real agents: a few events a second, not hundreds', async () => {
    const { events } = await play({ durationMs: 10 * MINUTE });
    const perSecond = events.length / 600;
    expect(perSecond).toBeGreaterThan(0.5);
    expect(perSecond).toBeLessThan(10);
  });

  it('closes every agent still running when the duration ends, children before parents, the long runner among them', async () => {
    const clock = fakeClock();
    const { events, batches, summary } = await play({ durationMs: 10 * MINUTE, clock });
    expect(clock.elapsed()).toBe(10 * MINUTE);
    expect(summary.stoppedBy).toBe('duration');
    const spawned = events.filter((event) => event.type === 'agent_spawn').map((event) => event.agent_id);
    const done = events.filter((event) => event.type === 'agent_done').map((event) => event.agent_id);
    expect(done.sort()).toEqual([...spawned].sort());
    const closing = batches.at(-1) ?? [];
    expect(closing.every((event) => event.type === 'agent_done' && event.outcome === 'cancelled')).toBe(true);
    expect(closing.map((event) => event.agent_id)).toContain('demo-test-migration');
    expect(closing.at(-1)?.agent_id).toBe('demo-test-lead');
    expect(summary).toMatchObject({ agents: spawned.length, events: events.length });
    // The migration outlives every wave: it is spawned in the first seconds and only ends here.
    const migrationSpawn = events.find((event) => event.type === 'agent_spawn' && event.agent_id === 'demo-test-migration');
    expect((migrationSpawn?.ts ?? Infinity) - START).toBeLessThan(MINUTE);
  });

  it('plays the same fleet faster at a higher speed, and the same again from the same seed', async () => {
    const normal = await play({ durationMs: 10 * MINUTE });
    const again = await play({ durationMs: 10 * MINUTE });
    const fast = await play({ durationMs: MINUTE, speed: 10 });
    expect(again.events).toEqual(normal.events);
    const shape = (events: DemoEvent[]) => events.filter((event) => event.outcome !== 'cancelled').map(({ ts: _ts, ...rest }) => rest);
    expect(shape(fast.events)).toEqual(shape(normal.events));
    const other = await play({ durationMs: 10 * MINUTE, seed: 8 });
    expect(shape(other.events)).not.toEqual(shape(normal.events));
  });

  it('stops on the signal and ends its agents as cancelled', async () => {
    const stop = new AbortController();
    const clock = fakeClock((sleeps) => sleeps === 40 && stop.abort());
    const { events, batches, summary } = await play({ durationMs: Infinity, signal: stop.signal, clock });
    expect(summary.stoppedBy).toBe('signal');
    const closing = batches.at(-1) ?? [];
    expect(closing.length).toBeGreaterThan(1);
    expect(closing.every((event) => event.type === 'agent_done' && event.outcome === 'cancelled' && event.error === 'demo stopped')).toBe(true);
    const open = new Set<string>();
    for (const event of events) {
      if (event.type === 'agent_spawn') open.add(event.agent_id);
      if (event.type === 'agent_done') open.delete(event.agent_id);
    }
    expect(open.size).toBe(0);
  });

  it('rejects a speed or duration that is not positive', async () => {
    await expect(runDemoFleet({ write: () => {}, speed: 0 })).rejects.toThrow(RangeError);
    await expect(runDemoFleet({ write: () => {}, durationMs: -1 })).rejects.toThrow(RangeError);
  });
});
