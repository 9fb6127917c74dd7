import { describe, expect, it } from 'vitest';
import { FLIGHT_MS } from '../../../../src-renderer/src/agents/tool-flights';
import { FADE_OUT_MS, FLASH_MS, flightProgress, nodeLook, PULSE_MS, SPAWN_FADE_MS } from '../../../../src-renderer/src/graph/node-animation';
import type { NodeLook } from '../../../../src-renderer/src/graph/node-animation';

const look = (): NodeLook => ({ alpha: 0, pulse: 0, flash: 0, steady: false, animating: false });
const NEVER = Number.NEGATIVE_INFINITY;

describe('nodeLook', () => {
  it('fades a new node in, then holds it steady', () => {
    expect(nodeLook(1_000 + SPAWN_FADE_MS / 2, 1_000, NEVER, undefined, 4_000, look())).toMatchObject({ alpha: 0.5, steady: false, animating: true });
    expect(nodeLook(1_000 + SPAWN_FADE_MS, 1_000, NEVER, undefined, 4_000, look())).toMatchObject({ alpha: 1, pulse: -1, flash: -1, steady: true, animating: false });
  });

  it('pulses after a tool call without leaving the batched path', () => {
    expect(nodeLook(10_000 + PULSE_MS / 4, 0, 10_000, undefined, 4_000, look())).toMatchObject({ pulse: 0.25, steady: true, animating: true });
    expect(nodeLook(10_000 + PULSE_MS, 0, 10_000, undefined, 4_000, look()).pulse).toBe(-1);
  });

  it('flashes on the end, lingers, then fades out by the end of the linger', () => {
    const end = 20_000;
    expect(nodeLook(end + FLASH_MS / 2, 0, NEVER, end, 4_000, look())).toMatchObject({ flash: 0.5, alpha: 1, steady: false, animating: true });
    expect(nodeLook(end + 2_000, 0, NEVER, end, 4_000, look())).toMatchObject({ flash: -1, alpha: 1, animating: true });
    expect(nodeLook(end + 4_000 - FADE_OUT_MS / 2, 0, NEVER, end, 4_000, look()).alpha).toBeCloseTo(0.5);
    expect(nodeLook(end + 4_000, 0, NEVER, end, 4_000, look()).alpha).toBe(0);
  });
});

describe('flightProgress', () => {
  it('runs from 0 to 1 over the flight, then stops', () => {
    expect(flightProgress(100, 100)).toBe(0);
    expect(flightProgress(100 + FLIGHT_MS / 2, 100)).toBe(0.5);
    expect(flightProgress(100 + FLIGHT_MS, 100)).toBe(-1);
  });
});
