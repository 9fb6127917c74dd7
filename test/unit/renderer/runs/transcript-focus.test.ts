import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TerminalInfo } from '../../../../src-shared/terminals/terminals-contract';
import { focusRunTranscript } from '../../../../src-renderer/src/runs/transcript-focus';
import { upsertTerminal, useTerminalStore } from '../../../../src-renderer/src/terminals/terminal-store';

const terminal = (id: string, patch: Partial<TerminalInfo> = {}): TerminalInfo => ({
  id,
  name: id,
  kind: 'pty',
  pid: 1,
  command: 'bash',
  args: [],
  cwd: '/',
  cols: 80,
  rows: 24,
  status: 'running',
  exitCode: null,
  signal: null,
  createdAt: 0,
  exitedAt: null,
  flowPaused: false,
  ...patch,
});

beforeEach(() => {
  vi.useFakeTimers();
  useTerminalStore.setState({ terminals: [], activeId: undefined, focusRequest: undefined });
});
afterEach(() => vi.useRealTimers());

describe('focusRunTranscript', () => {
  it('focuses the run’s tab at once when this window has it', () => {
    upsertTerminal(terminal('shell'));
    upsertTerminal(terminal('t-run', { kind: 'transcript', runId: 'r1' }));
    focusRunTranscript({ id: 'r1', terminalId: 't-run' });
    expect(useTerminalStore.getState()).toMatchObject({ activeId: 't-run', focusRequest: { terminalId: 't-run' } });
  });

  it('waits for a tab that arrives after the launch answer, found by its run when the id was not known yet', () => {
    upsertTerminal(terminal('shell'));
    focusRunTranscript({ id: 'r2', terminalId: undefined });
    expect(useTerminalStore.getState().activeId).toBe('shell');
    upsertTerminal(terminal('other', { kind: 'transcript', runId: 'r9' }));
    expect(useTerminalStore.getState().activeId).toBe('shell');
    upsertTerminal(terminal('t-r2', { kind: 'transcript', runId: 'r2' }));
    expect(useTerminalStore.getState()).toMatchObject({ activeId: 't-r2', focusRequest: { terminalId: 't-r2' } });
  });

  it('a newer launch replaces the wait, and a wait ends after a while', () => {
    upsertTerminal(terminal('shell'));
    focusRunTranscript({ id: 'old', terminalId: 't-old' });
    focusRunTranscript({ id: 'new', terminalId: 't-new' });
    upsertTerminal(terminal('t-old', { kind: 'transcript', runId: 'old' }));
    expect(useTerminalStore.getState().activeId).toBe('shell');
    vi.advanceTimersByTime(60_000);
    upsertTerminal(terminal('t-new', { kind: 'transcript', runId: 'new' }));
    expect(useTerminalStore.getState().activeId).toBe('shell');
  });
});
