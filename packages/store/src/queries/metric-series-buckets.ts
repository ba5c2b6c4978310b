// A metric series' buckets follow the RED charts' rule (rate-coverage.ts): a bucket covers the
// part of its step inside [from, to) and before now, a rate is its increase over those seconds,
// and a bucket covering less than its step is partial (its increase, count or gauge values
// come from fewer seconds).
//
// A partial bucket (the newest above all) is still only approximately scaled: a counter's delta
// is the increase over the export interval that ends at its point, so a bucket's increase spans
// from the last point before the bucket (or before `from`) to its own last point before now, not
// exactly its covered seconds. Whole buckets balance out (each holds one step of intervals); a
// partial one can be off by up to one export interval's worth, which is small only when the
// interval is short next to the covered seconds (a 60 s interval can double or empty a 30 s bucket).
// A step finer than the interval: a rate bucket takes a step's share of the increase of the point
// it holds, counted since the point before (metric-series-sql.ts rateShare), so it reads the
// point's own rate; buckets between points hold none (gaps), rather than one bucket holding the
// whole interval's increase.
import type { MetricSeries } from "@tracelight/contracts";
import type { SeriesRequest } from "./metric-series-sql.ts";
import { perSecond, type RateBucket, rangeCoverage, rateBucket } from "./rate-coverage.ts";

export type BucketOf = (start: number) => RateBucket;

/** The bucket a point's time starts, with the seconds of data it covers. */
export function bucketsOf(req: Pick<SeriesRequest, "range" | "stepSeconds">, nowMs: number): BucketOf {
  // `to` is inclusive (TimeRange): the range holds the whole millisecond it names.
  const coverage = rangeCoverage({ from: req.range.from, to: req.range.to + 1 }, nowMs);
  return (start) => rateBucket(coverage, start, req.stepSeconds);
}

/** Increases turned into per-second rates over each bucket's covered seconds; none over no time. */
export function perCoveredSecond(series: readonly MetricSeries[], bucketOf: BucketOf): MetricSeries[] {
  return series.map((s) => ({
    ...s,
    points: s.points.map(([t, v]) => {
      const { seconds } = bucketOf(t);
      return [t, v === null || seconds <= 0 ? null : perSecond(v, seconds)];
    }),
  }));
}

/** The times of the points, over every series, whose bucket is partial; ascending. */
export function partialTimes(series: readonly MetricSeries[], bucketOf: BucketOf): number[] {
  const times = new Set(series.flatMap((s) => s.points.map(([t]) => t)));
  return [...times].filter((t) => bucketOf(t).partial).sort((a, b) => a - b);
}
