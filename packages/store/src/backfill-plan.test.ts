import { describe, expect, it } from "vitest";
import { alignRange, CHUNK_MS, derivedTable, planChunks } from "./backfill-plan.ts";

const H = CHUNK_MS;

describe("backfill chunks", () => {
  it("widens a range to whole hours", () => {
    expect(alignRange(H + 1, 3 * H - 1)).toEqual({ fromMs: H, toMs: 3 * H });
    expect(alignRange(H, 3 * H)).toEqual({ fromMs: H, toMs: 3 * H });
  });

  it("plans the hours holding source rows, newest first, inside the range", () => {
    const red = derivedTable("tracelight_red_1m");
    const counts = new Map([
      [2 * H, 5],
      [5 * H, 7],
      [9 * H, 1],
      [3 * H, 0],
    ]);
    expect(planChunks(red, { fromMs: 0, toMs: 9 * H }, counts)).toEqual([
      { target: "tracelight_red_1m", startMs: 5 * H, endMs: 6 * H, sourceRows: 7 },
      { target: "tracelight_red_1m", startMs: 2 * H, endMs: 3 * H, sourceRows: 5 },
    ]);
  });

  it("adds the hour before, where exemplars of points early in an hour may fall", () => {
    const exemplars = derivedTable("tracelight_exemplars");
    const chunks = planChunks(exemplars, { fromMs: 0, toMs: 10 * H }, new Map([[5 * H, 3]]));
    expect(chunks.map((c) => [c.startMs / H, c.sourceRows])).toEqual([
      [5, 3],
      [4, 0],
    ]);
    expect(planChunks(exemplars, { fromMs: 5 * H, toMs: 10 * H }, new Map([[5 * H, 3]]))).toHaveLength(1);
  });

  it("names the derived tables it knows when asked for another", () => {
    expect(() => derivedTable("otel_logs")).toThrow(/not a derived table: otel_logs/);
  });
});
