// The generated SQL of every read query, with its parameters: values are always bound, never
// spliced into the text (the hostile strings below must not appear in any query text).
import {
  LogsQuerySchema,
  MetricSeriesQuerySchema,
  RedQuerySchema,
  TraceFiltersSchema,
  TraceSearchQuerySchema,
} from "@tracelight/contracts";
import { describe, expect, it } from "vitest";
import { MODERN_PROFILE } from "../schema-profile.ts";
import { buildLogsQuery, traceIdOnlyWindow, traceWindow } from "./logs.ts";
import { buildMetricsListQuery } from "./metric-catalog.ts";
import { buildExemplarsBatchQuery, buildExemplarsQuery } from "./metric-exemplars.ts";
import {
  buildCounterQuery,
  buildCountSumQuery,
  buildHistogramBucketsQuery,
  buildPointAggQuery,
  type SeriesRequest,
} from "./metric-series-sql.ts";
import { rollupCoverage } from "./rate-coverage.ts";
import { buildRedBucketsQuery, buildRedRoutesQuery } from "./red.ts";
import { buildServicesQuery } from "./services.ts";
import { EVIL, expectBound, RANGE, UNITS } from "./sql-test-fixtures.ts";
import { buildTraceBoundsQuery } from "./trace-bounds.ts";
import { buildTraceSpansQuery } from "./trace-by-id.ts";
import { buildScatterSampleQuery } from "./trace-scatter.ts";
import { buildTopTraceIdsQuery, buildTraceIdSearchQuery, buildTraceSummariesQuery } from "./trace-search.ts";

const range = { from: String(RANGE.from), to: String(RANGE.to) };

describe("trace queries", () => {
  it("services", () => {
    expect(buildServicesQuery(RANGE, 500)).toMatchInlineSnapshot(`
      {
        "params": {
          "p0": 1700000000000,
          "p1": 1700003600000,
          "p2": "tracelight",
          "p3": 501,
        },
        "text": "SELECT ServiceName AS name, count() AS spanCount, countIf(StatusCode IN ('Error', 'STATUS_CODE_ERROR')) AS errorCount,
        quantile(0.99)(Duration) AS p99Ns
      FROM otel_traces
      WHERE Timestamp >= fromUnixTimestamp64Milli({p0:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({p1:Int64}) AND ServiceName != {p2:String}
      GROUP BY ServiceName
      ORDER BY ServiceName
      LIMIT {p3:UInt32}",
      }
    `);
  });

  it("trace by ID reads bounds, then spans in those bounds", () => {
    expect(buildTraceBoundsQuery("ab".repeat(16))).toMatchInlineSnapshot(`
      {
        "params": {
          "p0": "abababababababababababababababab",
        },
        "text": "SELECT count() AS n, toUnixTimestamp(min(Start)) AS startS, toUnixTimestamp(max(End)) AS endS
      FROM otel_traces_trace_id_ts
      WHERE TraceId = {p0:String}",
      }
    `);
    expect(
      buildTraceSpansQuery("ab".repeat(16), { startS: 1_700_000_000, endS: 1_700_000_002 }, MODERN_PROFILE).params,
    ).toEqual({
      p0: "ab".repeat(16),
      p1: 1_700_000_000_000,
      p2: 1_700_000_003_000,
      p3: 50_000,
    });
  });

  it("search binds every filter", () => {
    const q = TraceSearchQuerySchema.parse({
      ...range,
      service: EVIL,
      name: EVIL,
      minDurationMs: "1.5",
      status: "error",
      attr: [`${EVIL}=${EVIL}`, `service.name!=${EVIL}`],
      limit: "20",
    });
    const built = buildTraceIdSearchQuery(q);
    expectBound(built);
    expect(built).toMatchInlineSnapshot(`
      {
        "params": {
          "p0": 1700000000000,
          "p1": 1700003600000,
          "p10": "x' OR 1=1 --",
          "p11": 20,
          "p2": "x' OR 1=1 --",
          "p3": "x' OR 1=1 --",
          "p4": 1500000,
          "p5": [
            "Error",
            "STATUS_CODE_ERROR",
          ],
          "p6": "x' OR 1",
          "p7": "1 --=x' OR 1=1 --",
          "p8": "x' OR 1",
          "p9": "1 --=x' OR 1=1 --",
        },
        "text": "SELECT TraceId
      FROM otel_traces
      WHERE Timestamp >= fromUnixTimestamp64Milli({p0:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({p1:Int64}) AND ServiceName = {p2:String} AND SpanName = {p3:String} AND Duration >= {p4:UInt64} AND StatusCode IN {p5:Array(String)} AND (SpanAttributes[{p6:String}] = {p7:String} OR ResourceAttributes[{p8:String}] = {p9:String}) AND NOT (ServiceName = {p10:String}) AND TraceId != ''
      GROUP BY TraceId
      ORDER BY max(Timestamp) DESC, TraceId
      LIMIT {p11:UInt32}",
      }
    `);
    expect(buildTraceSummariesQuery(["a".repeat(32)]).text).toContain("TraceId IN {p0:Array(String)}");
  });

  it("sort=duration ranks by the longest spans of matching traces; the scatter samples per bucket", () => {
    const q = TraceSearchQuerySchema.parse({ ...range, service: EVIL, sort: "duration" });
    const top = buildTopTraceIdsQuery(q);
    expectBound(top);
    expect(top.text).toMatch(/ORDER BY Duration DESC, TraceId\n {4}LIMIT \{p\d+:UInt32\}/);
    // Any span of a matching trace ranks it: its root, when the filters match only children.
    expect(top.text).toContain("AND TraceId IN (SELECT TraceId FROM otel_traces WHERE Timestamp >=");
    expect(top.text).toContain("ORDER BY max(Duration) DESC, TraceId");
    expect(buildTraceIdSearchQuery(q).text).toContain("ORDER BY max(Duration) DESC, TraceId");
    const sample = buildScatterSampleQuery(TraceFiltersSchema.parse({ ...range, service: EVIL }));
    expectBound(sample);
    expect(sample.params).toMatchObject({ p0: RANGE.from, p1: 60_000 });
    expect(sample.text).toContain("[min(TraceId), max(TraceId), argMin(TraceId, SpanId), argMax(TraceId, SpanId)]");
  });
});

