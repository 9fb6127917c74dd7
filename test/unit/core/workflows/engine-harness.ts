import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrreryEvent } from '../../../../src-shared/events/event-schema';
import { LiveState } from '../../../../src-shared/events/live-state';
import type { WorkflowRunDetail, WorkflowStartRequest } from '../../../../src-shared/workflows/workflows-contract';
import { createEventIngest } from '../../../../src-main/core/events/event-ingest';
import { EventRepository } from '../../../../src-main/core/events/event-repository';
import { SqliteOffsetStore } from '../../../../src-main/core/events/sqlite-offset-store';
import { openStore } from '../../../../src-main/core/store/database';
import type { OpenedStore } from '../../../../src-main/core/store/database';
import type { WorkflowAgentCall, WorkflowAgentPort, WorkflowAgentResult } from '../../../../src-main/core/workflows/workflow-agent-port';
import { WorkflowEngine } from '../../../../src-main/core/workflows/workflow-engine';
import type { WorkflowEngineOptions } from '../../../../src-main/core/workflows/workflow-engine';

export const BUILT_IN_WORKFLOWS = join(__dirname, '../../../../resources/workflows');

type Answer = (call: WorkflowAgentCall, signal: AbortSignal) => WorkflowAgentResult | Promise<WorkflowAgentResult>;

/**
 * Stands in for the runs layer: every agent answers at once (or as `answer` says), and it
 * records what it was asked. Only the agents are simulated here; the sandbox, the journal
 * (a real SQLite file) and the event ingest are the real ones.
 */
export class FakePort implements WorkflowAgentPort {
  readonly calls: WorkflowAgentCall[] = [];
  running = 0;
  mostAtOnce = 0;
  globalLimit = 64;
  answer: Answer;
  private nextRun = 1;

  constructor(answer?: Answer) {
    this.answer = answer ?? ((call) => ({ outcome: 'success', text: `answer to ${call.prompt}`, tokensOut: 10, runId: '' }));
  }

  async runAgent(call: WorkflowAgentCall, signal: AbortSignal, onLaunched?: (runId: string) => void): Promise<WorkflowAgentResult> {
    this.calls.push(call);
    const runId = `r${this.nextRun++}`;
    onLaunched?.(runId);
    this.running++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    try {
      const result = await this.answer(call, signal);
      return { ...result, runId: result.runId === '' ? runId : result.runId };
    } finally {
      this.running--;
    }
  }

  maxConcurrentRuns(): number {
    return this.globalLimit;
  }

  prompts(): string[] {
    return this.calls.map((call) => call.prompt);
  }
}

/** An answer that waits until `signal` aborts (then says it was cancelled) or `release()` is called. */
export function heldAnswers(): { answer: Answer; release(text?: string): void; held(): number } {
  const waiting: ((text: string) => void)[] = [];
  return {
    answer: (_call, signal) =>
      new Promise((resolve) => {
        const cancel = (): void => resolve({ outcome: 'cancelled', tokensOut: 1, runId: '', error: 'cancelled' });
        if (signal.aborted) return cancel();
        signal.addEventListener('abort', cancel, { once: true });
        waiting.push((text) => resolve({ outcome: 'success', text, tokensOut: 5, runId: '' }));
      }),
    release(text = 'released') {
      waiting.shift()?.(text);
    },
    held: () => waiting.length,
  };
}

export interface Harness {
  engine: WorkflowEngine;
  port: FakePort;
  store: OpenedStore;
  events: OrreryEvent[];
  liveState: LiveState;
  dir: string;
  project: string;
  /** Writes `.claude/workflows/<name>.js` in the project; returns its path. */
  write(name: string, source: string, where?: string): string;
  /** Starts a workflow and waits for it to end. */
  run(nameOrPath: string, request?: Omit<WorkflowStartRequest, 'nameOrPath'>): Promise<WorkflowRunDetail>;
  /** A new engine over the same database file, as after a restart of Orrery. */
  restart(port?: FakePort): Promise<void>;
  close(): Promise<void>;
}

/** `agentPort` replaces the fake agents with another port altogether (a real agent process). */
export function createHarness(options: { port?: FakePort; agentPort?: WorkflowAgentPort; engine?: Partial<WorkflowEngineOptions> } = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'orrery-workflows-'));
  const project = join(dir, 'project');
  mkdirSync(join(project, '.claude', 'workflows'), { recursive: true });
  const events: OrreryEvent[] = [];
  let store = openStore(join(dir, 'data', 'orrery.db'));
  let liveState = new LiveState();
  let port = options.port ?? new FakePort();

  const makeEngine = (): WorkflowEngine => {
    const ingest = createEventIngest({ db: store.db, repository: new EventRepository(store.db), offsets: new SqliteOffsetStore(store.db), liveState });
    ingest.onIngested((batch) => events.push(...batch));
    return new WorkflowEngine({
      db: store.db,
      emit: (batch, alongside) => ingest.ingestEvents(batch, alongside),
      port: options.agentPort ?? port,
      locations: { homeDir: join(dir, 'home'), dataDir: join(dir, 'data'), builtInDir: BUILT_IN_WORKFLOWS },
      defaultCwd: project,
      defaultProfileId: 'demo',
      progressIntervalMs: 5,
      ...options.engine,
    });
  };

  const harness: Harness = {
    engine: makeEngine(),
    get port() {
      return port;
    },
    get store() {
      return store;
    },
    events,
    get liveState() {
      return liveState;
    },
    dir,
    project,
    write(name, source, where = join(project, '.claude', 'workflows')) {
      mkdirSync(where, { recursive: true });
      const path = join(where, `${name}.js`);
      writeFileSync(path, source);
      return path;
    },
    async run(nameOrPath, request = {}) {
      const started = await harness.engine.start({ nameOrPath, ...request });
      await harness.engine.settled(started.id);
      return harness.engine.get(started.id);
    },
    async restart(nextPort) {
      await harness.engine.dispose();
      store.db.close();
      store = openStore(join(dir, 'data', 'orrery.db'));
      liveState = new LiveState();
      if (nextPort !== undefined) port = nextPort;
      harness.engine = makeEngine();
    },
    async close() {
      await harness.engine.dispose();
      store.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** A workflow file: the meta, then the body. */
export function workflowSource(body: string, meta = "{ name: 'test-flow', description: 'a workflow under test' }"): string {
  return `export const meta = ${meta};\n${body}\n`;
}
