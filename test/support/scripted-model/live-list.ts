// A list that grows while a test watches it (requests reaching the scripted model, lines a CLI
// prints): `waitFor` resolves with the first item, already there or still to come, that matches.

interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
  fail: (why: string) => void;
}

export class LiveList<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();
  private ended: string | undefined;

  push(item: T): void {
    this.items.push(item);
    for (const waiter of this.waiters) if (waiter.predicate(item)) waiter.resolve(item);
  }

  /** No more items will come: whoever still waits fails at once, with `why`. */
  end(why: string): void {
    this.ended = why;
    for (const waiter of this.waiters) waiter.fail(why);
  }

  /** `explain` turns the reason for giving up into the error message. */
  waitFor(predicate: (item: T) => boolean, timeoutMs: number, explain: (why: string) => string): Promise<T> {
    const seen = this.items.find(predicate);
    if (seen) return Promise.resolve(seen);
    if (this.ended !== undefined) return Promise.reject(new Error(explain(this.ended)));
    return new Promise((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter<T> = {
        predicate,
        resolve: (item) => {
          settle();
          resolve(item);
        },
        fail: (why) => {
          settle();
          reject(new Error(explain(why)));
        },
      };
      const timer = setTimeout(() => waiter.fail(`nothing matched within ${timeoutMs} ms`), timeoutMs);
      this.waiters.add(waiter);
    });
  }
}
