// @ts-check
/**
 * `orrery demo`: a scripted fleet that stands in for real agents, so Orrery can be seen (and
 * tested) with no LLM at hand. An orchestrator session plans in waves and hands work to
 * workers; workers read, grep, edit and run tests, and spawn Explore-style subagents; a
 * migration runs for the whole demo; a test run fails before it passes; a dependency upgrade
 * ends in error. Timings and token counts are in the range of real Claude Code sessions.
 *
 * The fleet is a deterministic simulation (seeded); `runDemoFleet` plays it against a clock and
 * hands each moment's events to a writer, so tests inject a fake clock and run minutes of demo
 * in milliseconds. Dependency-free: it ships as a plain resource next to the hook.
 */
import { seededRandom } from './seeded-random.mjs';
import { createScheduler } from './demo-scheduler.mjs';

export const DEMO_SOURCE = 'demo';

/**
 * @typedef {import('./demo-scheduler.mjs').Scheduler} Scheduler
 * @typedef {import('./demo-scheduler.mjs').Instruction} Instruction
 * @typedef {Generator<Instruction, void, void>} Step one thing an agent does
 * @typedef {Generator<Instruction, Outcome | void, void>} Script an agent's whole life
 * @typedef {import('./demo-scheduler.mjs').DemoProcess} DemoProcess
 * @typedef {Record<string, unknown> & { v: 1, ts: number, type: string, agent_id: string }} DemoEvent
 * @typedef {{ now(): number, sleep(ms: number, signal?: AbortSignal): Promise<void> }} DemoClock
 * @typedef {{
 *   write: (events: DemoEvent[]) => void,
 *   clock?: DemoClock,
 *   speed?: number,
 *   durationMs?: number,
 *   signal?: AbortSignal,
 *   seed?: number,
 *   runId?: string,
 * }} DemoOptions
 * @typedef {{ events: number, agents: number, stoppedBy: 'duration' | 'signal' }} DemoSummary
 */

/** USD per million tokens: input, output, cache read, cache write (published list prices). */
const MODELS = /** @type {const} */ ({
  opus: { id: 'claude-opus-4-1', price: [15, 75, 1.5, 18.75] },
  sonnet: { id: 'claude-sonnet-4-5', price: [3, 15, 0.3, 3.75] },
  haiku: { id: 'claude-haiku-4-5', price: [1, 5, 0.1, 1.25] },
});

/** @typedef {keyof typeof MODELS} ModelName */

/**
 * Milliseconds a tool call takes, [min, max].
 * @type {Record<string, readonly [number, number]>}
 */
const TOOL_MS = {
  Read: [30, 250],
  Grep: [80, 600],
  Glob: [30, 200],
  Edit: [40, 300],
  Write: [40, 200],
  Bash: [400, 3000],
  WebFetch: [700, 3500],
  WebSearch: [900, 2500],
  TodoWrite: [10, 50],
};

/** Model time between tool calls: reading the result, deciding, writing the next call. */
const THINK_MS = /** @type {const} */ ([1500, 7000]);

/** What the run's agents share: simulated time, the seeded randomness, and the id counters. */
class Fleet {
  /**
   * @param {Scheduler} scheduler
   * @param {() => number} random
   * @param {string} runId
   */
  constructor(scheduler, random, runId) {
    this.scheduler = scheduler;
    this.random = random;
    this.runId = runId;
    this.sessionId = `demo-${runId}`;
    this.toolCalls = 0;
  }

  /** Shaped like Claude Code's, and unique within the run. */
  nextToolUseId() {
    return `toolu_demo_${this.runId}_${++this.toolCalls}`;
  }

  /** @param {number} min @param {number} max */
  between(min, max) {
    return Math.round(min + this.random() * (max - min));
  }

  /** @param {number} probability */
  chance(probability) {
    return this.random() < probability;
  }

  /**
   * @template T
   * @param {readonly T[]} items
   * @returns {T}
   */
  pick(items) {
    return /** @type {T} */ (items[Math.floor(this.random() * items.length)]);
  }

