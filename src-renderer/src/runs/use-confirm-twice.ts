import { useEffect, useState } from 'react';
import { armedAction, msUntilDisarm, pressConfirm } from './confirm-twice';
import type { ConfirmState } from './confirm-twice';

export interface ConfirmTwice<A extends string> {
  armed: A | undefined;
  /** True when this press confirmed the action: run it now. */
  press(action: A): boolean;
  disarm(): void;
}

/** The confirm-twice machine in a component: it re-renders when an armed action times out. */
export function useConfirmTwice<A extends string>(): ConfirmTwice<A> {
  const [state, setState] = useState<ConfirmState<A>>();
  useEffect(() => {
    const wait = msUntilDisarm(state, Date.now());
    if (wait === undefined) return;
    const timer = setTimeout(() => setState(undefined), wait);
    return () => clearTimeout(timer);
  }, [state]);
  return {
    armed: armedAction(state, Date.now()),
    press(action) {
      const step = pressConfirm(state, action, Date.now());
      setState(step.next);
      return step.confirmed;
    },
    disarm: () => setState(undefined),
  };
}
