import type { TerminalSearchInput, TerminalSearchOutput } from '../../../src-shared/terminals/terminals-contract';

export type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; input: TerminalSearchInput; previous: TerminalSearchOutput | undefined }
  | { status: 'done'; input: TerminalSearchInput; output: TerminalSearchOutput }
  | { status: 'failed'; input: TerminalSearchInput; message: string };

export interface SearchRunnerOptions {
  /** Runs one search; `signal` aborts once the user has typed past it, which cancels it on the host. */
  run: (input: TerminalSearchInput, signal: AbortSignal) => Promise<TerminalSearchOutput>;
  onState: (state: SearchState) => void;
  debounceMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Search as you type: waits until typing pauses (~150 ms), then asks the host. Only the newest
 * query may publish: a query the user has typed past is cancelled, on the host too, so it stops
 * using the search worker, and should its answer still arrive it is dropped, so results never
 * jump back to an older pattern. The debounce keeps a fast typist from starting a search per keystroke.
 */
export class SearchRunner {
  private readonly options: Required<SearchRunnerOptions>;
  private generation = 0;
  private timer: unknown;
  private inFlight: AbortController | undefined;
  private lastOutput: TerminalSearchOutput | undefined;

  constructor(options: SearchRunnerOptions) {
    this.options = {
      debounceMs: 150,
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  /** A new query (or none: an empty pattern clears the results at once). */
  schedule(input: TerminalSearchInput | undefined): void {
    const generation = ++this.generation;
    this.cancelTimer();
    this.cancelInFlight();
    if (!input) {
      this.lastOutput = undefined;
      this.options.onState({ status: 'idle' });
      return;
    }
    this.options.onState({ status: 'searching', input, previous: this.lastOutput });
    this.timer = this.options.setTimer(() => {
      this.timer = undefined;
      void this.execute(generation, input);
    }, this.options.debounceMs);
  }

  dispose(): void {
    this.generation++;
    this.cancelTimer();
    this.cancelInFlight();
  }

  private async execute(generation: number, input: TerminalSearchInput): Promise<void> {
    const aborter = new AbortController();
    this.inFlight = aborter;
    let state: SearchState;
    try {
      const output = await this.options.run(input, aborter.signal);
      state = { status: 'done', input, output };
    } catch (error) {
      state = { status: 'failed', input, message: error instanceof Error ? error.message : String(error) };
    }
    if (this.inFlight === aborter) this.inFlight = undefined;
    if (generation !== this.generation) return;
    this.lastOutput = state.status === 'done' ? state.output : undefined;
    this.options.onState(state);
  }

  private cancelInFlight(): void {
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.options.clearTimer(this.timer);
    this.timer = undefined;
  }
}
