// ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1) -> otel_metrics_* rows,
// one row per data point, in the table of the metric's type.

import type { MetricContext, ResourceInfo, ScopeInfo } from "../context.ts";
import type { Outcome } from "../outcome.ts";
import type { MetricRows } from "../rows.ts";
import { readExponentialHistogramPoint, readHistogramPoint, readNumberPoint, readSummaryPoint } from "./data-points.ts";
import { readRequest } from "./envelope.ts";
import { fields, type Reader } from "./reader.ts";

const NAMES = { request: "ExportMetricsServiceRequest", resource: "ResourceMetrics", scope: "ScopeMetrics" };
const METRIC_KNOWN = fields(1, 2, 3, 5, 7, 9, 10, 11);
const GAUGE_KNOWN = fields(1);
const SUM_KNOWN = fields(1, 2, 3);
const HISTOGRAM_KNOWN = fields(1, 2);

export function readMetricsRequest(r: Reader, out: Outcome): MetricRows {
  const rows: MetricRows = { gauge: [], sum: [], histogram: [], exponentialHistogram: [], summary: [] };
  readRequest(r, NAMES, (r, end, resource, scope, out) => readMetric(r, end, resource, scope, rows, out), out);
  return rows;
}

function readMetric(
  r: Reader,
  end: number,
  resource: ResourceInfo,
  scope: ScopeInfo,
  rows: MetricRows,
  out: Outcome,
): void {
  // Name, description and unit go on every row, so read them before the data (a oneof: the
  // last data field wins, as in any protobuf decoder).
  const ctx: MetricContext = { resource, scope, name: "", description: "", unit: "" };
  let dataTag = 0;
  let dataStart = 0;
  let dataEnd = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) ctx.name = r.string();
    else if (tag === 18) ctx.description = r.string();
    else if (tag === 26) ctx.unit = r.string();
    else if (tag === 42 || tag === 58 || tag === 74 || tag === 82 || tag === 90) {
      dataTag = tag;
      dataEnd = r.lenEnd();
      dataStart = r.pos;
      r.pos = dataEnd;
    } else r.unknown(tag, METRIC_KNOWN, "Metric");
  }
  r.end(end, "Metric");
  if (dataTag === 0) return;
  r.pos = dataStart;
  switch (dataTag) {
    case 42:
      readGauge(r, dataEnd, ctx, rows, out);
      break;
    case 58:
      readSum(r, dataEnd, ctx, rows, out);
      break;
    case 74:
      readHistogram(r, dataEnd, ctx, rows, out);
      break;
    case 82:
      readExponentialHistogram(r, dataEnd, ctx, rows, out);
      break;
    default:
      readSummary(r, dataEnd, ctx, rows);
  }
  r.pos = end;
}

function readGauge(r: Reader, end: number, ctx: MetricContext, rows: MetricRows, out: Outcome): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      const point = readNumberPoint(r, r.lenEnd(), ctx, out);
      if (point !== undefined) rows.gauge.push(point);
    } else r.unknown(tag, GAUGE_KNOWN, "Gauge");
  }
  r.end(end, "Gauge");
}

// Temporality and monotonicity may follow the data points on the wire, so they are applied to
// this metric's rows after the loop.
function readSum(r: Reader, end: number, ctx: MetricContext, rows: MetricRows, out: Outcome): void {
  const first = rows.sum.length;
  let temporality = 0;
  let monotonic = false;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      const point = readNumberPoint(r, r.lenEnd(), ctx, out);
      if (point !== undefined) {
        rows.sum.push({ ...point, AggregationTemporality: 0, IsMonotonic: false });
      }
    } else if (tag === 16) temporality = r.uint32();
    else if (tag === 24) monotonic = r.bool();
    else r.unknown(tag, SUM_KNOWN, "Sum");
  }
  r.end(end, "Sum");
  for (let i = first; i < rows.sum.length; i++) {
    const row = rows.sum[i];
    if (row !== undefined) {
      row.AggregationTemporality = temporality;
      row.IsMonotonic = monotonic;
    }
  }
}

function readHistogram(r: Reader, end: number, ctx: MetricContext, rows: MetricRows, out: Outcome): void {
  const first = rows.histogram.length;
  let temporality = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      const point = readHistogramPoint(r, r.lenEnd(), ctx, out);
      if (point !== undefined) rows.histogram.push(point);
    } else if (tag === 16) temporality = r.uint32();
    else r.unknown(tag, HISTOGRAM_KNOWN, "Histogram");
  }
  r.end(end, "Histogram");
  for (let i = first; i < rows.histogram.length; i++) {
    const row = rows.histogram[i];
    if (row !== undefined) row.AggregationTemporality = temporality;
  }
}

function readExponentialHistogram(r: Reader, end: number, ctx: MetricContext, rows: MetricRows, out: Outcome): void {
  const first = rows.exponentialHistogram.length;
  let temporality = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      const point = readExponentialHistogramPoint(r, r.lenEnd(), ctx, out);
      if (point !== undefined) rows.exponentialHistogram.push(point);
    } else if (tag === 16) temporality = r.uint32();
    else r.unknown(tag, HISTOGRAM_KNOWN, "ExponentialHistogram");
  }
  r.end(end, "ExponentialHistogram");
  for (let i = first; i < rows.exponentialHistogram.length; i++) {
    const row = rows.exponentialHistogram[i];
    if (row !== undefined) row.AggregationTemporality = temporality;
  }
}

function readSummary(r: Reader, end: number, ctx: MetricContext, rows: MetricRows): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      rows.summary.push(readSummaryPoint(r, r.lenEnd(), ctx));
    } else r.unknown(tag, GAUGE_KNOWN, "Summary");
  }
  r.end(end, "Summary");
}
