import { describe, expect, it } from 'vitest';
import { finalLine, formatCost, stderrLines, toolCall, toolResult } from '../../../../../src-main/core/runs/adapters/transcript-format';
import { StderrTranscript } from '../../../../../src-main/core/runs/adapters/stderr-transcript';

const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('transcript format', () => {
  it('a tool call is one line: marker, coloured name, summary', () => {
    expect(toolCall('Bash', 'npm test')).toBe('\u001b[36m▸\u001b[0m \u001b[1m\u001b[36mBash\u001b[0m\u001b[0m  npm test\r\n');
    expect(plain(toolCall('Read', 'src/a.ts', 2))).toBe('    ▸ Read  src/a.ts\r\n');
  });

  it('a failed result is red and shows the first lines, counting the rest', () => {
    const output = Array.from({ length: 10 }, (_, index) => `error ${index}`).join('\n');
    const text = toolResult(false, output);
    expect(text).toContain('\u001b[31m✗\u001b[0m \u001b[31merror 0\u001b[0m');
    expect(plain(text).split('\r\n').filter(Boolean)).toEqual(['✗ error 0', '  error 1', '  error 2', '  error 3', '  error 4', '  error 5', '  … 4 more lines']);
  });

  it('a result with no output is just its mark', () => {
    expect(plain(toolResult(true, ''))).toBe('✓\r\n');
  });

  it('cuts a result longer than the cap at a line break, never inside a secret', () => {
    const output = `${'a'.repeat(19_990)}\npassword=hunter2-and-more-of-it ${'b'.repeat(100)}`;
    const text = toolResult(true, output);
    expect(text).not.toContain('hunter2');
    expect(plain(text)).toContain('… more lines');
  });

  it('costs: four decimals, "est." when estimated, "unknown price" without a price', () => {
    expect(formatCost(0.012345, false)).toBe('$0.0123');
    expect(formatCost(12.3456, true)).toBe('$12.35 est.');
    expect(formatCost(undefined, true)).toBe('unknown price');
    expect(plain(finalLine({ outcome: 'error', reason: 'stopped at the turn limit (3 turns)', turns: 3, durationMs: 65_000, costUsd: 0.5, costEstimated: false }))).toBe(
      '■ failed · stopped at the turn limit (3 turns) · 3 turns · 1 min 5 s · $0.5000\r\n',
    );
  });

  it('marks stderr lines, keeps a redrawn line’s last state, joins lines split across chunks', () => {
    expect(plain(stderrLines('warn: a\nwarn: b\n'))).toBe('stderr │ warn: a\r\nstderr │ warn: b\r\n');
    expect(plain(stderrLines('10%\r50%\r100%\n'))).toBe('stderr │ 100%\r\n');
    const stderr = new StderrTranscript();
    expect(stderr.write('half a li')).toBe('');
    expect(plain(stderr.write('ne\r\nnext'))).toBe('stderr │ half a line\r\n');
    expect(plain(stderr.flush())).toBe('stderr │ next\r\n');
    expect(stderr.flush()).toBe('');
  });

  it('strips escape sequences and redacts secrets in stderr', () => {
    const text = stderrLines('\u001b[2J\u001b]0;title\u0007token=abc123secret\n');
    expect(text).not.toContain('\u001b[2J');
    expect(text).not.toContain('title');
    expect(plain(text)).toBe('stderr │ token=[REDACTED]\r\n');
  });
});
