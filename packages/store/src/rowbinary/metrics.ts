// RowBinary for the five otel_metrics_* tables. Every table starts with the same base columns
// (the column list is explicit, so the order need not follow the table's), then its own.
import type {
  ExemplarRow,
  ExponentialHistogramRow,
  GaugeRow,
  HistogramRow,
  MetricRowBase,
  SummaryRow,
  SumRow,
} from "@tracelight/otlp";
import { TABLES } from "../tables.ts";
import { ByteWriter } from "./byte-writer.ts";
import { type EncodedRows, initialCapacity, nonNegative } from "./encoded.ts";

const BASE_COLUMNS = [
  "ResourceAttributes",
  "ResourceSchemaUrl",
  "ScopeName",
  "ScopeVersion",
  "ScopeAttributes",
  "ScopeDroppedAttrCount",
  "ScopeSchemaUrl",
  "ServiceName",
  "MetricName",
  "MetricDescription",
  "MetricUnit",
  "Attributes",
  "StartTimeUnix",
  "TimeUnix",
  "Flags",
] as const;

const EXEMPLAR_COLUMNS = [
  "Exemplars.FilteredAttributes",
  "Exemplars.TimeUnix",
  "Exemplars.Value",
  "Exemplars.SpanId",
  "Exemplars.TraceId",
] as const;

export const GAUGE_COLUMNS = [...BASE_COLUMNS, "Value", ...EXEMPLAR_COLUMNS] as const;
export const SUM_COLUMNS = [
  ...BASE_COLUMNS,
  "Value",
  ...EXEMPLAR_COLUMNS,
  "AggregationTemporality",
  "IsMonotonic",
] as const;
export const HISTOGRAM_COLUMNS = [
  ...BASE_COLUMNS,
  "Count",
  "Sum",
  "BucketCounts",
  "ExplicitBounds",
  ...EXEMPLAR_COLUMNS,
  "Min",
  "Max",
  "AggregationTemporality",
] as const;
export const EXPONENTIAL_HISTOGRAM_COLUMNS = [
  ...BASE_COLUMNS,
  "Count",
  "Sum",
  "Scale",
  "ZeroCount",
  "PositiveOffset",
  "PositiveBucketCounts",
  "NegativeOffset",
  "NegativeBucketCounts",
  ...EXEMPLAR_COLUMNS,
  "Min",
  "Max",
  "AggregationTemporality",
] as const;
export const SUMMARY_COLUMNS = [
  ...BASE_COLUMNS,
  "Count",
  "Sum",
  "ValueAtQuantiles.Quantile",
  "ValueAtQuantiles.Value",
] as const;

function base(w: ByteWriter, r: MetricRowBase): void {
  w.stringMap(r.ResourceAttributes);
  w.string(r.ResourceSchemaUrl);
  w.string(r.ScopeName);
  w.string(r.ScopeVersion);
  w.stringMap(r.ScopeAttributes);
  w.uint32(r.ScopeDroppedAttrCount);
  w.string(r.ScopeSchemaUrl);
  w.string(r.ServiceName);
  w.string(r.MetricName);
  w.string(r.MetricDescription);
  w.string(r.MetricUnit);
  w.stringMap(r.Attributes);
  w.int64(r.StartTimeUnix);
  w.int64(r.TimeUnix);
  w.uint32(r.Flags);
}

function exemplars(w: ByteWriter, list: readonly ExemplarRow[]): void {
  w.varint(list.length);
  for (const e of list) w.stringMap(e.FilteredAttributes);
  w.varint(list.length);
  for (const e of list) w.int64(e.TimeUnix);
  w.varint(list.length);
  for (const e of list) w.float64(e.Value);
  w.varint(list.length);
  for (const e of list) w.string(e.SpanId);
  w.varint(list.length);
  for (const e of list) w.string(e.TraceId);
}

export function encodeGauge(rows: readonly GaugeRow[]): EncodedRows {
  const w = new ByteWriter(initialCapacity(rows.length, 320));
  for (const r of rows) {
    base(w, r);
    w.float64(r.Value);
    exemplars(w, r.Exemplars);
  }
  return { table: TABLES.gauge, columns: GAUGE_COLUMNS, rowCount: rows.length, bytes: w.finish() };
}

export function encodeSum(rows: readonly SumRow[]): EncodedRows {
  const w = new ByteWriter(initialCapacity(rows.length, 320));
  for (const r of rows) {
    base(w, r);
    w.float64(r.Value);
    exemplars(w, r.Exemplars);
    w.int32(r.AggregationTemporality);
    w.bool(r.IsMonotonic);
  }
  return { table: TABLES.sum, columns: SUM_COLUMNS, rowCount: rows.length, bytes: w.finish() };
}

export function encodeHistogram(rows: readonly HistogramRow[]): EncodedRows {
  const w = new ByteWriter(initialCapacity(rows.length, 480));
  for (const r of rows) {
    base(w, r);
    w.uint64(nonNegative(r.Count));
    w.float64(r.Sum);
    w.uint64Array(r.BucketCounts);
    w.float64Array(r.ExplicitBounds);
    exemplars(w, r.Exemplars);
    w.float64(r.Min);
    w.float64(r.Max);
    w.int32(r.AggregationTemporality);
  }
  return { table: TABLES.histogram, columns: HISTOGRAM_COLUMNS, rowCount: rows.length, bytes: w.finish() };
}

export function encodeExponentialHistogram(rows: readonly ExponentialHistogramRow[]): EncodedRows {
  const w = new ByteWriter(initialCapacity(rows.length, 480));
  for (const r of rows) {
    base(w, r);
    w.uint64(nonNegative(r.Count));
    w.float64(r.Sum);
    w.int32(r.Scale);
    w.uint64(nonNegative(r.ZeroCount));
    w.int32(r.PositiveOffset);
    w.uint64Array(r.PositiveBucketCounts);
    w.int32(r.NegativeOffset);
    w.uint64Array(r.NegativeBucketCounts);
    exemplars(w, r.Exemplars);
    w.float64(r.Min);
    w.float64(r.Max);
    w.int32(r.AggregationTemporality);
  }
  return {
    table: TABLES.exponentialHistogram,
    columns: EXPONENTIAL_HISTOGRAM_COLUMNS,
    rowCount: rows.length,
    bytes: w.finish(),
  };
}

export function encodeSummary(rows: readonly SummaryRow[]): EncodedRows {
  const w = new ByteWriter(initialCapacity(rows.length, 320));
  for (const r of rows) {
    base(w, r);
    w.uint64(nonNegative(r.Count));
    w.float64(r.Sum);
    const q = r.ValueAtQuantiles;
    w.varint(q.length);
    for (const v of q) w.float64(v.Quantile);
    w.varint(q.length);
    for (const v of q) w.float64(v.Value);
  }
  return { table: TABLES.summary, columns: SUMMARY_COLUMNS, rowCount: rows.length, bytes: w.finish() };
}
