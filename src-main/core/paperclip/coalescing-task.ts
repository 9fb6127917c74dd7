/**
 * Runs an async task one at a time. Asked again while it runs, it runs once more right after,
 * however often it was asked: callers that ask during a run wait for that rerun, so what they
 * asked about is covered when their promise settles.
 */
export class CoalescingTask {
  private running: Promise<void> | undefined;
  private again = false;
  private readonly task: () => Promise<void>;
  private readonly wanted: () => boolean;

  /** `wanted` is checked before each rerun: false stops the loop (the owner is shutting down). */
  constructor(task: () => Promise<void>, wanted: () => boolean = () => true) {
    this.task = task;
    this.wanted = wanted;
  }

  /** Resolves when nothing runs any more; the task's own errors are its to handle. */
  run(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.task();
        } while (this.again && this.wanted());
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** The run in progress, if any. */
  get current(): Promise<void> | undefined {
    return this.running;
  }
}
