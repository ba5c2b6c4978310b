// The three OTLP signals as data: how each is decoded, counted and encoded to Native blocks,
// plus the names its OTLP response uses. Everything signal-specific lives here.

import type { Decoded, LogRow, MetricRowBase, MetricRows, SpanRow } from "@tracelight/otlp";
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
  /** What the response calls its items, e.g. "log records". */
  items: string;
  decode(body: Uint8Array, encoding: Encoding): Decoded<Rows>;
  count(rows: Rows): number;
  /** What the time that decides an item's fate (time-window.ts) is called, e.g. "start time". */
  timeName: string;
  /** The rows whose deciding time (unix ns) `accepts` takes. */
  keep(rows: Rows, accepts: (timeNs: bigint) => boolean): Rows;
  /** The rows as Native blocks (one per table), which is what waits in the queue. */
  encode(rows: Rows): EncodedRows[];
}

const traces: SignalSpec<SpanRow[]> = {
  signal: "traces",
  grpcService: "opentelemetry.proto.collector.trace.v1.TraceService",
  rejectedField: "rejectedSpans",
  items: "spans",
  decode: decodeTraces,
  count: (rows) => rows.length,
  timeName: "start time",
  keep: (rows, accepts) => rows.filter((r) => accepts(r.Timestamp)),
  encode: (rows) => [encodeSpans(rows)],
};

const logs: SignalSpec<LogRow[]> = {
  signal: "logs",
  grpcService: "opentelemetry.proto.collector.logs.v1.LogsService",
  rejectedField: "rejectedLogRecords",
  items: "log records",
  decode: decodeLogs,
  count: (rows) => rows.length,
  // The decoder already fell back to the observed time where the record's own is 0, as OTLP allows.
  timeName: "time",
  keep: (rows, accepts) => rows.filter((r) => accepts(r.Timestamp)),
  encode: (rows) => [encodeLogs(rows)],
};

const metrics: SignalSpec<MetricRows> = {
  signal: "metrics",
  grpcService: "opentelemetry.proto.collector.metrics.v1.MetricsService",
  rejectedField: "rejectedDataPoints",
  items: "data points",
  decode: decodeMetrics,
  count: (m) => m.gauge.length + m.sum.length + m.histogram.length + m.exponentialHistogram.length + m.summary.length,
  timeName: "time",
  keep(m, accepts) {
    const kept = <Row extends MetricRowBase>(rows: Row[]) => rows.filter((r) => accepts(r.TimeUnix));
    return {
      gauge: kept(m.gauge),
      sum: kept(m.sum),
      histogram: kept(m.histogram),
      exponentialHistogram: kept(m.exponentialHistogram),
      summary: kept(m.summary),
    };
  },
  encode: encodeMetrics,
};

export const SIGNAL_SPECS = { traces, logs, metrics } as const;
