import { describe, expect, it } from 'vitest';
import { exitLabel } from '../../../../src-renderer/src/terminals/exit-label';

describe('exitLabel', () => {
  it('says nothing while the process runs', () => {
    expect(exitLabel({ status: 'running', exitCode: null, signal: null })).toBeUndefined();
  });

  it('shows the exit code, calmly for 0', () => {
    expect(exitLabel({ status: 'exited', exitCode: 0, signal: null })).toEqual({ text: 'exit 0', ok: true });
    expect(exitLabel({ status: 'exited', exitCode: 127, signal: null })).toEqual({ text: 'exit 127', ok: false });
  });

  it('shows the signal that ended it', () => {
    expect(exitLabel({ status: 'exited', exitCode: null, signal: 'SIGKILL' })).toEqual({ text: 'SIGKILL', ok: false });
  });
});
