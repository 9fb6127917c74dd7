import type { DemoStatus } from '../../../src-shared/demo/demo-contract';
import { launchChild } from '../process/child-launcher';
import type { LaunchedChild } from '../process/child-launcher';
import { interruptLadder } from '../process/process-tree';

export interface DemoRunnerOptions {
  /** The built CLI (out/main/cli.js): the demo runs as `cli.js demo`, a real process like any agent. */
  cliScript: string;
  journal: string;
  /** Electron's own binary runs scripts as Node with ELECTRON_RUN_AS_NODE. */
  nodeBinary?: string;
}

export interface DemoRunner {
  start(options: { speed?: number; durationS?: number }): Promise<DemoStatus>;
  stop(): Promise<DemoStatus>;
  status(): DemoStatus;
  dispose(): Promise<void>;
}

const STOP_GRACE_MS = 3000;
const STDERR_TAIL_CHARS = 2000;

/**
 * The scripted fleet writes into the same journal hooks write to, so the demo exercises the
 * whole real path (tailer → ingest → store → graph) and nothing in the UI knows it is a demo.
 * It starts and stops through the same launcher and kill ladder as runs: a demo that cannot
 * start is an error at once (never a child that quit waits for), and stopping ends its whole tree.
 */
export function createDemoRunner(options: DemoRunnerOptions): DemoRunner {
  let child: LaunchedChild | undefined;
  let starting: Promise<DemoStatus> | undefined;
  let startedAt: number | undefined;
  let lastError: string | undefined;

  const status = (): DemoStatus => ({
    running: child !== undefined,
    ...(child !== undefined && { pid: child.pid }),
    ...(startedAt !== undefined && { startedAt }),
    ...(lastError !== undefined && { lastError }),
  });

  async function launch(speed: number | undefined, durationS: number | undefined): Promise<DemoStatus> {
    const args = [options.cliScript, 'demo', '--journal', options.journal];
    if (speed !== undefined) args.push('--speed', String(speed));
    if (durationS !== undefined) args.push('--duration', String(durationS));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    lastError = undefined;
    let launched: LaunchedChild;
    try {
      launched = await launchChild({ file: options.nodeBinary ?? process.execPath, args, cwd: process.cwd(), env: { ...env, ELECTRON_RUN_AS_NODE: '1' }, stdin: 'ignore' });
    } catch (error) {
      lastError = `the demo could not start: ${error instanceof Error ? error.message : String(error)}`;
      return status();
    }
    child = launched;
    startedAt = Date.now();
    let stderrTail = '';
    launched.stdout.resume();
    launched.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
    });
    void launched.exited.then(({ exitCode, signal }) => {
      if (child === launched) child = undefined;
      if (exitCode !== 0 && signal !== 'SIGINT' && signal !== 'SIGKILL' && signal !== 'SIGTERM') {
        const detail = stderrTail.trim().split('\n').at(-1);
        lastError ??= `the demo exited with ${signal ?? `code ${exitCode}`}${detail ? `: ${detail}` : ''}`;
      }
    });
    return status();
  }

  async function stop(): Promise<DemoStatus> {
    await starting;
    const running = child;
    if (!running) return status();
    // SIGINT first, like Ctrl+C: the demo ends its running agents as cancelled before it exits.
    await running.terminate(interruptLadder(STOP_GRACE_MS));
    await running.exited;
    if (child === running) child = undefined;
    return status();
  }

  return {
    async start({ speed, durationS }) {
      if (child) return status();
      starting ??= launch(speed, durationS).finally(() => {
        starting = undefined;
      });
      return starting;
    },
    stop,
    status,
    async dispose() {
      await stop();
    },
  };
}
