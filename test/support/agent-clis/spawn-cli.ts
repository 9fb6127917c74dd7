// Runs a real agent CLI for a test: stdin closed (Codex waits for EOF on an open pipe), stdout
// parsed as JSON lines as they come, and the whole process tree killed at the end, so a command
// the agent started cannot outlive the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hangUpLadder, listProcessTree, startTimeOf, terminateProcessTree, type ProcessEntry } from '../../../src-main/core/process/process-tree';
import { LiveList } from '../scripted-model/live-list';

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit. */
  durationMs: number;
  /** The run outlived its time limit and was killed. */
  timedOut: boolean;
}

export type JsonLine = Record<string, unknown>;

export interface CliRun {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout's JSON lines so far (a line that is not JSON is kept as `{ unparsed: line }`). */
  readonly lines: JsonLine[];
  readonly exited: Promise<CliExit>;
  waitForLine(predicate: (line: JsonLine) => boolean, timeoutMs?: number): Promise<JsonLine>;
  /** The CLI and every process below it (its session, group and descendants), as of now. */
  processTree(): Promise<ProcessEntry[]>;
  /** SIGHUP and SIGTERM, then SIGKILL, to the whole tree; resolves once nothing of it runs. Safe to call twice. */
  killTree(): Promise<void>;
}

export interface SpawnCliOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Killed (the whole tree) after this long; default 60 s. */
  timeoutMs?: number;
}

/** What a CLI needs from the caller's environment: PATH (its tools, `node` for hooks), LANG and SHELL. */
export function hostEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' };
  for (const name of ['LANG', 'SHELL'] as const) if (process.env[name]) env[name] = process.env[name];
  return env;
}

/** A process's command line, its arguments joined by spaces; '' once it is gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

function parseLine(line: string): JsonLine {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonLine) : { unparsed: line };
  } catch {
    return { unparsed: line };
  }
}

export function spawnCli(bin: string, args: readonly string[], options: SpawnCliOptions): CliRun {
  const started = Date.now();
  // Its own session, as Orrery will start it: signals meant for the test runner do not reach it,
  // and the session id finds everything it started.
  const child = spawn(bin, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${bin}`);
  const pid = child.pid;
  // Read at once, while the pid is surely this child's: it tells the child from a later reuse of the pid.
  const startTime = startTimeOf(pid);
  const lines = new LiveList<JsonLine>();
  let stdout = '';
  let stderr = '';
  let pending = '';
  let running = true;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const text of complete) {
      if (text.trim() === '') continue;
      lines.push(parseLine(text));
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  let timedOut = false;
  const killTree = () => terminateProcessTree(pid, running, { ladder: hangUpLadder(500) });
  const timer = setTimeout(() => {
    timedOut = true;
    void killTree();
  }, options.timeoutMs ?? 60_000);
  const exited = new Promise<CliExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running = false;
      clearTimeout(timer);
      lines.end(`it exited (${signal ?? `code ${code}`})`);
      resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started, timedOut });
    });
  });

  return {
    child,
    pid,
    lines: lines.items,
    exited,
    waitForLine(predicate, timeoutMs = 15_000) {
      return lines.waitFor(predicate, timeoutMs, (why) => `${bin}: no matching stdout line: ${why}; stdout so far:\n${stdout}\nstderr:\n${stderr}`);
    },
    processTree: async () => listProcessTree(pid, running ? await startTime : undefined),
    killTree,
  };
}
