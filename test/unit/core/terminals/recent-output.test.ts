import { describe, expect, it } from 'vitest';
import { RecentOutput } from '../../../../src-main/core/terminals/recent-output';

describe('RecentOutput', () => {
  it('keeps everything while under the bound', () => {
    const recent = new RecentOutput(100);
    recent.push('\x1b[31mred');
    recent.push('\x1b[0m\r\n');
    expect(recent.snapshot()).toBe('\x1b[31mred\x1b[0m\r\n');
  });

  it('keeps the newest output, starting at a line boundary when one is near', () => {
    const recent = new RecentOutput(30);
    for (let i = 0; i < 20; i++) recent.push(`line ${String(i).padStart(2, '0')}\r\n`);
    const snapshot = recent.snapshot();
    expect(snapshot.length).toBeLessThanOrEqual(30);
    expect(snapshot).toBe('line 17\r\nline 18\r\nline 19\r\n');
  });

  it('stays bounded under a trickle of tiny chunks and a single huge one', () => {
    const recent = new RecentOutput(1000);
    for (let i = 0; i < 50_000; i++) recent.push('x');
    expect(recent.snapshot()).toBe('x'.repeat(1000));
    recent.push('y'.repeat(5000));
    expect(recent.snapshot()).toBe('y'.repeat(1000));
  });
});
