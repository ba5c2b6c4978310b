// Metric series follow the RED charts' bucket rule over real chDB: a counter (and a histogram's
// count) growing at a known constant rate, read over a range that starts inside a bucket and
// ends mid-bucket at now, is rated per covered second in every bucket, the cut ones marked
// partial; increases and gauges mark the same buckets.
import { MetricSeriesQuerySchema, type MetricSeriesResponse } from "@tracelight/contracts";
import type { GaugeRow, HistogramRow, SumRow } from "@tracelight/otlp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChdbTransport } from "../src/chdb-transport.ts";
import { migrate } from "../src/migrate.ts";
import { queryMetricSeries } from "../src/queries/metric-series.ts";
import type { ClickHouseTransport } from "../src/transport.ts";
import { TelemetryWriter } from "../src/writer.ts";
import { freshDir, TTL } from "./support/chdb-dir.ts";
import * as fx from "./support/rows.ts";

const MINUTE = 60_000;
/** A minute boundary an hour ago: buckets of 1m start on it. */
const BASE = Math.floor((Date.now() - 3_600_000) / MINUTE) * MINUTE;
/** Counter increase per second, and the histogram's requests per second. */
const RATE = 7;
const REQUESTS = 3;
/** Mid-second, so the points (one per second, as a 1 s export interval sends) do not line up with it. */
const FROM = BASE + 20_500;
const NOW = BASE + 5 * MINUTE + 45_500;
const FIRST_POINT = BASE - 10 * MINUTE;

const dir = freshDir("metric-rates");
let t: ClickHouseTransport;

const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const sinceStart = (ms: number) => (ms - FIRST_POINT) / 1000;

beforeAll(async () => {
  t = openChdbTransport(dir.path);
  await migrate(t, { ttlDays: TTL });
  const sum: SumRow[] = [];
  const histogram: HistogramRow[] = [];
  const gauge: GaugeRow[] = [];
  // Cumulative points every second until now (nothing is sent from the future).
  for (let ms = FIRST_POINT; ms <= NOW; ms += 1000) {
    const times = { StartTimeUnix: ns(FIRST_POINT), TimeUnix: ns(ms) };
    sum.push({ ...fx.sum(), MetricName: "jobs.done", MetricUnit: "1", ...times, Value: RATE * sinceStart(ms) });
    const count = BigInt(REQUESTS * sinceStart(ms));
    histogram.push({
      ...fx.histogram(),
      MetricName: "request.duration",
      ...times,
      AggregationTemporality: 2,
      Count: count,
      Sum: Number(count) * 0.25,
      BucketCounts: [count],
      ExplicitBounds: [],
      Exemplars: [],
    });
    gauge.push({ ...fx.gauge(), MetricName: "queue.depth", MetricUnit: "1", ...times, Value: 5, Exemplars: [] });
  }
  await new TelemetryWriter(t).insertMetrics({ gauge, sum, histogram, exponentialHistogram: [], summary: [] });
});

afterAll(async () => {
  await t?.close();
  dir.remove();
});

async function series(metric: string, agg: string, to = NOW): Promise<MetricSeriesResponse> {
  const q = MetricSeriesQuerySchema.parse({ metric, agg, from: FROM, to, step: "1m" });
  return queryMetricSeries(t, q, NOW);
}

const BUCKETS = [0, 1, 2, 3, 4, 5].map((i) => BASE + i * MINUTE);
/** The first bucket starts before `from`, the last holds now. */
const PARTIAL = [BASE, BASE + 5 * MINUTE];

describe("metric series buckets over a range cut at both ends, ending at now", () => {
  it("rates a counter per covered second in every bucket, the first and the newest within 2 %, both marked partial", async () => {
    for (const to of [NOW, NOW + 2 * 3_600_000]) {
      const answer = await series("jobs.done", "rate", to);
      const points = answer.series[0]?.points ?? [];
      expect(points.map(([time]) => time)).toEqual(BUCKETS);
      for (const [time, v] of points) expect(Math.abs((v ?? 0) / RATE - 1), `bucket ${time - BASE}`).toBeLessThan(0.02);
      expect(answer.partial).toEqual(PARTIAL);
    }
  });

  it("rates a histogram's requests the same way", async () => {
    const answer = await series("request.duration", "rate");
    const points = answer.series[0]?.points ?? [];
    expect(points.map(([time]) => time)).toEqual(BUCKETS);
    for (const [, v] of points) expect(Math.abs((v ?? 0) / REQUESTS - 1)).toBeLessThan(0.02);
    expect(answer.partial).toEqual(PARTIAL);
  });

  it("gives a partial bucket's increase for the seconds it covers, and marks gauges' partial buckets too", async () => {
    const increase = await series("jobs.done", "increase");
    // 39 points after 20.5 s, 60 per whole minute, 46 up to 45.5 s: one second of increase each.
    expect(increase.series[0]?.points).toEqual([39, 60, 60, 60, 60, 46].map((n, i) => [BUCKETS[i], n * RATE]));
    expect(increase.partial).toEqual(PARTIAL);
    const gauge = await series("queue.depth", "avg");
    expect(gauge.series[0]?.points.map(([time]) => time)).toEqual(BUCKETS);
    expect(gauge.partial).toEqual(PARTIAL);
  });
});
