/**
 * The workflow engine's own cost, with agents that answer at once (no process is started):
 * - overhead per agent() call over 1,000 sequential calls — sandbox round trip, scheduler,
 *   SQLite journal and event ingest — against the same loop as plain async JS in the host;
 * - resuming that run entirely from the journal, against running it live;
 * - cancel latency of a script spinning in `while (true) {}`, against terminating a bare worker
 *   thread that spins the same way.
 * Run: node --import ./test/support/ts-source-hook.mjs test/bench/workflows/workflow-engine.bench.ts
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LiveState } from '../../../src-shared/events/live-state';
import { createEventIngest } from '../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../src-main/core/events/sqlite-offset-store';
import { openStore } from '../../../src-main/core/store/database';
import type { WorkflowAgentCall, WorkflowAgentPort, WorkflowAgentResult } from '../../../src-main/core/workflows/workflow-agent-port';
import { WorkflowEngine } from '../../../src-main/core/workflows/workflow-engine';

const CALLS = 1000;
const CANCEL_REPEATS = 7;
const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

const instantPort: WorkflowAgentPort = {
  runAgent: async (call: WorkflowAgentCall): Promise<WorkflowAgentResult> => ({ outcome: 'success', text: `done ${call.position}`, tokensOut: 1, runId: `r${call.position}` }),
  maxConcurrentRuns: () => 64,
};

function figure(bench: string, value: number, unit: string, baseline: number): void {
  process.stdout.write(`${JSON.stringify({ bench, value: Math.round(value * 1000) / 1000, unit, baseline: Math.round(baseline * 1000) / 1000 })}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const dir = mkdtempSync(join(tmpdir(), 'orrery-bench-workflows-'));
const project = join(dir, 'project');
const workflows = join(project, '.claude', 'workflows');
mkdirSync(workflows, { recursive: true });
writeFileSync(join(workflows, 'many.js'), `export const meta = { name: 'many', description: 'a thousand agents' };\nconst out = [];\nfor (let i = 0; i < ${CALLS}; i++) out.push(await agent('task ' + i));\nreturn out.length;\n`);
writeFileSync(join(workflows, 'spin.js'), `export const meta = { name: 'spin', description: 'a busy loop' };\nwhile (true) {}\n`);

const store = openStore(join(dir, 'data', 'orrery.db'));
const ingest = createEventIngest({ db: store.db, repository: new EventRepository(store.db), offsets: new SqliteOffsetStore(store.db), liveState: new LiveState() });
const engine = new WorkflowEngine({
  db: store.db,
  emit: (events, alongside) => ingest.ingestEvents(events, alongside),
  port: instantPort,
  locations: { homeDir: join(dir, 'home'), dataDir: join(dir, 'data'), builtInDir: join(root, 'resources', 'workflows') },
  defaultCwd: project,
  limits: { memoryBytes: 256 * 1024 * 1024, stackBytes: 512 * 1024, sliceMs: 60_000 },
});

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

try {
  // Warm-up: QuickJS's module, the worker's start, SQLite's statements.
  await engine.settled((await engine.start({ nameOrPath: 'many' })).id);

  let runId = '';
  const live = await timed(async () => {
    runId = (await engine.start({ nameOrPath: 'many' })).id;
    const run = await engine.settled(runId);
    if (run.outcome !== 'success' || run.totalCalls !== CALLS) throw new Error(`the live run ended ${run.outcome} after ${run.totalCalls} calls`);
  });
  const plain = await timed(async () => {
    const out: unknown[] = [];
    for (let i = 0; i < CALLS; i++) out.push((await instantPort.runAgent({ workflowRunId: 'plain', position: i, prompt: `task ${i}`, cwd: project, profileId: 'demo', parentAgentId: 'wf-plain' }, new AbortController().signal)).text);
    if (out.length !== CALLS) throw new Error('the plain loop lost calls');
  });
  figure('workflows.overhead_ms_per_call', live / CALLS, 'ms', plain / CALLS);

  const resumed = await timed(async () => {
    await engine.resume(runId);
    const run = await engine.settled(runId);
    if (run.cachedCount !== CALLS) throw new Error(`only ${run.cachedCount} of ${CALLS} calls came from the journal`);
  });
  figure('workflows.resume_ms_1000_cached', resumed, 'ms', live);

  const cancels: number[] = [];
  for (let i = 0; i < CANCEL_REPEATS; i++) {
    const spinning = await engine.start({ nameOrPath: 'spin' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    cancels.push(await timed(() => engine.cancel(spinning.id)));
  }
  const bare: number[] = [];
  for (let i = 0; i < CANCEL_REPEATS; i++) {
    const worker = new Worker('while (true) {}', { eval: true });
    await new Promise((resolve) => setTimeout(resolve, 150));
    bare.push(await timed(() => worker.terminate()));
  }
  figure('workflows.cancel_latency_ms', median(cancels), 'ms', median(bare));
} finally {
  await engine.dispose();
  store.db.close();
  rmSync(dir, { recursive: true, force: true });
}