  /**
   * @param {string} key unique within the run
   * @param {string} name
   * @param {ModelName} model
   * @param {Agent | undefined} parent
   * @returns {Agent}
   */
  spawn(key, name, model, parent) {
    const agent = new Agent(this, key, model, parent);
    agent.emit('agent_spawn', { name, model: MODELS[model].id });
    return agent;
  }
}

/**
 * Everything a scripted agent does goes through here, so each script reads like what the agent
 * does and none of them repeats event plumbing.
 */
class Agent {
  /**
   * @param {Fleet} fleet
   * @param {string} key unique within the run; the agent id adds the run id to it
   * @param {ModelName} model
   * @param {Agent | undefined} parent
   */
  constructor(fleet, key, model, parent) {
    this.fleet = fleet;
    this.key = key;
    this.id = `demo-${fleet.runId}-${key}`;
    this.model = model;
    this.parent = parent;
    /** Cached context the next turn re-reads; grows as the agent works. */
    this.context = fleet.between(8000, 20000);
    this.children = 0;
  }

  /** @param {string} type @param {Record<string, unknown>} [fields] */
  emit(type, fields = {}) {
    this.fleet.scheduler.emit({
      type,
      agent_id: this.id,
      ...(this.parent && { parent_id: this.parent.id }),
      session_id: this.fleet.sessionId,
      source: DEMO_SOURCE,
      ...fields,
    });
  }

  /** @param {'idle' | 'running' | 'waiting' | 'error' | 'paused'} status */
  status(status) {
    this.emit('status', { status });
  }

  /** @param {'debug' | 'info' | 'warn' | 'error'} level @param {string} message */
  log(level, message) {
    this.emit('log', { level, message });
  }

  /**
   * One model turn: time passes, then its token usage is reported (as an increment).
   * @param {number} [min] shortest turn, ms
   * @param {number} [max] longest turn, ms
   * @returns {Step}
   */
  *think(min = THINK_MS[0], max = THINK_MS[1]) {
    yield { sleep: this.fleet.between(min, max) };
    const fleet = this.fleet;
    const tokensIn = fleet.between(40, 1500);
    const tokensOut = fleet.between(60, 1200);
    const cacheWrite = fleet.between(200, 2500);
    const cacheRead = this.context;
    this.context += cacheWrite;
    const [input, output, read, write] = MODELS[this.model].price;
    const cost = (tokensIn * input + tokensOut * output + cacheRead * read + cacheWrite * write) / 1e6;
    this.emit('usage', {
      tokens_in: tokensIn,
      tokens_out: tokensOut,
      cache_read: cacheRead,
      cache_write: cacheWrite,
      cost_usd: Math.round(cost * 1e6) / 1e6,
    });
  }

  /**
   * A tool call from start to result. `ms` overrides the tool's usual duration.
   * @param {string} tool
   * @param {string} summary
   * @param {{ ms?: number, error?: string }} [options]
   * @returns {Step}
   */
  *tool(tool, summary, options = {}) {
    const fleet = this.fleet;
    const toolUseId = fleet.nextToolUseId();
    this.emit('tool_use', { tool, tool_use_id: toolUseId, input_summary: summary });
    const [min, max] = TOOL_MS[tool] ?? [400, 3000];
    const ms = options.ms ?? fleet.between(min, max);
    yield { sleep: ms };
    this.emit('tool_result', {
      tool_use_id: toolUseId,
      ok: options.error === undefined,
      duration_ms: ms,
      ...(options.error !== undefined && { error: options.error }),
    });
  }

