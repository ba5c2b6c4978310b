// Sorting and filtering of the services table, and the sort state as it lives in the URL
// (`sort=<column>&order=asc|desc`). Pure; the table and both pages use it.
import type { RedStats } from "@tracelight/contracts";

export const SORT_KEYS = ["name", "rate", "errorRate", "p50", "p99"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = "asc" | "desc";

export interface SortState {
  key: SortKey;
  order: SortOrder;
}

/** The busiest services first, as the overview endpoint answers. */
export const DEFAULT_SORT: SortState = { key: "rate", order: "desc" };

/** Names read best A→Z; numbers are looked at for the worst (largest) first. */
export function defaultOrder(key: SortKey): SortOrder {
  return key === "name" ? "asc" : "desc";
}

export function readSort(key: string | undefined, order: string | undefined): SortState {
  const k = SORT_KEYS.find((s) => s === key);
  if (k === undefined) return DEFAULT_SORT;
  return { key: k, order: order === "asc" || order === "desc" ? order : defaultOrder(k) };
}

/** Clicking a column header: the same column flips its order, another starts at its default. */
export function nextSort(current: SortState, clicked: SortKey): SortState {
  if (current.key === clicked) return { key: clicked, order: current.order === "asc" ? "desc" : "asc" };
  return { key: clicked, order: defaultOrder(clicked) };
}

/** The URL values for a sort: the default writes nothing, so plain links stay short. */
export function sortParams(sort: SortState): { sort?: string; order?: string } {
  if (sort.key === DEFAULT_SORT.key && sort.order === DEFAULT_SORT.order) return { sort: undefined, order: undefined };
  return { sort: sort.key, order: sort.order === defaultOrder(sort.key) ? undefined : sort.order };
}

type Row = RedStats & { name: string };

function sortValue(row: Row, key: Exclude<SortKey, "name">): number | null {
  switch (key) {
    case "rate":
      return row.rate;
    case "errorRate":
      return row.errorRate;
    case "p50":
      return row.p50Ms;
    case "p99":
      return row.p99Ms;
  }
}

/** A sorted copy; rows without a value (no requests) go last in either order, ties by name. */
export function sortServices<T extends Row>(rows: readonly T[], sort: SortState): T[] {
  const sign = sort.order === "asc" ? 1 : -1;
  const byName = (a: T, b: T) => a.name.localeCompare(b.name);
  if (sort.key === "name") return [...rows].sort((a, b) => sign * byName(a, b));
  const key = sort.key;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return va === vb ? byName(a, b) : sign * (va - vb);
  });
}

/** Services whose name contains every word of `text` (case-insensitive). */
export function filterServices<T extends { name: string }>(rows: readonly T[], text: string): T[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((r) => {
    const name = r.name.toLowerCase();
    return words.every((w) => name.includes(w));
  });
}

export type Health = "ok" | "warn" | "bad";

/** Error rate above 1 % is bad (red); any error at all is a warning. */
export const ERROR_RATE_BAD = 0.01;

export function errorHealth(errorRate: number): Health {
  if (errorRate > ERROR_RATE_BAD) return "bad";
  return errorRate > 0 ? "warn" : "ok";
}
