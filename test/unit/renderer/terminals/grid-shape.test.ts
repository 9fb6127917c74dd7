import { describe, expect, it } from 'vitest';
import { gridShape } from '../../../../src-renderer/src/terminals/grid-shape';

describe('gridShape', () => {
  it('tiles near-square, wider than tall', () => {
    expect([0, 1, 2, 3, 4, 5, 7, 9].map((n) => gridShape(n))).toEqual([
      { columns: 1, rows: 1 },
      { columns: 1, rows: 1 },
      { columns: 2, rows: 1 },
      { columns: 2, rows: 2 },
      { columns: 2, rows: 2 },
      { columns: 3, rows: 2 },
      { columns: 3, rows: 3 },
      { columns: 3, rows: 3 },
    ]);
  });
});
