export interface FlowWindowOptions {
  /** Full once more than this many chars are sent and not yet acknowledged. */
  highWatermark?: number;
  /** Open again once at most this many are. */
  lowWatermark?: number;
}

export interface FlowControlOptions extends FlowWindowOptions {
  /**
   * A view that lets the PTY sit paused this long without acknowledging anything is presumed
   * gone (crashed renderer, dropped socket) and stops counting until it acknowledges again.
   */
  stallTimeoutMs?: number;
}

// VS Code's 100k/5k drains the view before the pty may run again, so host and view take turns;
// this window keeps a few 64 KiB batches in flight and, measured on 2 cores, lifts a flood from
// 17 to 24 MB/s while a keystroke's echo behind it still waits under 30 ms (p99).
const DEFAULT_HIGH_WATERMARK = 384_000;
const DEFAULT_LOW_WATERMARK = 192_000;
/**
 * A full window pauses only the terminals whose views owe more than this (one output batch): the
 * ones filling it. A shell that only echoes keystrokes keeps running beside a flood, and a flood
 * that its view has caught up on gets its turn again, so floods share the window.
 */
const SMALL_DEBT_CHARS = 64 * 1024;

function watermarks(options: FlowWindowOptions): [high: number, low: number] {
  const high = options.highWatermark ?? DEFAULT_HIGH_WATERMARK;
  const low = options.lowWatermark ?? DEFAULT_LOW_WATERMARK;
  if (!(low < high)) throw new RangeError('lowWatermark must be below highWatermark');
  return [high, low];
}

/**
 * Chars in flight on one transport and not yet acknowledged, with hysteresis. One connection's
 * views of every terminal share one window: output queued for one terminal delays everything
 * behind it on the same socket (a keystroke's echo in another pane), so the connection as a whole
 * gets the budget, not each terminal — three floods side by side share 384k instead of tripling it.
 */
export class FlowWindow {
  private readonly high: number;
  readonly lowWatermark: number;
  private readonly listeners = new Set<() => void>();
  private inFlight = 0;
  private fullNow = false;

  constructor(options: FlowWindowOptions = {}) {
    [this.high, this.lowWatermark] = watermarks(options);
  }

  get full(): boolean {
    return this.fullNow;
  }

  charge(chars: number): void {
    this.inFlight += chars;
    if (!this.fullNow && this.inFlight > this.high) this.setFull(true);
  }

  credit(chars: number): void {
    this.inFlight = Math.max(0, this.inFlight - chars);
    if (this.fullNow && this.inFlight <= this.lowWatermark) this.setFull(false);
  }

  /** Called whenever the window fills up or opens again; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setFull(full: boolean): void {
    this.fullNow = full;
    for (const listener of [...this.listeners]) listener();
  }
}

interface ViewState {
  window: FlowWindow;
  stopWatching: () => void;
  unacknowledged: number;
  stalled: boolean;
}

/**
 * End-to-end flow control for one PTY, as in VS Code: count chars sent to each attached view and
 * not yet acknowledged, charged to the view's window; pause the PTY while one of its views owes
 * more than a batch to a full window. The slowest live view sets the pace. With no view attached
 * nothing is ever paused: the program runs at full speed into the (bounded) scrollback and replay
 * buffers, because a background agent must not stall just because nobody is watching.
 */
export class FlowController {
  private readonly windowOptions: FlowWindowOptions;
  private readonly stallTimeoutMs: number;
  private readonly setPaused: (paused: boolean) => void;
  private readonly views = new Map<string, ViewState>();
  private nextViewId = 1;
  private pausedNow = false;
  private disposed = false;
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(options: FlowControlOptions, setPaused: (paused: boolean) => void) {
    const [highWatermark, lowWatermark] = watermarks(options);
    this.windowOptions = { highWatermark, lowWatermark };
    this.stallTimeoutMs = options.stallTimeoutMs ?? 5_000;
    this.setPaused = setPaused;
  }

  get paused(): boolean {
    return this.pausedNow;
  }

  /** A view charged to `window` (its connection's), or to a window of its own. */
  attachView(window: FlowWindow = new FlowWindow(this.windowOptions)): string {
    const id = `v${this.nextViewId++}`;
    if (this.disposed) return id;
    this.views.set(id, { window, stopWatching: window.onChange(() => this.update()), unacknowledged: 0, stalled: false });
    return id;
  }

  detachView(viewId: string): void {
    const view = this.views.get(viewId);
    if (!view) return;
    this.views.delete(viewId);
    this.release(view);
    this.update();
  }

  /** Output went out to every attached view. */
  sent(chars: number): void {
    for (const view of this.views.values()) {
      if (view.stalled) continue;
      view.unacknowledged += chars;
      view.window.charge(chars);
    }
    this.update();
  }

  /** A view has processed `chars` more chars. Unknown views are ignored: they may have been detached. */
  acknowledge(viewId: string, chars: number): void {
    const view = this.views.get(viewId);
    if (!view) return;
    if (view.stalled) {
      view.stalled = false;
      view.unacknowledged = 0;
    } else {
      const credited = Math.min(chars, view.unacknowledged);
      view.unacknowledged -= credited;
      view.window.credit(credited);
    }
    if (this.pausedNow) this.armStallTimer();
    this.update();
  }

  /** Stops flow control for good (the PTY exited or is being killed); the caller resumes it. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.stallTimer);
    const views = [...this.views.values()];
    this.views.clear();
    for (const view of views) this.release(view);
    this.pausedNow = false;
  }

  /** What a view still owed goes back to its window, which other terminals may share. */
  private release(view: ViewState): void {
    view.stopWatching();
    if (!view.stalled) view.window.credit(view.unacknowledged);
    view.unacknowledged = 0;
  }

  private update(): void {
    if (this.disposed) return;
    let blocked = false;
    for (const view of this.views.values()) if (this.holdsBack(view)) blocked = true;
    if (!this.pausedNow && blocked) {
      this.pausedNow = true;
      this.armStallTimer();
      this.setPaused(true);
    } else if (this.pausedNow && !blocked) {
      this.pausedNow = false;
      clearTimeout(this.stallTimer);
      this.setPaused(false);
    }
  }

  private holdsBack(view: ViewState): boolean {
    return !view.stalled && view.window.full && view.unacknowledged > Math.min(SMALL_DEBT_CHARS, view.window.lowWatermark);
  }

  private armStallTimer(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      for (const view of this.views.values()) {
        if (!this.holdsBack(view)) continue;
        view.stalled = true;
        view.window.credit(view.unacknowledged);
      }
      this.update();
    }, this.stallTimeoutMs);
    this.stallTimer.unref();
  }
}
