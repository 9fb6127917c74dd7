// A store as a busy fleet leaves it: agents (some subagents) running tools, several at once,
// reporting usage, status and logs, and ending with every outcome; about fifty alive at a time.
// Built fast: events made in chunks and inserted through the repository in one transaction per
// chunk, then the checkpoints the recorder would have written while they came in.
import { seededRandom } from '../../../resources/demo/seeded-random.mjs';
import type { OrreryEvent } from '../../../src-shared/events/event-schema';
import { EventRepository } from '../../../src-main/core/events/event-repository';
import { CheckpointRepository } from '../../../src-main/core/history/checkpoint-repository';
import { HistoryRecorder } from '../../../src-main/core/history/history-recorder';
import { openStore } from '../../../src-main/core/store/database';

const CHUNK = 10_000;
const OUTCOMES = ['success', 'success', 'success', 'success', 'error', 'cancelled', 'timeout'] as const;

interface Agent {
  id: string;
  parent: string | undefined;
  open: string[];
  left: number;
}

/** `count` events evenly spread over [startTs, endTs], in chunks. */
export function* fleetEvents(count: number, startTs: number, endTs: number, seed = 1): Generator<OrreryEvent[]> {
  const rand = seededRandom(seed);
  const alive: Agent[] = [];
  let agents = 0;
  let tools = 0;
  let chunk: OrreryEvent[] = [];
  for (let i = 0; i < count; i++) {
    const ts = startTs + Math.floor((i * (endTs - startTs)) / count);
    const common = { v: 1 as const, ts, source: 'bench' };
    if (alive.length < 50 && (alive.length === 0 || rand() < 0.05)) {
      const parent = alive.length > 0 && rand() < 0.5 ? (alive[Math.floor(rand() * alive.length)] as Agent).id : undefined;
      const agent: Agent = { id: `agent-${agents++}`, parent, open: [], left: 100 + Math.floor(rand() * 2_000) };
      alive.push(agent);
      chunk.push({ ...common, type: 'agent_spawn', agent_id: agent.id, ...(parent !== undefined && { parent_id: parent }), name: agent.id, model: rand() < 0.5 ? 'claude-sonnet-4' : 'claude-haiku-4', session_id: 's' });
    } else {
      const at = Math.floor(rand() * alive.length);
      const agent = alive[at] as Agent;
      const roll = rand();
      if (--agent.left <= 0) {
        alive.splice(at, 1);
        // Its subagents end with it by the fleet's rules; they send nothing more.
        for (let j = alive.length - 1; j >= 0; j--) if ((alive[j] as Agent).parent === agent.id) alive.splice(j, 1);
        chunk.push({ ...common, type: 'agent_done', agent_id: agent.id, outcome: OUTCOMES[Math.floor(rand() * OUTCOMES.length)] as (typeof OUTCOMES)[number] });
      } else if (roll < 0.3) {
        const id = `tu-${tools++}`;
        agent.open.push(id);
        chunk.push({ ...common, type: 'tool_use', agent_id: agent.id, tool: rand() < 0.5 ? 'Bash' : 'Read', tool_use_id: id, input_summary: 'src/core/events/journal-tailer.ts' });
      } else if (roll < 0.55 && agent.open.length > 0) {
        chunk.push({ ...common, type: 'tool_result', agent_id: agent.id, tool_use_id: agent.open.shift() as string, ok: rand() < 0.9, duration_ms: 40 });
      } else if (roll < 0.75) {
        chunk.push({ ...common, type: 'usage', agent_id: agent.id, tokens_in: 1_200, tokens_out: 80, cache_read: 900, cache_write: 0, cost_usd: 0.0012 });
      } else if (roll < 0.8) {
        chunk.push({ ...common, type: 'status', agent_id: agent.id, status: rand() < 0.5 ? 'waiting' : 'running' });
      } else {
        chunk.push({ ...common, type: 'log', agent_id: agent.id, level: 'info', message: 'thinking about the next step' });
      }
    }
    if (chunk.length === CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Writes `count` events ending at `endTs` into a new store at `file`, with their checkpoints. */
export function buildStore(file: string, count: number, startTs: number, endTs: number): void {
  const store = openStore(file);
  const repository = new EventRepository(store.db);
  const insertAll = store.db.transaction((events: OrreryEvent[]) => repository.insertBatch(events));
  for (const chunk of fleetEvents(count, startTs, endTs)) insertAll(chunk);
  // Folding from the start writes the checkpoints at the same positions live ingest would have.
  const recorder = new HistoryRecorder({ repository, checkpoints: new CheckpointRepository(store.db), now: () => endTs + 60_000 });
  recorder.resume(0);
  recorder.dispose();
  store.db.close();
}
