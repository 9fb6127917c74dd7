// @ts-check
/**
 * Main-thread work per frame of a page, from a Chromium trace: the time in tasks on the page's main
 * thread between one BeginMainThreadFrame and the next (socket messages, JS, React, style, layout,
 * paint, commit — everything). Under 16.7 ms the page holds 60 Hz. (rAF deltas would not do:
 * headless Chromium's rAF is locked to 60 Hz, so they bottom out at 16.7 ms however little a
 * frame costs.)
 */
import { quantile } from './bench-host.mjs';

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'];

/**
 * @typedef {{ frameP50: number, frameP95: number, fps: number }} Stats
 * @typedef {{ name: string, ph: string, pid: number, tid: number, ts: number, dur?: number }} TraceEvent
 */

/**
 * Main-thread work per frame of the page, from a Chromium trace.
 * @param {{ traceEvents?: TraceEvent[] } | TraceEvent[]} trace
 * @returns {Stats}
 */
export function frameStats(trace) {
  const events = Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
  // The page's main thread is the one that begins the most main-thread frames.
  /** @type {Map<string, number[]>} */
  const framesByThread = new Map();
  for (const event of events) {
    if (event.name !== 'BeginMainThreadFrame') continue;
    const key = `${event.pid}:${event.tid}`;
    const starts = framesByThread.get(key);
    if (starts === undefined) framesByThread.set(key, [event.ts]);
    else starts.push(event.ts);
  }
  const [thread, frameStarts] = [...framesByThread].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  frameStarts.sort((a, b) => a - b);
  const tasks = events.filter((event) => event.name === 'RunTask' && event.ph === 'X' && `${event.pid}:${event.tid}` === thread).sort((a, b) => a.ts - b.ts);
  /** @type {number[]} */
  const work = new Array(Math.max(0, frameStarts.length - 1)).fill(0);
  let frame = 0;
  let coveredUntil = -Infinity;
  for (const task of tasks) {
    // Count each microsecond once: a nested RunTask lies inside its parent's duration.
    const end = task.ts + (task.dur ?? 0);
    if (end <= coveredUntil) continue;
    const start = Math.max(task.ts, coveredUntil);
    coveredUntil = end;
    while (frame < work.length && start >= (frameStarts[frame + 1] ?? Infinity)) frame++;
    if (frame >= work.length || start < (frameStarts[0] ?? Infinity)) continue;
    work[frame] = (work[frame] ?? 0) + (end - start) / 1000;
  }
  const seconds = ((frameStarts.at(-1) ?? 0) - (frameStarts[0] ?? 0)) / 1e6;
  return {
    frameP50: quantile(work, 0.5),
    frameP95: quantile(work, 0.95),
    fps: seconds > 0 ? (frameStarts.length - 1) / seconds : 0,
  };
}