describe("log queries", () => {
  it("full text, severity, attributes, range", () => {
    const q = LogsQuerySchema.parse({
      ...range,
      // Lower case: an upper-case OR is the search language's operator.
      q: `${EVIL.toLowerCase()} Timeout`,
      severity: "warn",
      service: EVIL,
      attr: `${EVIL}=1`,
    });
    const built = buildLogsQuery(q, { from: q.range.from, to: q.range.to }, MODERN_PROFILE);
    expectBound(built);
    expect(built).toMatchInlineSnapshot(`
      {
        "params": {
          "p0": 1700000000,
          "p1": 1700003600,
          "p10": "1 --=1",
          "p11": 100,
          "p2": 1700000000000,
          "p3": 1700003600000,
          "p4": "x' OR 1=1 --",
          "p5": 13,
          "p6": [
            "x",
            "or",
            "1",
            "timeout",
          ],
          "p7": "x' OR 1",
          "p8": "1 --=1",
          "p9": "x' OR 1",
        },
        "text": "SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS tsNs, SeverityText, SeverityNumber, Body, ServiceName, TraceId, SpanId,
        LogAttributes, ResourceAttributes
      FROM otel_logs
      WHERE TimestampTime >= toDateTime({p0:Int64}) AND TimestampTime <= toDateTime({p1:Int64}) AND Timestamp >= fromUnixTimestamp64Milli({p2:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({p3:Int64}) AND ServiceName = {p4:String} AND SeverityNumber >= {p5:UInt8} AND hasAllTokens(lower(Body), {p6:Array(String)}) AND (LogAttributes[{p7:String}] = {p8:String} OR ResourceAttributes[{p9:String}] = {p10:String})
      ORDER BY Timestamp DESC
      LIMIT {p11:UInt32}",
      }
    `);
  });

  it("a trace's logs: bounds ± 5 min, or by TraceId alone when the trace has no spans", () => {
    const q = LogsQuerySchema.parse({ traceId: "ab".repeat(16) });
    expect(traceWindow({ startS: 1000, endS: 1002 })).toEqual({ from: 700_000, to: 1_303_000 });
    expect(buildLogsQuery(q, traceIdOnlyWindow(RANGE.to), MODERN_PROFILE)).toMatchInlineSnapshot(`
      {
        "params": {
          "p0": 1697411600,
          "p1": 1700007200,
          "p2": 1697411600000,
          "p3": 1700007200000,
          "p4": "abababababababababababababababab",
          "p5": "tracelight",
          "p6": 100,
        },
        "text": "SELECT toString(toUnixTimestamp64Nano(Timestamp)) AS tsNs, SeverityText, SeverityNumber, Body, ServiceName, TraceId, SpanId,
        LogAttributes, ResourceAttributes
      FROM otel_logs
      WHERE TimestampTime >= toDateTime({p0:Int64}) AND TimestampTime <= toDateTime({p1:Int64}) AND Timestamp >= fromUnixTimestamp64Milli({p2:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({p3:Int64}) AND TraceId = {p4:String} AND ServiceName != {p5:String}
      ORDER BY Timestamp DESC
      LIMIT {p6:UInt32}",
      }
    `);
  });
});

