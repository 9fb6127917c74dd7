import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { CreateTerminalOptions, TerminalSearchQuery } from '../../../../src-main/core/terminals/terminal-manager';
import { TerminalAckInput, TerminalChangeItem, TerminalCreateInput, TerminalSearchInput } from '../../../../src-shared/terminals/terminals-contract';

describe('terminals contract', () => {
  // Its outputs are the manager's own types (derived from these schemas); its inputs must fit what the manager takes.
  it('admits only what the manager takes', () => {
    expectTypeOf<z.output<typeof TerminalCreateInput>>().toExtend<CreateTerminalOptions>();
    expectTypeOf<z.output<typeof TerminalSearchInput>>().toExtend<TerminalSearchQuery>();
  });

  it('rejects what the core would reject, at the boundary', () => {
    expect(TerminalSearchInput.safeParse({ pattern: '' }).success).toBe(false);
    expect(TerminalSearchInput.safeParse({ pattern: 'x'.repeat(1001) }).success).toBe(false);
    expect(TerminalSearchInput.safeParse({ pattern: 'x', regex: true, flags: 'g' }).success).toBe(false);
    expect(TerminalSearchInput.safeParse({ pattern: 'x', regex: true, flags: 'iu', limit: 5, contextLines: 2 }).success).toBe(true);
    expect(TerminalCreateInput.safeParse({ cols: 0 }).success).toBe(false);
    expect(TerminalCreateInput.safeParse({ shell: '/bin/sh' }).success).toBe(false);
    expect(TerminalAckInput.safeParse({ id: 't', viewId: 'v1', chars: -1 }).success).toBe(false);
    expect(TerminalChangeItem.safeParse({ kind: 'removed', terminalId: 't' }).success).toBe(true);
    expect(TerminalChangeItem.safeParse({ kind: 'removed', terminal: {} }).success).toBe(false);
  });
});
