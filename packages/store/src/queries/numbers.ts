// Reading numbers out of JSON rows: 64-bit integers may arrive as numbers or as strings
// (depending on the transport's settings), NaN as null.

export function num(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  return typeof value === "number" ? value : Number(value);
}

/** A finite number or null (for averages and percentiles of empty sets). */
export function finiteOrNull(value: unknown): number | null {
  const n = num(value);
  return Number.isFinite(n) ? n : null;
}
