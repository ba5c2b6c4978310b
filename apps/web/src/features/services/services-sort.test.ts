import type { RedStats } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SORT,
  errorHealth,
  filterServices,
  nextSort,
  readSort,
  sortParams,
  sortServices,
} from "./services-sort.ts";

const row = (name: string, rate: number, errorRate: number, p99Ms: number | null): RedStats & { name: string } => ({
  name,
  requests: rate * 3600,
  rate,
  errors: 0,
  errorRate,
  p50Ms: p99Ms === null ? null : p99Ms / 4,
  p90Ms: null,
  p99Ms,
});

const rows = [row("checkout", 5, 0.02, 900), row("auth", 1, 0, 40), row("idle", 0, 0, null), row("cart", 5, 0, 20)];
const names = (list: { name: string }[]) => list.map((r) => r.name);

describe("sortServices", () => {
  it("sorts numbers largest first by default, ties by name", () => {
    expect(names(sortServices(rows, { key: "rate", order: "desc" }))).toEqual(["cart", "checkout", "auth", "idle"]);
  });
  it("sorts ascending when asked", () => {
    expect(names(sortServices(rows, { key: "errorRate", order: "asc" }))).toEqual(["auth", "cart", "idle", "checkout"]);
  });
  it("puts rows without latency last in both orders", () => {
    expect(names(sortServices(rows, { key: "p99", order: "desc" }))).toEqual(["checkout", "auth", "cart", "idle"]);
    expect(names(sortServices(rows, { key: "p99", order: "asc" }))).toEqual(["cart", "auth", "checkout", "idle"]);
    expect(names(sortServices(rows, { key: "p50", order: "asc" }))[3]).toBe("idle");
  });
  it("sorts names A→Z or Z→A and does not change its input", () => {
    const copy = [...rows];
    expect(names(sortServices(rows, { key: "name", order: "asc" }))).toEqual(["auth", "cart", "checkout", "idle"]);
    expect(names(sortServices(rows, { key: "name", order: "desc" }))).toEqual(["idle", "checkout", "cart", "auth"]);
    expect(rows).toEqual(copy);
  });
});

describe("sort state", () => {
  it("reads the URL, falling back to the default for unknown values", () => {
    expect(readSort(undefined, undefined)).toEqual(DEFAULT_SORT);
    expect(readSort("bogus", "asc")).toEqual(DEFAULT_SORT);
    expect(readSort("name", undefined)).toEqual({ key: "name", order: "asc" });
    expect(readSort("p99", "asc")).toEqual({ key: "p99", order: "asc" });
    expect(readSort("p99", "sideways")).toEqual({ key: "p99", order: "desc" });
  });
  it("flips the same column and starts another at its default order", () => {
    expect(nextSort({ key: "rate", order: "desc" }, "rate")).toEqual({ key: "rate", order: "asc" });
    expect(nextSort({ key: "rate", order: "desc" }, "name")).toEqual({ key: "name", order: "asc" });
    expect(nextSort({ key: "name", order: "asc" }, "p99")).toEqual({ key: "p99", order: "desc" });
  });
  it("writes only what differs from the defaults", () => {
    expect(sortParams(DEFAULT_SORT)).toEqual({ sort: undefined, order: undefined });
    expect(sortParams({ key: "name", order: "asc" })).toEqual({ sort: "name", order: undefined });
    expect(sortParams({ key: "rate", order: "asc" })).toEqual({ sort: "rate", order: "asc" });
    for (const s of [{ key: "p99", order: "asc" }, { key: "name", order: "desc" }, DEFAULT_SORT] as const) {
      const p = sortParams(s);
      expect(readSort(p.sort, p.order)).toEqual(s);
    }
  });
});

describe("filterServices", () => {
  it("keeps names containing every word, ignoring case", () => {
    expect(names(filterServices(rows, "CHECK"))).toEqual(["checkout"]);
    expect(names(filterServices(rows, "c t"))).toEqual(["checkout", "cart"]);
    expect(names(filterServices(rows, "  "))).toEqual(names(rows));
    expect(filterServices(rows, "nothing")).toEqual([]);
  });
});

describe("errorHealth", () => {
  it("is bad above 1 %, a warning for any error, ok otherwise", () => {
    expect(errorHealth(0.02)).toBe("bad");
    expect(errorHealth(0.01)).toBe("warn");
    expect(errorHealth(0.0001)).toBe("warn");
    expect(errorHealth(0)).toBe("ok");
  });
});