  /**
   * Starts a subagent the way Claude Code's Task tool does: a Task call by this agent, then the
   * subagent's own life. `finish` ends the Task call with the subagent's outcome; a background
   * task still running by then counts as a success (it was started).
   * @param {string} key unique within the run
   * @param {string} name
   * @param {ModelName} model
   * @param {string} summary
   * @param {(agent: Agent) => Script} script
   * @returns {{ process: DemoProcess, finish: () => Outcome }}
   */
  startTask(key, name, model, summary, script) {
    const fleet = this.fleet;
    const toolUseId = fleet.nextToolUseId();
    const startedAt = fleet.scheduler.now();
    this.emit('tool_use', { tool: 'Task', tool_use_id: toolUseId, input_summary: summary });
    const process = fleet.scheduler.start(runAgent(fleet.spawn(key, name, model, this), script));
    const finish = () => {
      /** @type {Outcome} */
      const outcome = process.done ? /** @type {Outcome} */ (process.result) : { outcome: 'success' };
      this.emit('tool_result', {
        tool_use_id: toolUseId,
        ok: outcome.outcome === 'success',
        duration_ms: fleet.scheduler.now() - startedAt,
        ...(outcome.error !== undefined && { error: outcome.error }),
      });
      return outcome;
    };
    return { process, finish };
  }

  /**
   * A Task call that runs a subagent and waits for it.
   * @param {string} kind subagent type, shown as its name
   * @param {ModelName} model
   * @param {string} description
   * @param {(agent: Agent) => Script} script
   * @returns {Generator<Instruction, Outcome, void>}
   */
  *delegate(kind, model, description, script) {
    const task = this.startTask(`${this.key}-${kind.toLowerCase()}-${++this.children}`, kind, model, `${kind}: ${description}`, script);
    yield { join: [task.process] };
    return task.finish();
  }
}

/** @typedef {{ outcome: 'success' | 'error', error?: string }} Outcome */

/**
 * Runs a script as an agent's life: what it returns (success if nothing) becomes agent_done.
 * @param {Agent} agent
 * @param {(agent: Agent) => Script} script
 * @returns {Generator<Instruction, Outcome, void>}
 */
function* runAgent(agent, script) {
  /** @type {Outcome} */
  const outcome = (yield* script(agent)) ?? { outcome: 'success' };
  agent.emit('agent_done', { outcome: outcome.outcome, ...(outcome.error !== undefined && { error: outcome.error }) });
  return outcome;
}

// ─── The scripts ──────────────────────────────────────────────────────────────────────────────

/** @param {Agent} agent @returns {Script} */
function* explore(agent) {
  const f = agent.fleet;
  yield* agent.think(800, 2500);
  yield* agent.tool('Glob', f.pick(['src/**/*.ts', 'src/api/**/*.ts', 'test/**/*.test.ts']));
  for (let i = f.between(2, 4); i > 0; i--) {
    yield* agent.tool('Grep', f.pick(['createRouter in src/', 'export function handle', 'TODO\\(auth\\)', 'useQuery in src/ui']));
    yield* agent.tool('Read', f.pick(['src/api/routes.ts', 'src/api/middleware/auth.ts', 'src/db/schema.ts', 'src/ui/hooks/use-session.ts']));
    yield* agent.think(600, 2000);
  }
  agent.log('info', `found ${f.between(3, 12)} relevant call sites`);
}

/** @param {Agent} agent @returns {Script} */
function* apiWorker(agent) {
  const f = agent.fleet;
  yield* agent.think();
  yield* agent.delegate('Explore', 'haiku', 'map the API route handlers', explore);
  for (let round = f.between(2, 3); round > 0; round--) {
    yield* agent.think();
    yield* agent.tool('Read', f.pick(['src/api/routes.ts', 'src/api/handlers/users.ts', 'src/api/handlers/orders.ts']));
    yield* agent.tool('Edit', f.pick(['src/api/handlers/users.ts', 'src/api/handlers/orders.ts', 'src/api/validation.ts']));
    yield* agent.think(1000, 3000);
    yield* agent.tool('Bash', 'npm test -- test/api', { ms: f.between(4000, 12000) });
  }
  agent.log('info', 'pagination added to /users and /orders');
}

