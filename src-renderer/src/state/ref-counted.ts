/**
 * Runs `start` while at least one user holds it: every view can ask for a feed and only one
 * subscription runs; the last to let go stops it.
 */
export function refCounted<A>(start: (arg: A) => () => void): (arg: A) => () => void {
  let users = 0;
  let stop: (() => void) | undefined;
  return (arg) => {
    if (users++ === 0) stop = start(arg);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--users === 0) {
        stop?.();
        stop = undefined;
      }
    };
  };
}
