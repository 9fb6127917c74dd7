import { cpus } from 'node:os';

/** At most this many agents of one workflow at once: `min(16, max(2, CPUs − 2))`, as Claude Code does. */
export function workflowConcurrencyCap(cpuCount: number = cpus().length): number {
  return Math.min(16, Math.max(2, cpuCount - 2));
}

interface Waiter {
  grant: (release: () => void) => void;
}

/** A FIFO semaphore whose limit is read on every grant, so a lowered global run limit takes effect at once. */
export class ConcurrencyLimiter {
  private readonly limit: () => number;
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(limit: () => number) {
    this.limit = limit;
  }

  get running(): number {
    return this.active;
  }

  /** Resolves with the slot's release once one is free; rejects if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(new Error('cancelled'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(new Error('cancelled'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    while (this.waiting.length > 0 && this.active < Math.max(1, this.limit())) {
      const waiter = this.waiting.shift() as Waiter;
      this.active++;
      let released = false;
      waiter.grant(() => {
        if (released) return;
        released = true;
        this.active--;
        this.pump();
      });
    }
  }
}
