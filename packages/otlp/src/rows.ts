// Table rows produced by decoding OTLP. Field names are the column names of the OpenTelemetry
// Collector ClickHouse exporter's tables, so a row maps onto its table without renaming.
// Timestamps and durations are unix nanoseconds as bigint: DateTime64(9) needs all 64 bits.

/** Attribute values flattened to strings, as the exporter stores them (non-strings as JSON). */
export type AttributeMap = Record<string, string>;

export type SpanKindName = "Unspecified" | "Internal" | "Server" | "Client" | "Producer" | "Consumer";
export type StatusCodeName = "Unset" | "Ok" | "Error";

export interface SpanEventRow {
  Timestamp: bigint;
  Name: string;
  Attributes: AttributeMap;
}

export interface SpanLinkRow {
  TraceId: string;
  SpanId: string;
  TraceState: string;
  Attributes: AttributeMap;
}

/** One row of `otel_traces`. IDs are lowercase hex (32 chars trace, 16 chars span, "" when absent). */
export interface SpanRow {
  Timestamp: bigint;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  SpanKind: SpanKindName;
  ServiceName: string;
  ResourceAttributes: AttributeMap;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: AttributeMap;
  Duration: bigint;
  StatusCode: StatusCodeName;
  StatusMessage: string;
  Events: SpanEventRow[];
  Links: SpanLinkRow[];
}

/** One row of `otel_logs`. Timestamp falls back to the observed time when the record has none. */
export interface LogRow {
  Timestamp: bigint;
  TraceId: string;
  SpanId: string;
  TraceFlags: number;
  SeverityText: string;
  SeverityNumber: number;
  ServiceName: string;
  /** String bodies as they are; any other AnyValue as JSON. */
  Body: string;
  ResourceSchemaUrl: string;
  ResourceAttributes: AttributeMap;
  ScopeSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: AttributeMap;
  LogAttributes: AttributeMap;
  EventName: string;
}

export interface ExemplarRow {
  FilteredAttributes: AttributeMap;
  TimeUnix: bigint;
  Value: number;
  SpanId: string;
  TraceId: string;
}

/** Columns every `otel_metrics_*` table has. */
export interface MetricRowBase {
  ResourceAttributes: AttributeMap;
  ResourceSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: AttributeMap;
  ScopeDroppedAttrCount: number;
  ScopeSchemaUrl: string;
  ServiceName: string;
  MetricName: string;
  MetricDescription: string;
  MetricUnit: string;
  Attributes: AttributeMap;
  StartTimeUnix: bigint;
  TimeUnix: bigint;
  Flags: number;
}

export interface GaugeRow extends MetricRowBase {
  Value: number;
  Exemplars: ExemplarRow[];
}

export interface SumRow extends MetricRowBase {
  Value: number;
  Exemplars: ExemplarRow[];
  /** 0 unspecified, 1 delta, 2 cumulative (the OTLP enum). */
  AggregationTemporality: number;
  IsMonotonic: boolean;
}

export interface HistogramRow extends MetricRowBase {
  Count: bigint;
  Sum: number;
  BucketCounts: bigint[];
  ExplicitBounds: number[];
  Exemplars: ExemplarRow[];
  Min: number;
  Max: number;
  AggregationTemporality: number;
}

export interface ExponentialHistogramRow extends MetricRowBase {
  Count: bigint;
  Sum: number;
  Scale: number;
  ZeroCount: bigint;
  PositiveOffset: number;
  PositiveBucketCounts: bigint[];
  NegativeOffset: number;
  NegativeBucketCounts: bigint[];
  Exemplars: ExemplarRow[];
  Min: number;
  Max: number;
  AggregationTemporality: number;
}

export interface SummaryRow extends MetricRowBase {
  Count: bigint;
  Sum: number;
  ValueAtQuantiles: { Quantile: number; Value: number }[];
}

export interface MetricRows {
  gauge: GaugeRow[];
  sum: SumRow[];
  histogram: HistogramRow[];
  exponentialHistogram: ExponentialHistogramRow[];
  summary: SummaryRow[];
}

/**
 * What a decoder returns: the accepted rows, plus the items it refused and why. Refused items
 * become an OTLP partial-success response; accepted rows are stored.
 */
export interface Decoded<Rows> {
  rows: Rows;
  rejected: number;
  /**
   * Distinct reasons for refusals, for the partial-success `error_message`. May also hold
   * warnings about accepted data (invalid UTF-8 stored with U+FFFD) while `rejected` is 0: OTLP
   * allows a partial success with zero rejected items to carry a warning.
   */
  errors: string[];
}
