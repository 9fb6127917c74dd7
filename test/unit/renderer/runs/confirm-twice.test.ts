import { describe, expect, it } from 'vitest';
import { armedAction, CONFIRM_WINDOW_MS, msUntilDisarm, pressConfirm } from '../../../../src-renderer/src/runs/confirm-twice';

describe('confirm twice', () => {
  it('arms on the first press and confirms on the second press of the same action', () => {
    const first = pressConfirm(undefined, 'cancel', 1_000);
    expect(first.confirmed).toBe(false);
    expect(armedAction(first.next, 1_000)).toBe('cancel');
    const second = pressConfirm(first.next, 'cancel', 2_000);
    expect(second).toEqual({ next: undefined, confirmed: true });
  });

  it('arms the other action instead when a different one is pressed', () => {
    const armed = pressConfirm(undefined, 'cancel', 0).next;
    const other = pressConfirm(armed, 'reset', 100);
    expect(other.confirmed).toBe(false);
    expect(armedAction(other.next, 100)).toBe('reset');
    expect(pressConfirm(other.next, 'reset', 200).confirmed).toBe(true);
  });

  it('disarms by itself after the window: a late second press only arms again', () => {
    const armed = pressConfirm(undefined, 'reset', 0).next;
    expect(msUntilDisarm(armed, 1_000)).toBe(CONFIRM_WINDOW_MS - 1_000);
    expect(armedAction(armed, CONFIRM_WINDOW_MS)).toBeUndefined();
    expect(msUntilDisarm(armed, CONFIRM_WINDOW_MS)).toBeUndefined();
    const late = pressConfirm(armed, 'reset', CONFIRM_WINDOW_MS);
    expect(late.confirmed).toBe(false);
    expect(armedAction(late.next, CONFIRM_WINDOW_MS)).toBe('reset');
  });
});
