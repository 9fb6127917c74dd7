import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { Readable, Writable } from 'node:stream';
import { constants } from 'node:os';
import { startTimeOf, terminateProcessTree } from './process-tree';
import type { SignalStep } from './process-tree';
import type { TreeWatcher } from './tree-watcher';

export interface ChildSpec {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** `ignore`: stdin is /dev/null (Codex waits for EOF on an open pipe). */
  stdin: 'ignore' | 'pipe';
}

export interface ChildExit {
  /** Null when it was killed by a signal. */
  exitCode: number | null;
  signal: string | null;
}

export interface LaunchedChild {
  pid: number;
  /** The kernel's start time of `pid`: with it a later kill can tell a reused pid from ours. */
  startTime: string;
  stdin: Writable | null;
  stdout: Readable;
  stderr: Readable;
  exited: Promise<ChildExit>;
  /**
   * The whole tree, rung by rung, then SIGKILL; resolves once none of it runs. With a watcher,
   * members that left the tree (re-parented after the leader died) are reached too.
   */
  terminate(ladder: readonly SignalStep[]): Promise<void>;
}

export class LaunchError extends Error {
  readonly file: string;
  readonly code: string | undefined;

  constructor(file: string, code: string | undefined, message: string) {
    super(message);
    this.file = file;
    this.code = code;
  }
}

/**
 * Starts a program with pipes in a session of its own (setsid), so its whole tree can be found and
 * signalled later and a Ctrl+C meant for Orrery does not reach it. Resolves once the program runs;
 * rejects with a LaunchError (a missing binary, a directory it cannot enter) instead of leaving a
 * child that never started, so nobody waits for the exit of a process that does not exist.
 */
export function launchChild(spec: ChildSpec, watcher?: TreeWatcher): Promise<LaunchedChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.file, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: [spec.stdin, 'pipe', 'pipe'],
      windowsHide: true,
    });
    // Piped at once: a program that exits before its reader is attached would lose its output.
    const stdout = child.stdout ? child.stdout.pipe(new PassThrough()) : new PassThrough().end();
    const stderr = child.stderr ? child.stderr.pipe(new PassThrough()) : new PassThrough().end();
    // Giving up on a stream (a stranger inherited the pipe) lets go of the pipe itself too.
    stdout.once('close', () => child.stdout?.destroy());
    stderr.once('close', () => child.stderr?.destroy());
    const exited = new Promise<ChildExit>((resolveExit) => {
      child.once('exit', (code, signal) => resolveExit({ exitCode: code, signal }));
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      reject(new LaunchError(spec.file, error.code, `Cannot start ${spec.file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`));
    });
    child.once('spawn', () => {
      const pid = child.pid as number;
      void startTimeOf(pid).then((startTime) => {
        let running = true;
        const watching = watcher?.watch(pid, startTime ?? '');
        void exited.then(() => {
          running = false;
        });
        resolve({
          pid,
          startTime: startTime ?? '',
          stdin: child.stdin,
          stdout,
          stderr,
          exited,
          terminate: async (ladder) => {
            await terminateProcessTree(pid, running, { ladder, ...(startTime !== undefined && { expectedStartTime: startTime }), ...(watching && { known: watching.members() }) });
            if (!running) watching?.stop();
          },
        });
      });
    });
  });
}

/** `SIGTERM` → 15, for exit codes shells would print as 128 + n. */
export function signalNumber(signal: string): number | undefined {
  return (constants.signals as Record<string, number>)[signal];
}
