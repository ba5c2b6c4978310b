import { describe, expect, it } from "vitest";
import { AlertPreviewBodySchema } from "./alerts.ts";
import { DEFAULT_SERIES_LIMIT, MAX_SERIES_LIMIT } from "./caps.ts";
import { MetricSeriesQuerySchema } from "./metrics.ts";
import { ServicesOverviewQuerySchema } from "./overview.ts";

const issue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? undefined : `${r.error?.issues[0]?.path.join(".")}: ${r.error?.issues[0]?.message}`;

describe("caps on one answer's work", () => {
  it("series: limit defaults to 500, takes up to 5,000 and refuses more naming limit", () => {
    expect(MetricSeriesQuerySchema.parse({ metric: "m" }).limit).toBe(DEFAULT_SERIES_LIMIT);
    expect(MetricSeriesQuerySchema.parse({ metric: "m", limit: String(MAX_SERIES_LIMIT) }).limit).toBe(5_000);
    expect(issue(MetricSeriesQuerySchema.safeParse({ metric: "m", limit: "5001" }))).toBe(
      "limit: must be at most 5000",
    );
    expect(issue(MetricSeriesQuerySchema.safeParse({ metric: "m", limit: "0" }))).toMatch(/^limit:/);
  });

  it("overview: buckets per service and services × buckets are capped", () => {
    const day = { from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" };
    expect(ServicesOverviewQuerySchema.parse(day).limit).toBe(500);
    expect(issue(ServicesOverviewQuerySchema.safeParse({ ...day, step: "1m" }))).toMatch(/^step: gives 1440 buckets/);
    expect(issue(ServicesOverviewQuerySchema.safeParse({ ...day, step: "10m", limit: "5000" }))).toMatch(/^limit: /);
    expect(ServicesOverviewQuerySchema.safeParse({ ...day, step: "10m", limit: "1000" }).success).toBe(true);
  });

  it("preview: a range from 0 and too many windows are refused naming the field", () => {
    const rule = {
      kind: "metric",
      query: { metric: "m", aggregation: "avg", window: "10s" },
      condition: { op: ">", threshold: 1 },
    };
    expect(issue(AlertPreviewBodySchema.safeParse({ rule, from: 0 }))).toBe(
      "from: must be at most 31 days before `to`",
    );
    expect(issue(AlertPreviewBodySchema.safeParse({ rule, from: "now-2d" }))).toMatch(
      /^rule\.query\.window: gives 17280 windows/,
    );
    expect(AlertPreviewBodySchema.safeParse({ rule, from: "now-1d" }).success).toBe(true);
  });
});
