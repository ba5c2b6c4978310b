import type { ServiceOverview } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { busiest, overviewTotals } from "./home-summary.ts";

const STEP = 60_000;
function service(name: string, counts: [requests: number, errors: number][], p99Ms: number | null): ServiceOverview {
  const requests = counts.reduce((n, [r]) => n + r, 0);
  const errors = counts.reduce((n, [, e]) => n + e, 0);
  const seconds = (counts.length * STEP) / 1000;
  return {
    name,
    requests,
    errors,
    rate: requests / seconds,
    errorRate: requests > 0 ? errors / requests : 0,
    p50Ms: null,
    p90Ms: null,
    p99Ms,
    buckets: counts.map(([r, e], i) => ({
      timestamp: i * STEP,
      rate: r / 60,
      errorRate: r > 0 ? e / r : 0,
      p99Ms: r > 0 ? p99Ms : null,
      seconds: 60,
      partial: false,
    })),
  };
}

describe("overviewTotals", () => {
  const services = [
    service(
      "checkout",
      [
        [60, 6],
        [120, 0],
      ],
      900,
    ),
    service(
      "cart",
      [
        [60, 0],
        [0, 0],
      ],
      20,
    ),
    service(
      "idle",
      [
        [0, 0],
        [0, 0],
      ],
      null,
    ),
  ];
  const t = overviewTotals(services);

  it("adds up requests, errors and rates over services", () => {
    expect(t.requests).toBe(240);
    expect(t.errors).toBe(6);
    expect(t.errorRate).toBeCloseTo(6 / 240);
    expect(t.rate).toBeCloseTo(2);
    expect(t.serviceCount).toBe(3);
    expect(t.servicesWithErrors).toBe(1);
    expect(t.slowest).toEqual({ name: "checkout", p99Ms: 900 });
  });

  it("gives per-bucket trends weighted by traffic", () => {
    expect(t.rateTrend).toEqual([2, 2]);
    expect(t.errorRateTrend[0]).toBeCloseTo(6 / 120);
    expect(t.errorRateTrend[1]).toBe(0);
  });

  it("keeps the overview's partial buckets: rates as answered, marked, none for a bucket after now", () => {
    // The newest minute half passed: the answer's rates are over its 30 s.
    const filling = services.map((s) => ({
      ...s,
      buckets: s.buckets.map((b, i) => (i === 1 ? { ...b, rate: b.rate * 2, seconds: 30, partial: true } : b)),
    }));
    const f = overviewTotals(filling);
    expect(f.rateTrend).toEqual([2, 4]);
    expect(f.trendPartial).toEqual([false, true]);
    expect(f.errorRateTrend[1]).toBe(0);
    const future = services.map((s) => ({
      ...s,
      buckets: s.buckets.map((b, i) => (i === 1 ? { ...b, rate: 0, seconds: 0, partial: true } : b)),
    }));
    expect(overviewTotals(future).rateTrend).toEqual([2, null]);
    expect(overviewTotals(future).errorRateTrend).toEqual([6 / 120, null]);
  });

  it("is zero (and has no slowest) without services or requests", () => {
    const none = overviewTotals([]);
    expect(none).toMatchObject({ rate: 0, requests: 0, errorRate: 0, serviceCount: 0, servicesWithErrors: 0 });
    expect(none.slowest).toBeUndefined();
    expect(overviewTotals([services[2]!]).errorRateTrend).toEqual([null, null]);
  });
});

describe("busiest", () => {
  it("keeps the top N by rate, ties by name", () => {
    const rows = [
      { name: "b", rate: 1 },
      { name: "a", rate: 1 },
      { name: "c", rate: 5 },
    ];
    expect(busiest(rows, 2).map((r) => r.name)).toEqual(["c", "a"]);
    expect(busiest(rows, 10)).toHaveLength(3);
  });
});