/** @param {Agent} agent @returns {Script} */
function* uiWorker(agent) {
  const f = agent.fleet;
  yield* agent.think();
  yield* agent.tool('Grep', 'useSession in src/ui');
  yield* agent.tool('Read', 'src/ui/components/user-table.tsx');
  yield* agent.think();
  if (f.chance(0.5)) {
    // A stale edit: the file changed under it, as happens with several agents in one tree.
    yield* agent.tool('Edit', 'src/ui/components/user-table.tsx', { error: 'String to replace not found in file' });
    yield* agent.tool('Read', 'src/ui/components/user-table.tsx');
    yield* agent.think(1000, 3000);
  }
  yield* agent.tool('Edit', 'src/ui/components/user-table.tsx');
  yield* agent.tool('Write', 'src/ui/components/pager.tsx');
  yield* agent.think();
  yield* agent.tool('Bash', 'npm run lint -- src/ui', { ms: f.between(2000, 6000) });
}

/** @param {Agent} agent @returns {Script} */
function* testRunner(agent) {
  const f = agent.fleet;
  yield* agent.think();
  yield* agent.tool('Bash', 'npm test', { ms: f.between(8000, 20000), error: 'exit code 1: 2 failing (orders.test.ts)' });
  agent.log('warn', '2 tests fail after the pagination change');
  yield* agent.think();
  yield* agent.tool('Read', 'test/api/orders.test.ts');
  yield* agent.tool('Grep', 'expect\\(page in test/api');
  yield* agent.think();
  yield* agent.tool('Edit', 'test/api/orders.test.ts');
  yield* agent.tool('Bash', 'npm test', { ms: f.between(8000, 20000) });
  agent.log('info', `all ${f.between(180, 420)} tests pass`);
}

