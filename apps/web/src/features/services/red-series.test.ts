import type { RedBucket, RedExemplar } from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { EXEMPLAR_SERIES_PREFIX } from "../../components/chart-options.ts";
import { errorRateOption, latencyOption, throughputOption } from "./red-chart-options.ts";
import { exemplarTarget, redChartData } from "./red-series.ts";

const ex = (id: string, durationMs: number, timestamp: number): RedExemplar => ({
  traceId: id.repeat(32).slice(0, 32),
  spanId: id.repeat(16).slice(0, 16),
  durationMs,
  timestamp,
});

function bucket(timestamp: number, over: Partial<RedBucket> = {}): RedBucket {
  return {
    timestamp,
    requests: 0,
    rate: 0,
    errors: 0,
    errorRate: 0,
    p50Ms: null,
    p90Ms: null,
    p99Ms: null,
    seconds: 60,
    partial: false,
    exemplars: { slowest: null, error: null },
    ...over,
  };
}

const STEP = 60_000;
const buckets: RedBucket[] = [
  // ok bucket: the rollup's "error" exemplar is just the slowest span (no errors) → ignored
  bucket(0, {
    requests: 60,
    rate: 1,
    p50Ms: 10,
    p90Ms: 20,
    p99Ms: 30,
    exemplars: { slowest: ex("a", 31, 5_000), error: ex("a", 31, 5_000) },
  }),
  // empty bucket
  bucket(60_000),
  // errors, and the slowest request is not the error
  bucket(120_000, {
    requests: 120,
    rate: 2,
    errors: 6,
    errorRate: 0.05,
    p50Ms: 12,
    p90Ms: 25,
    p99Ms: 800,
    exemplars: { slowest: ex("b", 950, 130_000), error: ex("c", 400, 150_000) },
  }),
  // errors, and the slowest request is the error: one red dot, no amber one
  bucket(180_000, {
    requests: 30,
    rate: 0.5,
    errors: 3,
    errorRate: 0.1,
    p50Ms: 11,
    p90Ms: 22,
    p99Ms: 700,
    exemplars: { slowest: ex("d", 1200, 200_000), error: ex("d", 1200, 200_000) },
  }),
];

describe("redChartData", () => {
  const data = redChartData(buckets);

  it("gives one point per bucket for every line, gaps where there were no requests", () => {
    expect(data.p99).toEqual([
      [0, 30],
      [60_000, null],
      [120_000, 800],
      [180_000, 700],
    ]);
    expect(data.p50.map((p) => p[1])).toEqual([10, null, 12, 11]);
    expect(data.rate.map((p) => p[1])).toEqual([1, 0, 2, 0.5]);
    expect(data.errorsPerSecond.map((p) => p[1])).toEqual([0, 0, 0.1, 0.05]);
    expect(data.errorPercent.map((p) => p[1])).toEqual([0, null, 5, 10]);
  });

  it("places the slowest request at its own time and duration, skipping ones that are the error dot", () => {
    expect(data.slowest.map((d) => [d.value, d.traceId.slice(0, 1)])).toEqual([
      [[5_000, 31], "a"],
      [[130_000, 950], "b"],
    ]);
  });

  it("draws error dots only for buckets with errors, on the latency and error-rate charts", () => {
    expect(data.slowestErrors.map((d) => [d.value, d.spanId.slice(0, 1)])).toEqual([
      [[150_000, 400], "c"],
      [[200_000, 1200], "d"],
    ]);
    expect(data.slowestErrors[1]?.label).toContain("slowest request");
    expect(data.errorRateExemplars.map((d) => d.value)).toEqual([
      [120_000, 5],
      [180_000, 10],
    ]);
    expect(data.errorRateExemplars[0]?.label).toBe("6 of 120 failed; this one took 400 ms");
  });

  it("keeps a partial bucket on every line, with its rates over the seconds it covers", () => {
    // 15 requests, 3 failed, in the 30 s of the newest minute that have passed; the minute after has none yet.
    const filling = [
      buckets[0]!,
      bucket(STEP, { requests: 15, rate: 0.5, errors: 3, errorRate: 0.2, p99Ms: 40, seconds: 30, partial: true }),
      bucket(2 * STEP, { seconds: 0, partial: true }),
    ];
    const d = redChartData(filling);
    expect(d.partial).toEqual([false, true, true]);
    expect(d.rate.map((p) => p[1])).toEqual([1, 0.5, null]);
    expect(d.errorsPerSecond.map((p) => p[1])).toEqual([0, 0.1, null]);
    expect(d.p99.map((p) => p[1])).toEqual([30, 40, null]);
  });

  it("is empty for no buckets", () => {
    const none = redChartData([]);
    expect(none.p99).toEqual([]);
    expect(none.slowest).toEqual([]);
  });
});

describe("RED chart options", () => {
  const data = redChartData(buckets);
  const range = { fromMs: 0, toMs: 240_000 };
  const exemplarIds = (option: { series: object[] }) =>
    option.series
      .map((s) => ("id" in s && typeof s.id === "string" ? s.id : ""))
      .filter((id) => id.startsWith(EXEMPLAR_SERIES_PREFIX));

  it("latency: three percentile lines and two exemplar series", () => {
    const option = latencyOption(data, range);
    expect(option.series.map((s) => s.name)).toEqual(["p50", "p90", "p99", "Slowest request", "Slowest error"]);
    expect(exemplarIds(option)).toHaveLength(2);
    expect(option.xAxis).toEqual({ type: "time", min: 0, max: 240_000 });
    expect(option.yAxis.axisLabel.formatter(1500)).toBe("1.50 s");
  });

  it("draws partial buckets dashed, joined to the last whole one, under the same legend entry", () => {
    const filling = [...buckets.slice(0, 3), { ...buckets[3]!, seconds: 20, partial: true }];
    const option = throughputOption(redChartData(filling), range);
    expect(option.series.map((s) => [s.name, s.lineStyle])).toEqual([
      ["Requests/s", { width: 1.5 }],
      ["Requests/s", { width: 1.5, type: "dashed" }],
      ["Errors/s", { width: 1.5 }],
      ["Errors/s", { width: 1.5, type: "dashed" }],
    ]);
    expect(option.series[0]?.data.map((p) => p[1])).toEqual([1, 0, 2, null]);
    expect(option.series[1]?.data.map((p) => p[1])).toEqual([null, null, 2, 0.5]);
    // Every line follows the same rule, latency included.
    expect(latencyOption(redChartData(filling), range).series.filter((s) => s.name === "p99")).toHaveLength(2);
    // Whole buckets only: one solid line each.
    expect(throughputOption(data, range).series).toHaveLength(2);
  });

  it("error rate: the line and clickable error dots; throughput has no dots", () => {
    expect(exemplarIds(errorRateOption(data, range))).toHaveLength(1);
    expect(exemplarIds(throughputOption(data, range))).toHaveLength(0);
    expect(errorRateOption(data, range).yAxis.axisLabel.formatter(5)).toBe("5.0%");
  });
});

describe("exemplarTarget", () => {
  it("reads the trace of an exemplar datum and ignores line points", () => {
    expect(exemplarTarget({ value: [1, 2], traceId: "t", spanId: "s" })).toEqual({ traceId: "t", spanId: "s" });
    expect(exemplarTarget([1, 2])).toBeUndefined();
    expect(exemplarTarget(null)).toBeUndefined();
    expect(exemplarTarget({ traceId: "" })).toBeUndefined();
  });
});
