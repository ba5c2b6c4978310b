// A rate is right whatever the chart's step next to the sender's export interval: a counter
// growing 8 per second, exported every 10 s (cumulative) or every 60 s (delta, as an SDK's
// default interval), read at steps of 1 s, 5 s, 10 s and 60 s. Before, a step finer than the
// interval put each interval's increase in one bucket and divided it by the step: 80/s at 1 s.
import { MetricSeriesQuerySchema } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { queryMetricSeries } from "../src/queries/index.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const dir = freshDir("rate-steps");
let store: ClickHouseTransport;
const RATE = 8;
/** Whole minutes, so every step's buckets line up with the points. */
const START_MS = Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000;
const END_MS = START_MS + 10 * 60_000;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;

function counter(name: string, temporality: 1 | 2, intervalMs: number) {
  const rows = [];
  for (let t = START_MS + intervalMs; t <= END_MS; t += intervalMs) {
    const cumulative = temporality === 2;
    rows.push({
      ...fx.sum(),
      MetricName: name,
      MetricUnit: "{request}",
      Attributes: {},
      StartTimeUnix: ns(cumulative ? START_MS : t - intervalMs),
      TimeUnix: ns(t),
      Value: RATE * ((cumulative ? t - START_MS : intervalMs) / 1000),
      AggregationTemporality: temporality,
    });
  }
  return rows;
}

beforeAll(async () => {
  store = openChdbTransport(dir.path);
  await migrate(store, { ttlDays: TTL });
  await new TelemetryWriter(store).insertMetrics({
    gauge: [],
    sum: [...counter("requests.cumulative.10s", 2, 10_000), ...counter("requests.delta.60s", 1, 60_000)],
    histogram: [],
    exponentialHistogram: [],
    summary: [],
  });
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

/** The rate of every bucket that holds a point, after each series' first point (which has no point before it). */
async function rates(metric: string, step: string): Promise<number[]> {
  const q = MetricSeriesQuerySchema.parse({
    metric,
    step,
    agg: "rate",
    from: String(START_MS + 120_000),
    to: String(END_MS - 1),
  });
  const answer = await queryMetricSeries(store, q, END_MS + 60_000);
  return (answer.series[0]?.points ?? []).flatMap(([, v]) => (v === null ? [] : [Number(v.toFixed(6))]));
}

describe("a counter's rate at steps finer and coarser than its export interval", () => {
  it.each(["1s", "5s", "10s", "60s"])(
    "exported every 10 s, read at %s: 8/s in every bucket with a point",
    async (step) => {
      const values = await rates("requests.cumulative.10s", step);
      expect(values.length).toBeGreaterThan(0);
      expect(new Set(values)).toEqual(new Set([RATE]));
    },
  );

  it.each(["1s", "10s", "60s"])("a delta every 60 s (an SDK's default interval), read at %s: 8/s", async (step) => {
    const values = await rates("requests.delta.60s", step);
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values)).toEqual(new Set([RATE]));
  });
});

describe("the bucket still filling", () => {
  /** The rate of the bucket holding `pointMs`, read over [fromMs, toMs] at `nowMs`, step 10 s. */
  async function bucketRate(metric: string, fromMs: number, toMs: number, nowMs: number, pointMs: number) {
    const q = MetricSeriesQuerySchema.parse({
      metric,
      step: "10s",
      agg: "rate",
      from: String(fromMs),
      to: String(toMs),
    });
    const answer = await queryMetricSeries(store, q, nowMs);
    const bucket = Math.floor(pointMs / 10_000) * 10_000;
    return answer.series[0]?.points.find(([t]) => t === bucket)?.[1];
  }

  // The still-filling bucket: 1 s and 4 s after an export of the last 10 s. Before, 80/s and 20/s.
  it.each([1_000, 4_000])("%i ms into the last bucket, its export of 10 s reads 8/s", async (elapsed) => {
    const point = START_MS + 300_000;
    const rate = await bucketRate(
      "requests.cumulative.10s",
      START_MS + 120_000,
      point + elapsed - 1,
      point + elapsed,
      point,
    );
    expect(rate).toBeCloseTo(RATE, 6);
  });
});
