import { describe, expect, it } from 'vitest';
import type { TerminalSearchInput, TerminalSearchOutput } from '../../../../src-shared/terminals/terminals-contract';
import { SearchRunner } from '../../../../src-renderer/src/search/search-runner';
import type { SearchState } from '../../../../src-renderer/src/search/search-runner';

function harness() {
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const calls: { input: TerminalSearchInput; signal: AbortSignal; resolve: (output: TerminalSearchOutput) => void; reject: (error: Error) => void }[] = [];
  const states: SearchState[] = [];
  const runner = new SearchRunner({
    run: (input, signal) => new Promise((resolve, reject) => calls.push({ input, signal, resolve, reject })),
    onState: (state) => states.push(state),
    setTimer: (callback) => {
      timers.set(nextTimer, callback);
      return nextTimer++;
    },
    clearTimer: (handle) => timers.delete(handle as number),
  });
  const elapse = (): void => {
    const due = [...timers.values()];
    timers.clear();
    for (const callback of due) callback();
  };
  return { runner, calls, states, timers, elapse };
}

const output = (pattern: string): TerminalSearchOutput => ({
  hits: [{ terminalId: 't', terminalName: 't', line: 0, text: pattern, matches: [[0, pattern.length]], before: [], after: [], time: 0 }],
  timedOut: false,
  limitReached: false,
  durationMs: 1,
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SearchRunner', () => {
  it('waits for typing to pause and searches only the last pattern', () => {
    const { runner, calls, timers, elapse } = harness();
    runner.schedule({ pattern: 'e' });
    runner.schedule({ pattern: 'er' });
    runner.schedule({ pattern: 'err' });
    expect(timers.size).toBe(1);
    elapse();
    expect(calls.map((call) => call.input.pattern)).toEqual(['err']);
  });

  it('cancels the search the user has typed past, and the one in flight when the panel closes', () => {
    const { runner, calls, elapse } = harness();
    runner.schedule({ pattern: 'old' });
    elapse();
    runner.schedule({ pattern: 'new' });
    expect(calls[0]?.signal.aborted).toBe(true);
    elapse();
    expect(calls[1]?.signal.aborted).toBe(false);
    runner.dispose();
    expect(calls[1]?.signal.aborted).toBe(true);
  });

  it('drops an answer the user has typed past', async () => {
    const { runner, calls, states, elapse } = harness();
    runner.schedule({ pattern: 'old' });
    elapse();
    runner.schedule({ pattern: 'new' });
    elapse();
    calls[1]?.resolve(output('new'));
    await flush();
    calls[0]?.resolve(output('old'));
    await flush();
    const done = states.filter((state) => state.status === 'done');
    expect(done).toHaveLength(1);
    expect(done[0]?.status === 'done' && done[0].output.hits[0]?.text).toBe('new');
  });

  it('passes the host error on, so an invalid regex says why', async () => {
    const { runner, calls, states, elapse } = harness();
    runner.schedule({ pattern: '(', regex: true });
    elapse();
    calls[0]?.reject(new Error('Invalid regular expression: /(/: Unterminated group'));
    await flush();
    expect(states.at(-1)).toEqual({ status: 'failed', input: { pattern: '(', regex: true }, message: 'Invalid regular expression: /(/: Unterminated group' });
  });

  it('keeps the previous hits on screen while the next search runs, and clears on an empty pattern', async () => {
    const { runner, calls, states, elapse } = harness();
    runner.schedule({ pattern: 'a' });
    elapse();
    calls[0]?.resolve(output('a'));
    await flush();
    runner.schedule({ pattern: 'ab' });
    const searching = states.at(-1);
    expect(searching?.status === 'searching' && searching.previous?.hits[0]?.text).toBe('a');
    runner.schedule(undefined);
    expect(states.at(-1)).toEqual({ status: 'idle' });
    elapse();
    expect(calls).toHaveLength(1);
  });
});
