// Native blocks for the five otel_metrics_* tables. Every table starts with the same base
// columns (the column list is explicit, so the order need not follow the table's), then its own.
import type {
  ExemplarRow,
  ExponentialHistogramRow,
  GaugeRow,
  HistogramRow,
  MetricRowBase,
  MetricRows,
  SummaryRow,
  SumRow,
} from "@tracelight/otlp";
import { TABLES } from "../tables.ts";
import { flatten, NativeBlockWriter, T } from "./column-writer.ts";
import { type EncodedRows, nonNegative } from "./encoded.ts";

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

function base(w: NativeBlockWriter, rows: readonly MetricRowBase[]): void {
  w.column("ResourceAttributes", T.map);
  w.stringMaps(rows.map((r) => r.ResourceAttributes));
  w.column("ResourceSchemaUrl", T.string);
  for (const r of rows) w.string(r.ResourceSchemaUrl);
  w.column("ScopeName", T.string);
  for (const r of rows) w.string(r.ScopeName);
  w.column("ScopeVersion", T.string);
  for (const r of rows) w.string(r.ScopeVersion);
  w.column("ScopeAttributes", T.map);
  w.stringMaps(rows.map((r) => r.ScopeAttributes));
  w.column("ScopeDroppedAttrCount", T.uint32);
  for (const r of rows) w.uint32(r.ScopeDroppedAttrCount);
  w.column("ScopeSchemaUrl", T.string);
  for (const r of rows) w.string(r.ScopeSchemaUrl);
  w.column("ServiceName", T.string);
  for (const r of rows) w.string(r.ServiceName);
  w.column("MetricName", T.string);
  for (const r of rows) w.string(r.MetricName);
  w.column("MetricDescription", T.string);
  for (const r of rows) w.string(r.MetricDescription);
  w.column("MetricUnit", T.string);
  for (const r of rows) w.string(r.MetricUnit);
  w.column("Attributes", T.map);
  w.stringMaps(rows.map((r) => r.Attributes));
  w.column("StartTimeUnix", T.dateTime64);
  for (const r of rows) w.int64(r.StartTimeUnix);
  w.column("TimeUnix", T.dateTime64);
  for (const r of rows) w.int64(r.TimeUnix);
  w.column("Flags", T.uint32);
  for (const r of rows) w.uint32(r.Flags);
}

function exemplars(w: NativeBlockWriter, rows: readonly { Exemplars: ExemplarRow[] }[]): void {
  const lists = rows.map((r) => r.Exemplars);
  const all = flatten(lists);
  w.column("Exemplars.FilteredAttributes", T.maps);
  w.offsets(lists);
  w.stringMaps(all.map((e) => e.FilteredAttributes));
  w.column("Exemplars.TimeUnix", T.dateTime64s);
  w.offsets(lists);
  for (const e of all) w.int64(e.TimeUnix);
  w.column("Exemplars.Value", T.float64s);
  w.offsets(lists);
  for (const e of all) w.float64(e.Value);
  w.column("Exemplars.SpanId", T.strings);
  w.offsets(lists);
  for (const e of all) w.string(e.SpanId);
  w.column("Exemplars.TraceId", T.strings);
  w.offsets(lists);
  for (const e of all) w.string(e.TraceId);
}

function float64s<R>(w: NativeBlockWriter, rows: readonly R[], name: string, get: (r: R) => number): void {
  w.column(name, T.float64);
  for (const r of rows) w.float64(get(r));
}

function int32s<R>(w: NativeBlockWriter, rows: readonly R[], name: string, get: (r: R) => number): void {
  w.column(name, T.int32);
  for (const r of rows) w.int32(get(r));
}

/** UInt64 counts; negatives (never valid in OTLP, possible from a buggy sender) store 0. */
function uint64s<R>(w: NativeBlockWriter, rows: readonly R[], name: string, get: (r: R) => bigint): void {
  w.column(name, T.uint64);
  for (const r of rows) w.uint64(nonNegative(get(r)));
}

function uint64Arrays<R>(w: NativeBlockWriter, rows: readonly R[], name: string, get: (r: R) => readonly bigint[]) {
  const lists = rows.map(get);
  w.column(name, T.uint64s);
  w.offsets(lists);
  for (const list of lists) for (const v of list) w.uint64(v);
}

