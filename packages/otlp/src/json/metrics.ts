// OTLP/JSON ExportMetricsServiceRequest -> otel_metrics_* rows (same rules as protobuf/metrics.ts).
import { type MetricContext, metricBase } from "../context.ts";
import type { Outcome } from "../outcome.ts";
import type { ExemplarRow, MetricRowBase, MetricRows } from "../rows.ts";
import { array, asObject, attributes, get, parseBody, readId, readResource, readScope, string } from "./common.ts";
import {
  bigintValue,
  boolean,
  double,
  doubleValue,
  enumeration,
  integer,
  type JsonObject,
  optionalObject,
  uint64,
} from "./fields.ts";

const TEMPORALITIES = [
  "AGGREGATION_TEMPORALITY_UNSPECIFIED",
  "AGGREGATION_TEMPORALITY_DELTA",
  "AGGREGATION_TEMPORALITY_CUMULATIVE",
];
const DATA_FIELDS = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] as const;

export function readMetricsJson(body: Uint8Array, out: Outcome, exact: boolean): MetricRows {
  const rows: MetricRows = { gauge: [], sum: [], histogram: [], exponentialHistogram: [], summary: [] };
  const request = parseBody(body, out, exact);
  for (const rmValue of array(request, "resourceMetrics", "request")) {
    const rm = asObject(rmValue, "resourceMetrics[]");
    const resource = readResource(rm, "resourceMetrics[]");
    for (const smValue of array(rm, "scopeMetrics", "resourceMetrics[]")) {
      const sm = asObject(smValue, "scopeMetrics[]");
      const scope = readScope(sm, "scopeMetrics[]");
      for (const metricValue of array(sm, "metrics", "scopeMetrics[]")) {
        const metric = asObject(metricValue, "metric");
        const ctx: MetricContext = {
          resource,
          scope,
          name: string(metric, "name", "metric"),
          description: string(metric, "description", "metric"),
          unit: string(metric, "unit", "metric"),
        };
        readMetricData(metric, ctx, rows, out);
      }
    }
  }
  return rows;
}

function readMetricData(metric: JsonObject, ctx: MetricContext, rows: MetricRows, out: Outcome): void {
  for (const kind of DATA_FIELDS) {
    const data = optionalObject(metric, kind, "metric");
    if (data === undefined) continue;
    const what = `metric.${kind}`;
    const temporality = enumeration(data, "aggregationTemporality", TEMPORALITIES, what);
    for (const pointValue of array(data, "dataPoints", what)) {
      const p = asObject(pointValue, `${what}.dataPoints[]`);
      const exemplars: ExemplarRow[] = [];
      let problem: string | undefined;
      for (const e of array(p, "exemplars", "data point")) {
        problem = readExemplar(asObject(e, "exemplar"), exemplars) ?? problem;
      }
      if (problem !== undefined) {
        out.reject(`data point with ${problem}`);
        continue;
      }
      const base = pointBase(p, ctx);
      switch (kind) {
        case "gauge":
          rows.gauge.push({ ...base, Value: numberValue(p, "data point"), Exemplars: exemplars });
          break;
        case "sum":
          rows.sum.push({
            ...base,
            Value: numberValue(p, "data point"),
            Exemplars: exemplars,
            AggregationTemporality: temporality,
            IsMonotonic: boolean(data, "isMonotonic", what),
          });
          break;
        case "histogram":
          rows.histogram.push({
            ...base,
            Count: uint64(p, "count", "data point"),
            Sum: double(p, "sum", "data point"),
            BucketCounts: array(p, "bucketCounts", "data point").map((c) => bigintValue(c, "bucketCounts[]")),
            ExplicitBounds: array(p, "explicitBounds", "data point").map((b) => doubleValue(b, "explicitBounds[]")),
            Exemplars: exemplars,
            Min: double(p, "min", "data point"),
            Max: double(p, "max", "data point"),
            AggregationTemporality: temporality,
          });
          break;
        case "exponentialHistogram": {
          const positive = optionalObject(p, "positive", "data point") ?? {};
          const negative = optionalObject(p, "negative", "data point") ?? {};
          rows.exponentialHistogram.push({
            ...base,
            Count: uint64(p, "count", "data point"),
            Sum: double(p, "sum", "data point"),
            Scale: integer(p, "scale", "data point"),
            ZeroCount: uint64(p, "zeroCount", "data point"),
            PositiveOffset: integer(positive, "offset", "positive"),
            PositiveBucketCounts: array(positive, "bucketCounts", "positive").map((c) =>
              bigintValue(c, "bucketCounts[]"),
            ),
            NegativeOffset: integer(negative, "offset", "negative"),
            NegativeBucketCounts: array(negative, "bucketCounts", "negative").map((c) =>
              bigintValue(c, "bucketCounts[]"),
            ),
            Exemplars: exemplars,
            Min: double(p, "min", "data point"),
            Max: double(p, "max", "data point"),
            AggregationTemporality: temporality,
          });
          break;
        }
        case "summary":
          rows.summary.push({
            ...base,
            Count: uint64(p, "count", "data point"),
            Sum: double(p, "sum", "data point"),
            ValueAtQuantiles: array(p, "quantileValues", "data point").map((q) => {
              const quantile = asObject(q, "quantileValues[]");
              return {
                Quantile: double(quantile, "quantile", "quantile"),
                Value: double(quantile, "value", "quantile"),
              };
            }),
          });
          break;
      }
    }
    return; // a oneof: only the first data field present is read
  }
}

function pointBase(p: JsonObject, ctx: MetricContext): MetricRowBase {
  return metricBase(
    ctx,
    attributes(p, "attributes", "data point"),
    uint64(p, "startTimeUnixNano", "data point"),
    uint64(p, "timeUnixNano", "data point"),
    integer(p, "flags", "data point"),
  );
}

/** as_double or as_int; int64 values become doubles like the tables hold them. */
function numberValue(p: JsonObject, what: string): number {
  const asInt = get(p, "asInt");
  if (asInt !== undefined) return Number(bigintValue(asInt, `${what}.asInt`));
  return double(p, "asDouble", what);
}

function readExemplar(e: JsonObject, into: ExemplarRow[]): string | undefined {
  const traceId = readId(e, "traceId", "exemplar trace_id", 16, false);
  const spanId = readId(e, "spanId", "exemplar span_id", 8, false);
  const problem = traceId.problem ?? spanId.problem;
  if (problem !== undefined) return problem;
  into.push({
    FilteredAttributes: attributes(e, "filteredAttributes", "exemplar"),
    TimeUnix: uint64(e, "timeUnixNano", "exemplar"),
    Value: numberValue(e, "exemplar"),
    SpanId: spanId.hex,
    TraceId: traceId.hex,
  });
  return undefined;
}