describe("metric queries", () => {
  const req = (agg: SeriesRequest["agg"], type: SeriesRequest["type"]): SeriesRequest => {
    const q = MetricSeriesQuerySchema.parse({
      ...range,
      metric: EVIL,
      groupBy: `service.name,${EVIL}`,
      filter: [`${EVIL}!=${EVIL}`],
      step: "1m",
    });
    return { ...q, agg, type, units: UNITS };
  };

  it("metric list unions the five tables", () => {
    const built = buildMetricsListQuery(RANGE, EVIL);
    expectBound(built);
    expect(built.text.match(/UNION ALL/g)).toHaveLength(4);
  });

  it("gauge point aggregations", () => {
    const avg = buildPointAggQuery(req("avg", "gauge"));
    expectBound(avg);
    expect(avg).toMatchInlineSnapshot(`
      {
        "params": {
          "p0": "x' OR 1=1 --",
          "p1": "x' OR 1=1 --",
          "p10": [
            "ms",
            "s",
          ],
          "p11": "x' OR 1",
          "p12": "1 --!=x' OR 1=1 --",
          "p13": "x' OR 1",
          "p14": "1 --!=x' OR 1=1 --",
          "p2": "x' OR 1=1 --",
          "p3": 60000,
          "p4": 60000,
          "p5": [
            "ms",
            "s",
          ],
          "p6": [
            0.001,
            1,
          ],
          "p7": "x' OR 1=1 --",
          "p8": 1700000000000,
          "p9": 1700003600000,
        },
        "text": "SELECT g0, g1, t, avg(Value) AS v FROM (SELECT toString(ServiceName) AS g0, if(mapContains(Attributes, {p0:String}), Attributes[{p1:String}], ResourceAttributes[{p2:String}]) AS g1, intDiv(toUnixTimestamp64Milli(toDateTime64(TimeUnix, 9)), {p3:Int64}) * {p4:Int64} AS t, cityHash64(ServiceName, ResourceAttributes, Attributes, MetricUnit) AS fp, TimeUnix, Value * transform(MetricUnit, {p5:Array(String)}, {p6:Array(Float64)}, nan) AS Value
        FROM otel_metrics_gauge
        WHERE MetricName = {p7:String} AND TimeUnix >= fromUnixTimestamp64Milli({p8:Int64}) AND TimeUnix <= fromUnixTimestamp64Milli({p9:Int64}) AND MetricUnit IN {p10:Array(String)} AND (Attributes[{p11:String}] = {p12:String} OR ResourceAttributes[{p13:String}] = {p14:String})) GROUP BY g0, g1, t ORDER BY t",
      }
    `);
    expect(buildPointAggQuery(req("sum", "gauge")).text).toMatchInlineSnapshot(`
      "SELECT g0, g1, t, sum(v) AS v FROM (
        SELECT g0, g1, t, avg(Value) AS v FROM (SELECT toString(ServiceName) AS g0, if(mapContains(Attributes, {p0:String}), Attributes[{p1:String}], ResourceAttributes[{p2:String}]) AS g1, intDiv(toUnixTimestamp64Milli(toDateTime64(TimeUnix, 9)), {p3:Int64}) * {p4:Int64} AS t, cityHash64(ServiceName, ResourceAttributes, Attributes, MetricUnit) AS fp, TimeUnix, Value * transform(MetricUnit, {p5:Array(String)}, {p6:Array(Float64)}, nan) AS Value
        FROM otel_metrics_gauge
        WHERE MetricName = {p7:String} AND TimeUnix >= fromUnixTimestamp64Milli({p8:Int64}) AND TimeUnix <= fromUnixTimestamp64Milli({p9:Int64}) AND MetricUnit IN {p10:Array(String)} AND (Attributes[{p11:String}] = {p12:String} OR ResourceAttributes[{p13:String}] = {p14:String})) GROUP BY g0, g1, t, fp
      ) GROUP BY g0, g1, t ORDER BY t"
    `);
  });

  it("counter deltas per series", () => {
    const rate = buildCounterQuery(req("rate", "sum"));
    expectBound(rate);
    expect(rate.text).toMatchInlineSnapshot(`
      "SELECT g0, g1, t, sum(d * uf * if(coveredS IS NULL OR coveredS <= greatest(0, least(t + {p0:Int64}, {p1:Int64}) - greatest(t, {p2:Int64})) / 1000, 1, greatest(0, least(t + {p3:Int64}, {p4:Int64}) - greatest(t, {p5:Int64})) / 1000 / coveredS)) AS v FROM (
        SELECT g0, g1, intDiv(toUnixTimestamp64Milli(toDateTime64(TimeUnix, 9)), {p6:Int64}) * {p7:Int64} AS t, uf, if(temporality = 1, Value, if(rn = 1 OR Value < prevValue, if(fresh, Value, 0), Value - prevValue)) AS d, if(rn = 1 OR (temporality != 1 AND Value < prevValue), NULL, dateDiff('millisecond', prevTime, TimeUnix) / 1000) AS coveredS
        FROM (SELECT toString(ServiceName) AS g0, if(mapContains(Attributes, {p8:String}), Attributes[{p9:String}], ResourceAttributes[{p10:String}]) AS g1, transform(MetricUnit, {p11:Array(String)}, {p12:Array(Float64)}, nan) AS uf, StartTimeUnix >= fromUnixTimestamp64Milli({p13:Int64}) AND StartTimeUnix < TimeUnix AS fresh, lagInFrame(TimeUnix) OVER w AS prevTime, TimeUnix, AggregationTemporality AS temporality, Value, lagInFrame(Value) OVER w AS prevValue, row_number() OVER w AS rn
        FROM otel_metrics_sum
        WHERE MetricName = {p14:String} AND TimeUnix >= fromUnixTimestamp64Milli({p15:Int64}) AND TimeUnix <= fromUnixTimestamp64Milli({p16:Int64}) AND MetricUnit IN {p17:Array(String)} AND (Attributes[{p18:String}] = {p19:String} OR ResourceAttributes[{p20:String}] = {p21:String})
        WINDOW w AS (PARTITION BY cityHash64(ServiceName, ResourceAttributes, Attributes, MetricUnit) ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW))
        WHERE TimeUnix >= fromUnixTimestamp64Milli({p22:Int64})
      ) GROUP BY g0, g1, t ORDER BY t"
    `);
    // Look-back of 5 minutes before `from` for the first bucket's baseline.
    expect(Object.values(rate.params)).toContain(RANGE.from - 300_000);
  });

  it("histogram buckets and count/sum", () => {
    expect(buildHistogramBucketsQuery(req("p99", "histogram")).text).toMatchInlineSnapshot(`
      "SELECT g0, g1, t, arrayMap(b -> b * uf, ExplicitBounds) AS bounds, sumForEach(dBuckets) AS counts FROM (
        SELECT g0, g1, intDiv(toUnixTimestamp64Milli(toDateTime64(TimeUnix, 9)), {p0:Int64}) * {p1:Int64} AS t, ExplicitBounds, uf, if(temporality = 1, BucketCounts, if((rn = 1 OR Count < prevCount OR ExplicitBounds != prevExplicitBounds), if(fresh, BucketCounts, arrayMap(x -> toUInt64(0), BucketCounts)), arrayMap((c, p) -> if(c >= p, toUInt64(c - p), toUInt64(0)), BucketCounts, arrayResize(prevBucketCounts, length(BucketCounts), toUInt64(0))))) AS dBuckets
        FROM (SELECT toString(ServiceName) AS g0, if(mapContains(Attributes, {p2:String}), Attributes[{p3:String}], ResourceAttributes[{p4:String}]) AS g1, transform(MetricUnit, {p5:Array(String)}, {p6:Array(Float64)}, nan) AS uf, StartTimeUnix >= fromUnixTimestamp64Milli({p7:Int64}) AND StartTimeUnix < TimeUnix AS fresh, TimeUnix, AggregationTemporality AS temporality, Count, BucketCounts, ExplicitBounds, lagInFrame(Count) OVER w AS prevCount, lagInFrame(BucketCounts) OVER w AS prevBucketCounts, lagInFrame(ExplicitBounds) OVER w AS prevExplicitBounds, row_number() OVER w AS rn
        FROM otel_metrics_histogram
        WHERE MetricName = {p8:String} AND TimeUnix >= fromUnixTimestamp64Milli({p9:Int64}) AND TimeUnix <= fromUnixTimestamp64Milli({p10:Int64}) AND MetricUnit IN {p11:Array(String)} AND (Attributes[{p12:String}] = {p13:String} OR ResourceAttributes[{p14:String}] = {p15:String})
        WINDOW w AS (PARTITION BY cityHash64(ServiceName, ResourceAttributes, Attributes, MetricUnit) ORDER BY TimeUnix ROWS BETWEEN 1 PRECEDING AND CURRENT ROW))
        WHERE TimeUnix >= fromUnixTimestamp64Milli({p16:Int64})
      ) GROUP BY g0, g1, t, bounds ORDER BY t"
    `);
    expect(buildCountSumQuery(req("avg", "summary")).text).toContain("2 AS temporality");
  });

  it("exemplars of the matching series", () => {
    const built = buildExemplarsQuery(req("p99", "histogram"));
    expectBound(built);
    expect(built.text).toMatchInlineSnapshot(`
      "WITH series AS (
        SELECT cityHash64(ServiceName, Attributes) AS fp, argMax(transform(MetricUnit, {p0:Array(String)}, {p1:Array(Float64)}, nan), TimeUnix) AS uf, any(toString(ServiceName)) AS g0, any(if(mapContains(Attributes, {p2:String}), Attributes[{p3:String}], ResourceAttributes[{p4:String}])) AS g1
        FROM otel_metrics_histogram
        WHERE MetricName = {p5:String} AND TimeUnix >= fromUnixTimestamp64Milli({p6:Int64}) AND TimeUnix <= fromUnixTimestamp64Milli({p7:Int64}) AND MetricUnit IN {p8:Array(String)} AND (Attributes[{p9:String}] = {p10:String} OR ResourceAttributes[{p11:String}] = {p12:String})
        GROUP BY fp
      )
      SELECT toString(toUnixTimestamp64Nano(e.Timestamp)) AS tsNs, e.Value * s.uf AS value, e.TraceId AS TraceId,
        e.SpanId AS SpanId, toString(e.ServiceName) AS ServiceName, s.g0 AS g0, s.g1 AS g1
      FROM (
        SELECT Timestamp, Value, TraceId, SpanId, ServiceName, SeriesFingerprint
        FROM tracelight_exemplars
        WHERE MetricName = {p13:String} AND MetricType = {p14:String} AND Timestamp >= fromUnixTimestamp64Milli({p15:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({p16:Int64})
          AND SeriesFingerprint IN (SELECT fp FROM series)
      ) AS e
      INNER JOIN series AS s ON e.SeriesFingerprint = s.fp
      ORDER BY value DESC, e.Timestamp DESC
      LIMIT {p17:UInt32}"
    `);
  });
});

