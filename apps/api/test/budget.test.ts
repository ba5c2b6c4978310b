// The shared memory budget of ingest: admission, resizing, release.
import { describe, expect, it } from "vitest";
import { IngestBudget } from "../src/ingest/budget.ts";

describe("IngestBudget", () => {
  it("admits while under the limits and refuses beyond them", () => {
    const budget = new IngestBudget({ maxRows: 100, maxBytes: 1000 });
    const a = budget.reserve(60, 100);
    expect(a).toBeDefined();
    expect(budget.reserve(50, 100)).toBeUndefined(); // rows would exceed
    expect(budget.reserve(10, 950)).toBeUndefined(); // bytes would exceed
    const b = budget.reserve(40, 900);
    expect(b).toBeDefined();
    expect([budget.rows, budget.bytes]).toEqual([100, 1000]);
    a?.release();
    a?.release(); // idempotent
    b?.release();
    expect([budget.rows, budget.bytes]).toEqual([0, 0]);
  });

  it("always admits a request when the budget is empty, even one bigger than the limit", () => {
    const budget = new IngestBudget({ maxRows: 10, maxBytes: 10 });
    const big = budget.reserve(1000, 1000);
    expect(big).toBeDefined();
    expect(budget.reserve(1, 1)).toBeUndefined();
    big?.release();
    expect(budget.reserve(1, 1)).toBeDefined();
  });

  it("resizes a reservation: growing only when it fits, shrinking always", () => {
    const budget = new IngestBudget({ maxRows: 100, maxBytes: 100 });
    const early = budget.reserve(0, 50); // declared body length before decoding
    const other = budget.reserve(10, 10);
    expect(early?.resize(80, 80)).toBe(true);
    expect([budget.rows, budget.bytes]).toEqual([90, 90]);
    expect(early?.resize(95, 95)).toBe(false); // 95 + 10 > 100
    expect([budget.rows, budget.bytes]).toEqual([90, 90]);
    expect(early?.resize(1, 1)).toBe(true);
    other?.release();
    // Alone in the budget: may grow past the limit (its size is capped by the body limit).
    expect(early?.resize(500, 500)).toBe(true);
    early?.release();
    expect([budget.rows, budget.bytes]).toEqual([0, 0]);
  });
});
