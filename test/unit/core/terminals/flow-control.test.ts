import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowController } from '../../../../src-main/core/terminals/flow-control';

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