function float64Arrays<R>(w: NativeBlockWriter, rows: readonly R[], name: string, get: (r: R) => readonly number[]) {
  const lists = rows.map(get);
  w.column(name, T.float64s);
  w.offsets(lists);
  for (const list of lists) for (const v of list) w.float64(v);
}

export function encodeGauge(rows: readonly GaugeRow[]): EncodedRows {
  const w = new NativeBlockWriter(GAUGE_COLUMNS, rows.length, 320);
  base(w, rows);
  float64s(w, rows, "Value", (r) => r.Value);
  exemplars(w, rows);
  return w.finish(TABLES.gauge);
}

export function encodeSum(rows: readonly SumRow[]): EncodedRows {
  const w = new NativeBlockWriter(SUM_COLUMNS, rows.length, 320);
  base(w, rows);
  float64s(w, rows, "Value", (r) => r.Value);
  exemplars(w, rows);
  int32s(w, rows, "AggregationTemporality", (r) => r.AggregationTemporality);
  w.column("IsMonotonic", T.bool);
  for (const r of rows) w.bool(r.IsMonotonic);
  return w.finish(TABLES.sum);
}

export function encodeHistogram(rows: readonly HistogramRow[]): EncodedRows {
  const w = new NativeBlockWriter(HISTOGRAM_COLUMNS, rows.length, 480);
  base(w, rows);
  uint64s(w, rows, "Count", (r) => r.Count);
  float64s(w, rows, "Sum", (r) => r.Sum);
  uint64Arrays(w, rows, "BucketCounts", (r) => r.BucketCounts);
  float64Arrays(w, rows, "ExplicitBounds", (r) => r.ExplicitBounds);
  exemplars(w, rows);
  float64s(w, rows, "Min", (r) => r.Min);
  float64s(w, rows, "Max", (r) => r.Max);
  int32s(w, rows, "AggregationTemporality", (r) => r.AggregationTemporality);
  return w.finish(TABLES.histogram);
}

export function encodeExponentialHistogram(rows: readonly ExponentialHistogramRow[]): EncodedRows {
  const w = new NativeBlockWriter(EXPONENTIAL_HISTOGRAM_COLUMNS, rows.length, 480);
  base(w, rows);
  uint64s(w, rows, "Count", (r) => r.Count);
  float64s(w, rows, "Sum", (r) => r.Sum);
  int32s(w, rows, "Scale", (r) => r.Scale);
  uint64s(w, rows, "ZeroCount", (r) => r.ZeroCount);
  int32s(w, rows, "PositiveOffset", (r) => r.PositiveOffset);
  uint64Arrays(w, rows, "PositiveBucketCounts", (r) => r.PositiveBucketCounts);
  int32s(w, rows, "NegativeOffset", (r) => r.NegativeOffset);
  uint64Arrays(w, rows, "NegativeBucketCounts", (r) => r.NegativeBucketCounts);
  exemplars(w, rows);
  float64s(w, rows, "Min", (r) => r.Min);
  float64s(w, rows, "Max", (r) => r.Max);
  int32s(w, rows, "AggregationTemporality", (r) => r.AggregationTemporality);
  return w.finish(TABLES.exponentialHistogram);
}

export function encodeSummary(rows: readonly SummaryRow[]): EncodedRows {
  const w = new NativeBlockWriter(SUMMARY_COLUMNS, rows.length, 320);
  base(w, rows);
  uint64s(w, rows, "Count", (r) => r.Count);
  float64s(w, rows, "Sum", (r) => r.Sum);
  float64Arrays(w, rows, "ValueAtQuantiles.Quantile", (r) => r.ValueAtQuantiles.map((q) => q.Quantile));
  float64Arrays(w, rows, "ValueAtQuantiles.Value", (r) => r.ValueAtQuantiles.map((q) => q.Value));
  return w.finish(TABLES.summary);
}

/** One block per metric table that has rows. */
export function encodeMetrics(rows: MetricRows): EncodedRows[] {
  const blocks: EncodedRows[] = [];
  if (rows.gauge.length > 0) blocks.push(encodeGauge(rows.gauge));
  if (rows.sum.length > 0) blocks.push(encodeSum(rows.sum));
  if (rows.histogram.length > 0) blocks.push(encodeHistogram(rows.histogram));
  if (rows.exponentialHistogram.length > 0) blocks.push(encodeExponentialHistogram(rows.exponentialHistogram));
  if (rows.summary.length > 0) blocks.push(encodeSummary(rows.summary));
  return blocks;
}
