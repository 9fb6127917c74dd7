// The demo agent as a real process, launched the way the runs layer launches `claude`, with its
// stdout read line by line as it comes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEMO_AGENT = join(__dirname, '../../../../resources/agents/demo-agent.mjs');

export type JsonLine = Record<string, unknown> & { type: string; subtype?: string };

export interface DemoRunOptions {
  prompt: string;
  /** Flags after the standard `-p <prompt> --output-format stream-json --verbose`. */
  args?: readonly string[];
  speed: number;
  /** ORRERY_DEMO_AGENT_HOME: where the demo keeps its sessions. */
  home: string;
  cwd?: string;
}

export interface DemoExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** When the process exited (Date.now()). */
  at: number;
}

export interface DemoRun {
  child: ChildProcess;
  lines: JsonLine[];
  stderr(): string;
  /** Resolves with the first line (already printed or still to come) that matches. */
  waitForLine(what: string, predicate: (line: JsonLine) => boolean, timeoutMs?: number): Promise<JsonLine>;
  exited: Promise<DemoExit>;
  /** The process's exit, or an error if it is still running after `timeoutMs`. */
  waitForExit(timeoutMs?: number): Promise<DemoExit>;
}

export function runDemoAgent(options: DemoRunOptions): DemoRun {
  const child = spawn(process.execPath, [DEMO_AGENT, '-p', options.prompt, '--output-format', 'stream-json', '--verbose', ...(options.args ?? [])], {
    cwd: options.cwd ?? options.home,
    env: { PATH: process.env.PATH, HOME: options.home, ORRERY_DEMO_AGENT_HOME: options.home, ORRERY_DEMO_AGENT_SPEED: String(options.speed) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: JsonLine[] = [];
  const waiters: Array<() => void> = [];
  let partial = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    partial += chunk;
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete) if (text !== '') lines.push(JSON.parse(text) as JsonLine);
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<DemoExit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const wake of waiters.splice(0)) wake();
  });

  const describe = () => `\nstdout so far:\n${lines.map((line) => JSON.stringify(line).slice(0, 300)).join('\n')}\nstderr:\n${stderr}`;
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLine(what, predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms${describe()}`)), timeoutMs);
        const look = () => {
          const found = lines.find(predicate);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else if (hasExited) {
            clearTimeout(timer);
            reject(new Error(`the demo agent exited without printing ${what}${describe()}`));
          } else waiters.push(look);
        };
        look();
      });
    },
    waitForExit(timeoutMs = 10_000) {
      return Promise.race([
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms${describe()}`)), timeoutMs).unref()),
      ]);
    },
  };
}

/** A line's first content block, for assistant and user lines. */
export function firstBlock(line: JsonLine): Record<string, unknown> | undefined {
  const content = (line.message as { content?: unknown } | undefined)?.content;
  return Array.isArray(content) ? (content[0] as Record<string, unknown>) : undefined;
}

export const isMain = (line: JsonLine) => line.parent_tool_use_id === null;

export function toolUse(line: JsonLine, name?: string): boolean {
  const block = firstBlock(line);
  return line.type === 'assistant' && block?.type === 'tool_use' && (name === undefined || block.name === name);
}

/** The pids of `pid`'s children (Linux /proc). */
export function childPids(pid: number): number[] {
  const path = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  return [pid, ...childPids(pid).flatMap(processTree)];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0; it has exited all the same.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
