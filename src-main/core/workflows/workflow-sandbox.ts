import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { installWorkflowGlobals } from './sandbox-prelude';
import type { FromSandbox, SandboxItem, SandboxLimits, ToSandbox } from './sandbox-protocol';
import { sandboxWorkerMain } from './sandbox-worker';
import type { SandboxWorkerData } from './sandbox-worker';

const requireHere = createRequire(import.meta.url);

/** The QuickJS build the sandbox runs: the release build whose WebAssembly ships as its own file. */
function quickjsModulePaths(): { corePath: string; variantPath: string } {
  return { corePath: requireHere.resolve('quickjs-emscripten-core'), variantPath: requireHere.resolve('@jitl/quickjs-wasmfile-release-sync') };
}

// Bundlers may wrap named functions in a `__name` helper; the worker and QuickJS have none.
const NAME_HELPER = 'const __name = (target) => target;';
const WORKER_SOURCE = `${NAME_HELPER}(${sandboxWorkerMain.toString()})(require('node:worker_threads').parentPort, require('node:worker_threads').workerData, require);`;
const PRELUDE_SOURCE = installWorkflowGlobals.toString();

/** Room for QuickJS's stack inside the thread's: WebAssembly frames are much larger than the script's. */
const WORKER_STACK_MB = 16;
const WORKER_HEAP_MB = 256;

export interface SandboxEvents {
  /** One turn of the script ended: what it asked for. The sandbox is idle until the next `send`. */
  onTurn(items: SandboxItem[]): void;
  /** The worker died without finishing the script (a crash, not a script error). */
  onCrash(message: string): void;
}

/**
 * A workflow script's sandbox: QuickJS compiled to WebAssembly, in a worker thread of its own.
 * QuickJS is a separate JavaScript engine with its own heap, so the script holds no reference to
 * anything of Node's (unlike `node:vm`, whose contexts share one heap and leak the host through
 * constructor chains); the worker keeps a busy script off the main event loop and can be
 * terminated at any instant, even inside `while (true) {}`.
 *
 * One message in flight: `send` is allowed only while the sandbox is idle, i.e. after `onTurn`.
 */
export class WorkflowSandbox {
  private readonly worker: Worker;
  private busy = false;
  private ended = false;
  private readonly exited: Promise<void>;

  constructor(limits: SandboxLimits, events: SandboxEvents) {
    const workerData: SandboxWorkerData = { ...quickjsModulePaths(), preludeSource: PRELUDE_SOURCE, limits };
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData,
      resourceLimits: { stackSizeMb: WORKER_STACK_MB, maxOldGenerationSizeMb: WORKER_HEAP_MB },
      // The script sees no environment anyway; the worker's own Node side needs none either.
      env: {},
    });
    this.worker.unref();
    this.worker.on('message', (message: FromSandbox) => {
      this.busy = false;
      if (message.items.some((item) => item.t === 'done')) this.ended = true;
      events.onTurn(message.items);
    });
    this.worker.on('error', (error) => {
      if (this.ended) return;
      this.ended = true;
      events.onCrash(`The sandbox stopped: ${error.message}`);
    });
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        if (!this.ended) {
          this.ended = true;
          events.onCrash(`The sandbox exited unexpectedly (code ${code})`);
        }
        resolve();
      });
    });
  }

  get idle(): boolean {
    return !this.busy && !this.ended;
  }

  send(message: ToSandbox): void {
    if (this.ended) return;
    if (this.busy) throw new Error('The sandbox is busy: wait for its turn to end before sending');
    this.busy = true;
    this.worker.postMessage(message);
  }

  /** Stops the script wherever it is (a running loop included) and frees its memory. */
  async terminate(): Promise<void> {
    this.ended = true;
    await this.worker.terminate();
    await this.exited;
  }
}
