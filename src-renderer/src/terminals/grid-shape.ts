export interface GridShape {
  columns: number;
  rows: number;
}

/** Near-square tiling, wider than tall (terminals are wide): 2 → 2×1, 3 → 2×2, 5 → 3×2. */
export function gridShape(count: number): GridShape {
  if (count <= 0) return { columns: 1, rows: 1 };
  const columns = Math.ceil(Math.sqrt(count));
  return { columns, rows: Math.ceil(count / columns) };
}
