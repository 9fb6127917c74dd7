// Randomized fleets for the history tests: agents spawning (some as subagents), parallel tool calls,
// usage, status changes, logs, ends with every outcome, stragglers after an end, respawns under an
// ended id, long silences (past the stale and the 6 h limits) and lines that arrive out of order.
import { seededRandom } from '../../../../resources/demo/seeded-random.mjs';

/** The seeded PRNG the histories are made with, for their batching and moments too. */
export { seededRandom as random };
import { validateEvent } from '../../../../src-shared/events/event-schema';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';

export interface RandomHistoryOptions {
  seed: number;
  events: number;
  startTs: number;
  /** Of the events, how many arrive a little (up to 3 s) earlier-dated than the ones before them. */
  jitter?: number;
  /** Of the events, how many arrive long after their time (a journal of old lines). */
  late?: number;
  /** Events for an agent after its end: stragglers and respawns (default true). */
  afterEnds?: boolean;
  /** Silences of hours, past the 6 h limit (default true); without them the history spans a few hours. */
  longSilences?: boolean;
}

const OUTCOMES = ['success', 'success', 'success', 'error', 'cancelled', 'timeout', 'interrupted'] as const;
const STATUSES = ['idle', 'running', 'waiting', 'error', 'paused'] as const;
const TOOLS = ['Bash', 'Read', 'Edit', 'Grep', 'Task'] as const;

interface AgentSketch {
  id: string;
  parent: string | undefined;
  open: string[];
  ended: boolean;
}

/** Events in the order they arrive (which, with jitter or late lines, is not quite their ts order). */
export function randomHistory(options: RandomHistoryOptions): OrreryEvent[] {
  // Seeded, so a failing history can be replayed from its seed.
  const rand = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const agents: AgentSketch[] = [];
  let ts = options.startTs;
  let nextAgent = 0;
  let nextTool = 0;
  const out: OrreryEvent[] = [];
  const emit = (fields: Record<string, unknown>): void => {
    const result = validateEvent({ v: 1, ts, source: 'test', ...fields });
    if (!result.ok) throw new Error(result.detail);
    out.push(result.event);
  };
  while (out.length < options.events) {
    const roll = rand();
    // Mostly busy milliseconds to seconds; now and then minutes (stale), rarely hours (silent ends).
    const hours = options.longSilences ?? true;
    ts += roll < 0.25 ? 0 : roll < 0.9 ? Math.floor(rand() * 2_000) : roll < 0.995 ? Math.floor(rand() * (hours ? 40 : 2) * 60_000) : hours ? Math.floor(rand() * 8 * 3_600_000) : 0;
    const running = agents.filter((agent) => !agent.ended);
    const ended = agents.filter((agent) => agent.ended);
    const action = rand();
    if (running.length === 0 || action < 0.08) {
      const parent = running.length > 0 && rand() < 0.6 ? pick(running).id : undefined;
      const agent: AgentSketch = { id: `agent-${nextAgent++}`, parent, open: [], ended: false };
      agents.push(agent);
      emit({ type: 'agent_spawn', agent_id: agent.id, ...(parent !== undefined && { parent_id: parent }), name: agent.id, model: pick(['opus', 'sonnet', 'haiku']) });
      continue;
    }
    if (action < 0.1 && ended.length > 0 && (options.afterEnds ?? true)) {
      // A straggler after the end, or a new run under the ended id.
      const agent = pick(ended);
      if (rand() < 0.5) emit({ type: pick(['usage', 'log'] as const), agent_id: agent.id, tokens_in: 5, tokens_out: 1, level: 'info', message: 'late' });
      else {
        agent.ended = false;
        agent.open = [];
        emit({ type: 'agent_spawn', agent_id: agent.id });
      }
      continue;
    }
    const agent = pick(running);
    // Some events come without parent_id although the agent has one: journals read mid-run.
    const parent = agent.parent !== undefined && rand() < 0.3 ? { parent_id: agent.parent } : {};
    if (action < 0.35) {
      const id = `tu-${nextTool++}`;
      agent.open.push(id);
      emit({ type: 'tool_use', agent_id: agent.id, ...parent, tool: pick(TOOLS), tool_use_id: id, input_summary: 'x' });
    } else if (action < 0.55 && agent.open.length > 0) {
      const id = agent.open.splice(Math.floor(rand() * agent.open.length), 1)[0] as string;
      emit({ type: 'tool_result', agent_id: agent.id, tool_use_id: id, ok: rand() < 0.85, duration_ms: 10 });
    } else if (action < 0.7) {
      emit({ type: 'usage', agent_id: agent.id, tokens_in: Math.floor(rand() * 2000), tokens_out: Math.floor(rand() * 300), cost_usd: rand() / 100 });
    } else if (action < 0.78) {
      emit({ type: 'status', agent_id: agent.id, status: pick(STATUSES), ...(rand() < 0.2 && { details: { phase: pick(['plan', 'build', 'test']), stale: null } }) });
    } else if (action < 0.9) {
      emit({ type: 'log', agent_id: agent.id, level: pick(['debug', 'info', 'warn', 'error'] as const), message: 'working' });
    } else {
      // Its running subagents end with it by the fleet's rules, theirs with them.
      const ending = [agent];
      for (let next = ending.pop(); next !== undefined; next = ending.pop()) {
        next.ended = true;
        for (const child of agents) if (child.parent === next.id && !child.ended) ending.push(child);
      }
      emit({ type: 'agent_done', agent_id: agent.id, outcome: pick(OUTCOMES), ...(rand() < 0.3 && { error: 'because' }) });
    }
  }
  return shuffleArrivals(out, rand, options.jitter ?? 0, options.late ?? 0);
}

function shuffleArrivals(events: OrreryEvent[], rand: () => number, jitter: number, late: number): OrreryEvent[] {
  const arrivals = events.map((event) => ({ ...event }));
  for (let i = 0; i < jitter; i++) {
    const event = arrivals[1 + Math.floor(rand() * (arrivals.length - 1))] as OrreryEvent;
    event.ts -= Math.floor(rand() * 3_000);
  }
  const moved: OrreryEvent[] = [];
  for (let i = 0; i < late; i++) moved.push(...arrivals.splice(Math.floor(rand() * arrivals.length), 1));
  return [...arrivals, ...moved];
}

/** Splits `events` into ingest batches of 1 to `max` events. */
export function batches(events: readonly OrreryEvent[], rand: () => number, max = 40): OrreryEvent[][] {
  const out: OrreryEvent[][] = [];
  for (let i = 0; i < events.length; ) {
    const size = 1 + Math.floor(rand() * max);
    out.push(events.slice(i, i + size));
    i += size;
  }
  return out;
}
