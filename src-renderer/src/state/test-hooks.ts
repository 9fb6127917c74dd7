import { useConnectionStore } from './connection-store';

/**
 * Runs `install` only while the host says test hooks are on (ORRERY_TEST_HOOKS=1, reported by
 * app.info), and undoes it when they go off or the caller lets go. The debug globals the
 * end-to-end tests and benches drive (one of them can type into terminals) are thus absent from
 * a normal run, in the same build.
 */
export function whenTestHooksEnabled(install: () => () => void): () => void {
  let uninstall: (() => void) | undefined;
  const follow = (enabled: boolean): void => {
    if (enabled && !uninstall) uninstall = install();
    else if (!enabled && uninstall) {
      uninstall();
      uninstall = undefined;
    }
  };
  follow(useConnectionStore.getState().appInfo?.testHooks === true);
  const unsubscribe = useConnectionStore.subscribe((state) => follow(state.appInfo?.testHooks === true));
  return () => {
    unsubscribe();
    follow(false);
  };
}
