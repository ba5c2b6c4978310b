import { describe, expect, it } from "vitest";
import { sql } from "../sql.ts";
import { limitSeries, PEAK_VALUE, seriesLimit, withinLimit } from "./metric-series-limit.ts";

describe("series limit", () => {
  it("keeps the request's limit while its series hold at most 2,000,000 points, lowers it past that", () => {
    const hour = { from: 0, to: 3_600_000 - 1 };
    expect(seriesLimit({ limit: 500, range: hour, stepSeconds: 60 })).toBe(500);
    // 3,601 points a series at 1 s.
    expect(seriesLimit({ limit: 5_000, range: hour, stepSeconds: 1 })).toBe(Math.floor(2_000_000 / 3_601));
    expect(seriesLimit({ limit: 5_000, range: { from: 0, to: 1e12 }, stepSeconds: 1 })).toBe(1);
  });

  it("reads one rank past the limit and says truncated only when a row of it came", () => {
    const rows = [1, 2, 2, 3].map((seriesRank) => ({ seriesRank: String(seriesRank) }));
    expect(withinLimit(rows, 2)).toEqual({ rows: rows.slice(0, 3), truncated: true });
    expect(withinLimit(rows, 3)).toEqual({ rows, truncated: false });
    const q = limitSeries(sql`SELECT 1`, ["a", "b"], PEAK_VALUE, 500);
    expect(q.text).toContain("dense_rank() OVER (ORDER BY peak DESC, g0, g1)");
    expect(Object.values(q.params)).toEqual([501]);
    expect(limitSeries(sql`SELECT 1`, [], PEAK_VALUE, 500).text).not.toContain("dense_rank");
  });
});
