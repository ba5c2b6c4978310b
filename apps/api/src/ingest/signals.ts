// The three OTLP signals as data: how each is decoded, counted, merged into one batch and
// written, plus the names its OTLP response uses. Everything signal-specific lives here.

import type { Decoded, LogRow, MetricRows, SpanRow } from "@tracelight/otlp";
import { decodeLogs, decodeMetrics, decodeTraces } from "@tracelight/otlp";

export type Signal = "traces" | "logs" | "metrics";
export const SIGNALS: readonly Signal[] = ["traces", "logs", "metrics"];
export type Encoding = "protobuf" | "json";

/** The writes ingest needs; `TelemetryWriter` from @tracelight/store provides them. */
export interface RowWriter {
  insertSpans(rows: SpanRow[]): Promise<void>;
  insertLogs(rows: LogRow[]): Promise<void>;
  insertMetrics(rows: MetricRows): Promise<void>;
}

export interface SignalSpec<Rows> {
  signal: Signal;
  /** gRPC service, e.g. opentelemetry.proto.collector.trace.v1.TraceService. */
  grpcService: string;
  /** Field of the partial-success message counting refused items (proto3 JSON name). */
  rejectedField: "rejectedSpans" | "rejectedLogRecords" | "rejectedDataPoints";
  decode(body: Uint8Array, encoding: Encoding): Decoded<Rows>;
  count(rows: Rows): number;
  merge(parts: Rows[]): Rows;
  write(writer: RowWriter, rows: Rows): Promise<void>;
}

const concat = <T>(parts: T[][]): T[] => ([] as T[]).concat(...parts);

const traces: SignalSpec<SpanRow[]> = {
  signal: "traces",
  grpcService: "opentelemetry.proto.collector.trace.v1.TraceService",
  rejectedField: "rejectedSpans",
  decode: decodeTraces,
  count: (rows) => rows.length,
  merge: concat,
  write: (writer, rows) => writer.insertSpans(rows),
};

const logs: SignalSpec<LogRow[]> = {
  signal: "logs",
  grpcService: "opentelemetry.proto.collector.logs.v1.LogsService",
  rejectedField: "rejectedLogRecords",
  decode: decodeLogs,
  count: (rows) => rows.length,
  merge: concat,
  write: (writer, rows) => writer.insertLogs(rows),
};

const metrics: SignalSpec<MetricRows> = {
  signal: "metrics",
  grpcService: "opentelemetry.proto.collector.metrics.v1.MetricsService",
  rejectedField: "rejectedDataPoints",
  decode: decodeMetrics,
  count: (m) => m.gauge.length + m.sum.length + m.histogram.length + m.exponentialHistogram.length + m.summary.length,
  merge: (parts) => ({
    gauge: concat(parts.map((p) => p.gauge)),
    sum: concat(parts.map((p) => p.sum)),
    histogram: concat(parts.map((p) => p.histogram)),
    exponentialHistogram: concat(parts.map((p) => p.exponentialHistogram)),
    summary: concat(parts.map((p) => p.summary)),
  }),
  write: (writer, rows) => writer.insertMetrics(rows),
};

export const SIGNAL_SPECS = { traces, logs, metrics } as const;