describe("evidence of many series in one query", () => {
  it("exemplars of the series each filter set selects: each row once per set, each set's own top rows", () => {
    const built = buildExemplarsBatchQuery({ metric: EVIL, type: "histogram", range: RANGE, units: UNITS }, [
      [{ key: "service.name", op: "=", value: EVIL }],
      [],
      [{ key: EVIL, op: "!=", value: EVIL }],
    ]);
    expectBound(built);
    expect(built.text).toMatchInlineSnapshot(`
      "WITH series AS (
        SELECT cityHash64(ServiceName, Attributes) AS fp, arrayJoin(arrayFilter(x -> x >= 0, [if(ServiceName = {p0:String}, 0, -1), if(1, 1, -1), if(NOT ((Attributes[{p1:String}] = {p2:String} OR ResourceAttributes[{p3:String}] = {p4:String})), 2, -1)])) AS pick, argMax(transform(MetricUnit, {p5:Array(String)}, {p6:Array(Float64)}, nan), TimeUnix) AS uf
        FROM otel_metrics_histogram
        WHERE MetricName = {p7:String} AND TimeUnix >= fromUnixTimestamp64Milli({p8:Int64}) AND TimeUnix <= fromUnixTimestamp64Milli({p9:Int64}) AND MetricUnit IN {p10:Array(String)} AND ((ServiceName = {p11:String}) OR (1) OR (NOT ((Attributes[{p12:String}] = {p13:String} OR ResourceAttributes[{p14:String}] = {p15:String}))))
        GROUP BY fp, pick
      )
      SELECT toString(toUnixTimestamp64Nano(e.Timestamp)) AS tsNs, e.Value * s.uf AS value, e.TraceId AS TraceId,
        e.SpanId AS SpanId, toString(e.ServiceName) AS ServiceName, s.pick AS pick
      FROM (
        SELECT Timestamp, Value, TraceId, SpanId, ServiceName, SeriesFingerprint
        FROM tracelight_exemplars
        WHERE MetricName = {p16:String} AND MetricType = {p17:String} AND Timestamp >= fromUnixTimestamp64Milli({p18:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({p19:Int64})
          AND SeriesFingerprint IN (SELECT fp FROM series)
      ) AS e
      INNER JOIN series AS s ON e.SeriesFingerprint = s.fp
      ORDER BY pick, value DESC, e.Timestamp DESC
      LIMIT {p20:UInt32} BY pick"
    `);
  });
});

