// The three OTLP signals as data: how each is decoded, counted and encoded to Native blocks,
// plus the names its OTLP response uses. Everything signal-specific lives here.

import type { Decoded, LogRow, MetricRows, SpanRow } from "@tracelight/otlp";
import { decodeLogs, decodeMetrics, decodeTraces } from "@tracelight/otlp";
import { type EncodedRows, encodeLogs, encodeMetrics, encodeSpans } from "@tracelight/store";

export type Signal = "traces" | "logs" | "metrics";
export const SIGNALS: readonly Signal[] = ["traces", "logs", "metrics"];
export type Encoding = "protobuf" | "json";

/** The write ingest needs; `TelemetryWriter` from @tracelight/store provides it. */
export interface BlockWriter {
  /** Stores Native blocks of any tables; resolves once every row is durable. */
  insertEncoded(blocks: readonly EncodedRows[]): Promise<void>;
}

export interface SignalSpec<Rows> {
  signal: Signal;
  /** gRPC service, e.g. opentelemetry.proto.collector.trace.v1.TraceService. */
  grpcService: string;
  /** Field of the partial-success message counting refused items (proto3 JSON name). */
  rejectedField: "rejectedSpans" | "rejectedLogRecords" | "rejectedDataPoints";
  decode(body: Uint8Array, encoding: Encoding): Decoded<Rows>;
  count(rows: Rows): number;
  /** The rows as Native blocks (one per table), which is what waits in the queue. */
  encode(rows: Rows): EncodedRows[];
}

const traces: SignalSpec<SpanRow[]> = {
  signal: "traces",
  grpcService: "opentelemetry.proto.collector.trace.v1.TraceService",
  rejectedField: "rejectedSpans",
  decode: decodeTraces,
  count: (rows) => rows.length,
  encode: (rows) => [encodeSpans(rows)],
};

const logs: SignalSpec<LogRow[]> = {
  signal: "logs",
  grpcService: "opentelemetry.proto.collector.logs.v1.LogsService",
  rejectedField: "rejectedLogRecords",
  decode: decodeLogs,
  count: (rows) => rows.length,
  encode: (rows) => [encodeLogs(rows)],
};

const metrics: SignalSpec<MetricRows> = {
  signal: "metrics",
  grpcService: "opentelemetry.proto.collector.metrics.v1.MetricsService",
  rejectedField: "rejectedDataPoints",
  decode: decodeMetrics,
  count: (m) => m.gauge.length + m.sum.length + m.histogram.length + m.exponentialHistogram.length + m.summary.length,
  encode: encodeMetrics,
};

export const SIGNAL_SPECS = { traces, logs, metrics } as const;
