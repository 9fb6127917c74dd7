import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src-shared/api/api-error';
import { hostFieldErrors, parseDecimal, parseUsd, parseWholeNumber } from '../../../../src-renderer/src/runs/form-check';
import { isSubmitChord } from '../../../../src-renderer/src/runs/submit-chord';

describe('form checks', () => {
  it('parses numbers as people type them and nothing else', () => {
    expect(parseDecimal(' 2.5 ')).toBe(2.5);
    expect(parseDecimal('3.')).toBe(3);
    expect(parseDecimal('.25')).toBe(0.25);
    expect(parseUsd('$ 4')).toBe(4);
    for (const text of ['', '.', '1e3', '0x1f', 'Infinity', '-2', '1,5']) expect(parseDecimal(text), text).toBeUndefined();
    expect(parseWholeNumber('12')).toBe(12);
    expect(parseWholeNumber('12.0')).toBeUndefined();
  });

  it('puts the host’s field issues on the form’s fields and ignores the rest', () => {
    const error = new ApiError('invalid_argument', 'bad input', [
      { path: ['maxTurns'], message: 'Too big: expected number to be <=10000' },
      { path: ['somethingElse'], message: 'ignored' },
    ]);
    expect(hostFieldErrors(error, ['prompt', 'maxTurns'])).toEqual({ maxTurns: 'Too big: expected number to be <=10000' });
    expect(hostFieldErrors(new Error('boom'), ['prompt'])).toEqual({});
    const grace = new ApiError('invalid_argument', 'bad input', [{ path: ['cancelGraceMs'], message: 'Too small' }]);
    expect(hostFieldErrors(grace, ['cancelGraceSeconds'], { cancelGraceMs: 'cancelGraceSeconds' })).toEqual({ cancelGraceSeconds: 'Too small' });
  });

  it('submits on Ctrl+Enter or Cmd+Enter only', () => {
    const key = { key: 'Enter', ctrlKey: false, metaKey: false, altKey: false };
    expect(isSubmitChord(key)).toBe(false);
    expect(isSubmitChord({ ...key, ctrlKey: true })).toBe(true);
    expect(isSubmitChord({ ...key, metaKey: true })).toBe(true);
    expect(isSubmitChord({ ...key, ctrlKey: true, altKey: true })).toBe(false);
    expect(isSubmitChord({ ...key, key: 'a', ctrlKey: true })).toBe(false);
  });
});