describe("RED", () => {
  it("merges minute states into the step", () => {
    const q = RedQuerySchema.parse({ ...range, service: EVIL, route: EVIL, step: "5m" });
    const coverage = rollupCoverage(q.range, Number.POSITIVE_INFINITY);
    const built = buildRedBucketsQuery(q, coverage);
    expectBound(built);
    expect(built).toMatchInlineSnapshot(`
      {
        "params": {
          "p0": 300,
          "p1": 300,
          "p2": 1699999980,
          "p3": 1700003640,
          "p4": "x' OR 1=1 --",
          "p5": "x' OR 1=1 --",
        },
        "text": "SELECT intDiv(toUnixTimestamp(Minute), {p0:Int64}) * {p1:Int64} * 1000 AS t, sum(Requests) AS requests, sum(Errors) AS errors,
        quantilesTDigestMerge(0.5, 0.9, 0.99)(Latency) AS latency,
        tupleElement(slowest, 1) AS slowestTraceId, tupleElement(slowest, 2) AS slowestSpanId,
        tupleElement(slowest, 3) AS slowestDurationNs, toString(toUnixTimestamp64Nano(tupleElement(slowest, 4))) AS slowestStartNs,
        argMaxMerge(Slowest) AS slowest,
        tupleElement(error, 1) AS errorTraceId, tupleElement(error, 2) AS errorSpanId,
        tupleElement(error, 3) AS errorDurationNs, toString(toUnixTimestamp64Nano(tupleElement(error, 4))) AS errorStartNs,
        argMaxMerge(ErrorExemplar) AS error
      FROM tracelight_red_1m
      WHERE Minute >= toDateTime({p2:Int64}) AND Minute < toDateTime({p3:Int64}) AND ServiceName = {p4:String} AND Route = {p5:String}
      GROUP BY t
      ORDER BY t",
      }
    `);
    expect(buildRedRoutesQuery(q, coverage).text).toContain("GROUP BY Route");
  });
});