/** @param {Agent} agent @returns {Script} */
function* researcher(agent) {
  const f = agent.fleet;
  yield* agent.think();
  yield* agent.tool('WebSearch', 'cursor vs offset pagination postgres performance');
  for (let i = f.between(2, 3); i > 0; i--) {
    yield* agent.think(1000, 4000);
    const url = f.pick(['https://www.postgresql.org/docs/current/queries-limit.html', 'https://use-the-index-luke.com/no-offset', 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Link']);
    yield* agent.tool('WebFetch', url, f.chance(0.3) ? { error: 'Request failed with status code 403' } : {});
  }
  yield* agent.think();
  yield* agent.tool('Write', 'docs/research/pagination.md');
}

/** @param {Agent} agent @returns {Script} */
function* depUpgrader(agent) {
  const f = agent.fleet;
  yield* agent.think();
  yield* agent.tool('Bash', 'npm outdated --json', { ms: f.between(1500, 4000) });
  yield* agent.tool('Read', 'package.json');
  yield* agent.think();
  yield* agent.tool('Edit', 'package.json');
  const failure = 'npm error ERESOLVE unable to resolve dependency tree: react@19 vs react-dom@18';
  yield* agent.tool('Bash', 'npm install', { ms: f.between(6000, 15000), error: failure });
  agent.log('warn', 'peer dependency conflict; retrying with a pinned react-dom');
  yield* agent.think();
  yield* agent.tool('Edit', 'package.json');
  yield* agent.tool('Bash', 'npm install', { ms: f.between(6000, 15000), error: failure });
  agent.status('error');
  agent.log('error', 'giving up: the upgrade needs a decision on react-dom');
  return { outcome: 'error', error: 'npm install failed twice (ERESOLVE)' };
}

/** @param {Agent} agent @returns {Script} */
function* securityScan(agent) {
  yield* agent.think(800, 2000);
  yield* agent.tool('Grep', 'password|secret|token in src/');
  yield* agent.tool('Read', 'src/api/middleware/auth.ts');
  yield* agent.think(800, 2000);
}

/** @param {Agent} agent @returns {Script} */
function* reviewer(agent) {
  const f = agent.fleet;
  yield* agent.think();
  yield* agent.tool('Bash', 'git diff --stat main...HEAD');
  yield* agent.tool('Bash', 'git diff main...HEAD -- src/api', { ms: f.between(300, 900) });
  yield* agent.delegate('security-scan', 'haiku', 'check the diff for leaked credentials', securityScan);
  yield* agent.think(3000, 9000);
  agent.log('info', `review: ${f.between(1, 4)} comments, no blockers`);
}

/** @param {Agent} agent @returns {Script} */
function* docsWriter(agent) {
  yield* agent.think();
  yield* agent.tool('Read', 'docs/api.md');
  yield* agent.tool('WebFetch', 'https://jsonapi.org/format/#fetching-pagination');
  yield* agent.think();
  yield* agent.tool('Edit', 'docs/api.md');
}

/**
 * The long runner: a data migration in batches that outlives every wave, with a permission
 * prompt now and then. It only ends when the demo does.
 * @param {Agent} agent
 * @returns {Script}
 */
function* migration(agent) {
  const f = agent.fleet;
  yield* agent.think();
  yield* agent.tool('Read', 'scripts/migrate.mjs');
  for (let batch = 1; ; batch++) {
    yield* agent.tool('Bash', `node scripts/migrate.mjs --batch ${batch}`, { ms: f.between(20000, 60000) });
    agent.log('info', `batch ${batch}: ${f.between(8000, 50000)} rows migrated`);
    yield* agent.think(2000, 5000);
    if (batch % 3 === 0) {
      agent.status('waiting');
      agent.log('info', 'Claude needs your permission to use Bash');
      yield { sleep: f.between(5000, 15000) };
      agent.status('running');
    }
  }
}

/** @type {Record<string, { name: string, model: ModelName, task: string, script: (agent: Agent) => Script }>} */
const WORKERS = {
  api: { name: 'api-worker', model: 'sonnet', task: 'add pagination to the users and orders endpoints', script: apiWorker },
  ui: { name: 'ui-worker', model: 'sonnet', task: 'page the user table', script: uiWorker },
  tests: { name: 'test-runner', model: 'sonnet', task: 'run the suite and fix what the change broke', script: testRunner },
  research: { name: 'researcher', model: 'haiku', task: 'compare cursor and offset pagination', script: researcher },
  deps: { name: 'dep-upgrader', model: 'sonnet', task: 'upgrade react to 19', script: depUpgrader },
  review: { name: 'reviewer', model: 'opus', task: 'review the branch', script: reviewer },
  docs: { name: 'docs-writer', model: 'haiku', task: 'document the pagination parameters', script: docsWriter },
};

/** The first wave shows every kind of outcome early: a failing-then-passing test run and an error. */
const FIRST_WAVE = ['api', 'tests', 'deps', 'research'];

/**
 * @param {Agent} lead
 * @param {number} wave
 * @returns {string[]}
 */
function chooseWave(lead, wave) {
  if (wave === 1) return FIRST_WAVE;
  const keys = Object.keys(WORKERS);
  /** @type {Set<string>} */
  const chosen = new Set();
  const size = lead.fleet.between(3, 4);
  while (chosen.size < size) chosen.add(lead.fleet.pick(keys));
  return [...chosen];
}

/**
 * The orchestrator: plans, starts the long migration in the background, then runs waves of
 * parallel workers, merging after each and idling while "the user" reads the result.
 * @param {Agent} lead
 * @returns {Script}
 */
function* orchestrator(lead) {
  const fleet = lead.fleet;
  yield* lead.think();
  yield* lead.tool('Read', 'docs/ROADMAP.md');
  yield* lead.tool('TodoWrite', '6 todos');

  // run_in_background: the Task call returns at once and the migration lives on beside the waves.
  const background = lead.startTask('migration', 'migration', 'sonnet', 'general-purpose: migrate order history (background)', migration);
  yield { sleep: fleet.between(50, 200) };
  background.finish();

  for (let wave = 1; ; wave++) {
    lead.status('running');
    yield* lead.think();
    yield* lead.tool('Grep', 'TODO\\(wave\\) in src/');
    // Parallel Task calls, as Claude Code issues them: all started, then all awaited.
    const tasks = [];
    for (const key of chooseWave(lead, wave)) {
      const spec = /** @type {(typeof WORKERS)[string]} */ (WORKERS[key]);
      tasks.push(lead.startTask(`${key}-${wave}`, spec.name, spec.model, `${spec.name}: ${spec.task}`, spec.script));
      yield { sleep: fleet.between(100, 600) };
    }
    yield { join: tasks.map((task) => task.process) };
    const failed = tasks.map((task) => task.finish()).filter((outcome) => outcome.outcome !== 'success').length;
    yield* lead.think(3000, 9000);
    yield* lead.tool('Bash', 'git add -A && git commit -m "wave ' + wave + '"', { ms: fleet.between(300, 1200) });
    lead.log(failed > 0 ? 'warn' : 'info', `wave ${wave}: ${tasks.length - failed} of ${tasks.length} tasks merged`);
    // Stop hook: the turn is over and the lead waits for the user's next prompt.
    lead.status('idle');
    yield { sleep: fleet.between(4000, 12000) };
  }
}

// ─── The player ───────────────────────────────────────────────────────────────────────────────

/** @type {DemoClock} */
export const realClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * Plays the fleet in real time (`speed` times faster) until `durationMs` has passed or `signal`
 * aborts, then ends every agent still running with `agent_done` cancelled, children before their
 * parents. Events due at the same moment reach `write` together, so a journal writer can append
 * them in one write.
 * @param {DemoOptions} options
 * @returns {Promise<DemoSummary>}
 */
export async function runDemoFleet(options) {
  const { write, clock = realClock, speed = 1, durationMs = Infinity, signal } = options;
  if (!(speed > 0)) throw new RangeError('speed must be a positive number');
  if (!(durationMs > 0)) throw new RangeError('durationMs must be positive');
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const runId = options.runId ?? seed.toString(36);
  const scheduler = createScheduler();
  const fleet = new Fleet(scheduler, seededRandom(seed), runId);
  scheduler.start(runAgent(fleet.spawn('lead', 'lead', 'opus', undefined), orchestrator));

  const startedAt = clock.now();
  /** Running agents' spawn events in spawn order: a parent always comes before its children. */
  /** @type {Map<string, DemoEvent>} */
  const running = new Map();
  let events = 0;
  let agents = 0;
  /** @type {DemoSummary['stoppedBy']} */
  let stoppedBy = 'duration';
  for (;;) {
    if (signal?.aborted) {
      stoppedBy = 'signal';
      break;
    }
    const batch = scheduler.nextBatch();
    const due = batch === undefined ? durationMs : Math.min(batch.at / speed, durationMs);
    const wait = startedAt + due - clock.now();
    if (wait > 0) await clock.sleep(wait, signal);
    if (signal?.aborted) {
      stoppedBy = 'signal';
      break;
    }
    if (batch === undefined || batch.at / speed >= durationMs) break;
    const ts = clock.now();
    const stamped = batch.events.map((event) => /** @type {DemoEvent} */ ({ v: 1, ts, ...event }));
    for (const event of stamped) {
      if (event.type === 'agent_spawn') {
        running.set(event.agent_id, event);
        agents++;
      } else if (event.type === 'agent_done') running.delete(event.agent_id);
    }
    write(stamped);
    events += stamped.length;
  }

  const ts = clock.now();
  const closing = [...running.values()].reverse().map(
    (spawn) =>
      /** @type {DemoEvent} */ ({
        v: 1,
        ts,
        type: 'agent_done',
        agent_id: spawn.agent_id,
        ...(spawn.parent_id !== undefined && { parent_id: spawn.parent_id }),
        session_id: spawn.session_id,
        source: DEMO_SOURCE,
        outcome: 'cancelled',
        error: 'demo stopped',
      }),
  );
  if (closing.length > 0) write(closing);
  return { events: events + closing.length, agents, stoppedBy };
}
