import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowController, FlowWindow } from '../../../../src-main/core/terminals/flow-control';

describe('FlowController', () => {
  let calls: boolean[];
  let flow: FlowController;

  beforeEach(() => {
    vi.useFakeTimers();
    calls = [];
    flow = new FlowController({ highWatermark: 100, lowWatermark: 10, stallTimeoutMs: 1000 }, (paused) => calls.push(paused));
  });
  afterEach(() => {
    flow.dispose();
    vi.useRealTimers();
  });

  it('never pauses without an attached view', () => {
    flow.sent(1_000_000);
    expect(flow.paused).toBe(false);
    expect(calls).toEqual([]);
  });

  it('pauses above the high watermark and resumes only at the low one', () => {
    const view = flow.attachView();
    flow.sent(100);
    expect(flow.paused).toBe(false);
    flow.sent(1);
    expect(calls).toEqual([true]);
    flow.acknowledge(view, 80);
    expect(flow.paused).toBe(true);
    flow.acknowledge(view, 11);
    expect(calls).toEqual([true, false]);
    expect(flow.paused).toBe(false);
  });

  it('by default keeps a few 64 KiB batches in flight, and the view still holds some when the pty resumes', () => {
    const pipelined = new FlowController({}, (paused) => calls.push(paused));
    const view = pipelined.attachView();
    const batch = 64 * 1024;
    let sent = 0;
    while (!pipelined.paused) {
      pipelined.sent(batch);
      sent += batch;
    }
    expect(sent / batch).toBeGreaterThanOrEqual(4);
    let acknowledged = 0;
    while (pipelined.paused) {
      pipelined.acknowledge(view, batch);
      acknowledged += batch;
    }
    // What the view has not parsed yet keeps it busy while the pty's next output is on its way.
    expect(sent - acknowledged).toBeGreaterThanOrEqual(2 * batch);
    pipelined.dispose();
  });

  it('lets the slowest view set the pace, and detaching it releases the terminal', () => {
    const fast = flow.attachView();
    const slow = flow.attachView();
    flow.sent(150);
    flow.acknowledge(fast, 150);
    expect(flow.paused).toBe(true);
    flow.detachView(slow);
    expect(calls).toEqual([true, false]);
  });

  it('stops counting a view that stalls while paused, until it acknowledges again', () => {
    const view = flow.attachView();
    flow.sent(500);
    expect(flow.paused).toBe(true);
    vi.advanceTimersByTime(999);
    expect(flow.paused).toBe(true);
    vi.advanceTimersByTime(1);
    expect(flow.paused).toBe(false);
    flow.sent(10_000);
    expect(flow.paused).toBe(false);
    // Once it speaks again it counts again, from zero.
    flow.acknowledge(view, 0);
    flow.sent(101);
    expect(flow.paused).toBe(true);
  });

  it('ignores acknowledgements from unknown views and never goes below zero', () => {
    const view = flow.attachView();
    flow.acknowledge('nobody', 1000);
    flow.acknowledge(view, 1000);
    flow.sent(101);
    expect(flow.paused).toBe(true);
  });

  it('does nothing after disposal', () => {
    flow.attachView();
    flow.dispose();
    flow.attachView();
    flow.sent(1000);
    expect(calls).toEqual([]);
  });
});

describe('FlowWindow shared by the views of one connection (default watermarks 384k/192k)', () => {
  let window: FlowWindow;
  let flooding: FlowController;
  let quiet: FlowController;
  let floodingView: string;
  let quietView: string;

  beforeEach(() => {
    vi.useFakeTimers();
    window = new FlowWindow();
    flooding = new FlowController({ stallTimeoutMs: 1000 }, () => undefined);
    quiet = new FlowController({ stallTimeoutMs: 1000 }, () => undefined);
    floodingView = flooding.attachView(window);
    quietView = quiet.attachView(window);
  });
  afterEach(() => {
    flooding.dispose();
    quiet.dispose();
    vi.useRealTimers();
  });

  it('once full, pauses the terminals filling it and lets one that owes little keep running', () => {
    flooding.sent(300_000);
    quiet.sent(100_000);
    expect(window.full).toBe(true);
    expect(flooding.paused).toBe(true);
    expect(quiet.paused).toBe(true);
    // Its view caught up: it runs again although the flood still fills the window.
    quiet.acknowledge(quietView, 100_000);
    expect(window.full).toBe(true);
    expect(quiet.paused).toBe(false);
    // A shell echoing keystrokes beside the flood is never held.
    quiet.sent(1_000);
    expect(quiet.paused).toBe(false);
    flooding.acknowledge(floodingView, 120_000);
    expect(window.full).toBe(false);
    expect(flooding.paused).toBe(false);
  });

  it('gets back what a view owed when the view detaches or its terminal goes away', () => {
    flooding.sent(400_000);
    quiet.sent(100_000);
    expect(quiet.paused).toBe(true);
    flooding.detachView(floodingView);
    expect(window.full).toBe(false);
    expect(quiet.paused).toBe(false);

    flooding.attachView(window);
    flooding.sent(400_000);
    expect(quiet.paused).toBe(true);
    flooding.dispose();
    expect(quiet.paused).toBe(false);
  });

  it('writes off the debt of a view that stalls, so the other terminals resume', () => {
    flooding.sent(400_000);
    quiet.sent(100_000);
    expect(quiet.paused).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(window.full).toBe(false);
    expect(quiet.paused).toBe(false);
    expect(flooding.paused).toBe(false);
  });

  it('keeps separate connections independent', () => {
    const elsewhere = new FlowController({}, () => undefined);
    elsewhere.attachView(new FlowWindow());
    flooding.sent(400_000);
    elsewhere.sent(100_000);
    expect(flooding.paused).toBe(true);
    expect(elsewhere.paused).toBe(false);
    elsewhere.dispose();
  });
});
