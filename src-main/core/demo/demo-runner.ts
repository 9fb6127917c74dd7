import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

import type { DemoStatus } from '../../../src-shared/demo/demo-contract';

export interface DemoRunnerOptions {
  /** The built CLI (out/main/cli.js): the demo runs as `cli.js demo`, a real process like any agent. */
  cliScript: string;
  journal: string;
  /** Electron's own binary runs scripts as Node with ELECTRON_RUN_AS_NODE. */
  nodeBinary?: string;
}

export interface DemoRunner {
  start(options: { speed?: number; durationS?: number }): DemoStatus;
  stop(): Promise<DemoStatus>;
  status(): DemoStatus;
  dispose(): Promise<void>;
}

const STOP_GRACE_MS = 3000;

/**
 * The scripted fleet writes into the same journal hooks write to, so the demo exercises the
 * whole real path (tailer → ingest → store → graph) and nothing in the UI knows it is a demo.
 */
export function createDemoRunner(options: DemoRunnerOptions): DemoRunner {
  let child: ChildProcess | undefined;
  let startedAt: number | undefined;
  let lastError: string | undefined;
  let stderrTail = '';

  const status = (): DemoStatus => ({
    running: child !== undefined,
    ...(child?.pid !== undefined && { pid: child.pid }),
    ...(startedAt !== undefined && { startedAt }),
    ...(lastError !== undefined && { lastError }),
  });

  function stop(): Promise<DemoStatus> {
    const running = child;
    if (!running) return Promise.resolve(status());
    return new Promise((resolve) => {
      const force = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS);
      running.once('exit', () => {
        clearTimeout(force);
        resolve(status());
      });
      // SIGINT, like Ctrl+C: the demo ends its running agents as cancelled before it exits.
      running.kill('SIGINT');
    });
  }

  return {
    start({ speed, durationS }) {
      if (child) return status();
      const args = [options.cliScript, 'demo', '--journal', options.journal];
      if (speed !== undefined) args.push('--speed', String(speed));
      if (durationS !== undefined) args.push('--duration', String(durationS));
      const spawned = spawn(options.nodeBinary ?? process.execPath, args, {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child = spawned;
      startedAt = Date.now();
      lastError = undefined;
      stderrTail = '';
      spawned.stderr?.on('data', (chunk: Buffer) => {
        stderrTail = (stderrTail + chunk.toString()).slice(-2000);
      });
      spawned.once('error', (error) => {
        lastError = `the demo could not start: ${error.message}`;
      });
      spawned.once('exit', (code, signal) => {
        if (child === spawned) child = undefined;
        if (code !== 0 && signal !== 'SIGINT' && signal !== 'SIGKILL') {
          const detail = stderrTail.trim().split('\n').at(-1);
          lastError ??= `the demo exited with ${signal ?? `code ${code}`}${detail ? `: ${detail}` : ''}`;
        }
      });
      return status();
    },
    stop,
    status,
    async dispose() {
      await stop();
    },
  };
}
