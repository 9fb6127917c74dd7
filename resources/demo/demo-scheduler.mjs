// @ts-check
/**
 * A tiny discrete-event simulation: processes are generator functions that yield how long they
 * wait (`{ sleep: ms }`) or which other processes they wait for (`{ join: [...] }`), and emit
 * events stamped with simulated time. The demo fleet is written as such processes, so the whole
 * fleet runs synchronously and deterministically; the player decides how simulated time maps to
 * the wall clock (and tests skip the waiting altogether).
 */

/**
 * @typedef {{ sleep: number } | { join: readonly DemoProcess[] }} Instruction
 * @typedef {Generator<Instruction, unknown, void>} ProcessBody
 * @typedef {{
 *   body: ProcessBody,
 *   done: boolean,
 *   result: unknown,
 *   waiters: DemoProcess[],
 *   pendingJoins: number,
 * }} DemoProcess
 * @typedef {{ at: number, seq: number, process: DemoProcess }} Wakeup
 * @typedef {{ at: number, events: Record<string, unknown>[] }} EventBatch
 */

export function createScheduler() {
  let now = 0;
  let seq = 0;
  /** Binary min-heap on (at, seq): equal times run in the order they were scheduled. */
  /** @type {Wakeup[]} */
  const heap = [];
  /** @type {Record<string, unknown>[]} */
  let outbox = [];
  let outboxAt = 0;

  /** @param {Wakeup} a @param {Wakeup} b */
  const before = (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

  /** @param {DemoProcess} process @param {number} at */
  function schedule(process, at) {
    heap.push({ at, seq: seq++, process });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(/** @type {Wakeup} */ (heap[i]), /** @type {Wakeup} */ (heap[parent]))) break;
      [heap[i], heap[parent]] = [/** @type {Wakeup} */ (heap[parent]), /** @type {Wakeup} */ (heap[i])];
      i = parent;
    }
  }

  /** @returns {Wakeup | undefined} */
  function popEarliest() {
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(/** @type {Wakeup} */ (heap[left]), /** @type {Wakeup} */ (heap[smallest]))) smallest = left;
      if (right < heap.length && before(/** @type {Wakeup} */ (heap[right]), /** @type {Wakeup} */ (heap[smallest]))) smallest = right;
      if (smallest === i) return top;
      [heap[i], heap[smallest]] = [/** @type {Wakeup} */ (heap[smallest]), /** @type {Wakeup} */ (heap[i])];
      i = smallest;
    }
  }

  /** @param {DemoProcess} process */
  function resume(process) {
    const step = process.body.next();
    if (step.done) {
      process.done = true;
      process.result = step.value;
      for (const waiter of process.waiters) if (--waiter.pendingJoins === 0) schedule(waiter, now);
      process.waiters = [];
      return;
    }
    const instruction = step.value;
    if ('sleep' in instruction) {
      schedule(process, now + Math.max(0, instruction.sleep));
      return;
    }
    const pending = instruction.join.filter((other) => !other.done);
    if (pending.length === 0) {
      schedule(process, now);
      return;
    }
    process.pendingJoins = pending.length;
    for (const other of pending) other.waiters.push(process);
  }

  return {
    /** Simulated milliseconds since the start. */
    now: () => now,

    /**
     * Starts a process at the current simulated time.
     * @param {ProcessBody} body
     * @returns {DemoProcess}
     */
    start(body) {
      /** @type {DemoProcess} */
      const process = { body, done: false, result: undefined, waiters: [], pendingJoins: 0 };
      schedule(process, now);
      return process;
    },

    /** @param {Record<string, unknown>} event */
    emit(event) {
      if (outbox.length === 0) outboxAt = now;
      outbox.push(event);
    },

    /**
     * Runs the simulation until something is emitted and returns it with its simulated time;
     * `undefined` once every process has finished.
     * @returns {EventBatch | undefined}
     */
    nextBatch() {
      while (outbox.length === 0) {
        const wakeup = popEarliest();
        if (wakeup === undefined) return undefined;
        now = wakeup.at;
        resume(wakeup.process);
      }
      const batch = { at: outboxAt, events: outbox };
      outbox = [];
      return batch;
    },
  };
}

/** @typedef {ReturnType<typeof createScheduler>} Scheduler */
