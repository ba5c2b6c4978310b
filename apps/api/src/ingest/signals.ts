// The three OTLP signals as data: how each is decoded, counted and encoded to Native blocks,
// plus the names its OTLP response uses. Everything signal-specific lives here.

import type { Decoded, ExemplarRow, LogRow, MetricRowBase, MetricRows, SpanRow } from "@tracelight/otlp";
import { decodeLogs, decodeMetrics, decodeTraces } from "@tracelight/otlp";
import {
  type DirectTimeWindow,
  type EncodedRows,
  encodeLogs,
  encodeLogsFromOtlp,
  encodeMetrics,
  encodeSpans,
  encodeSpansFromOtlp,
} from "@tracelight/store";
import type { TimeWindow } from "./time-window.ts";

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
  /** The rows `window` accepts by their times (time-window.ts), their sub-field times mended. */
  keep(rows: Rows, window: TimeWindow): Rows;
  /** The rows as Native blocks (one per table), which is what waits in the queue. */
  encode(rows: Rows): EncodedRows[];
  /**
   * A protobuf request straight to its Native block, without rows, when every item is stored
   * as decode → keep → encode would store it; undefined otherwise (then that path runs).
   */
  direct?(body: Uint8Array, window: DirectTimeWindow): EncodedRows | undefined;
}

const traces: SignalSpec<SpanRow[]> = {
  signal: "traces",
  grpcService: "opentelemetry.proto.collector.trace.v1.TraceService",
  rejectedField: "rejectedSpans",
  items: "spans",
  decode: decodeTraces,
  count: (rows) => rows.length,
  timeName: "start time",
  keep: (rows, window) => {
    // A span ending past the future limit is refused as one starting there would be: its
    // Duration would rank it first in every search by duration. One ending before its start
    // has Duration 0 (the decoders' clamp). An event outside the window is kept at its span's
    // start: an exception's message and stack outweigh its time, which was wrong anyway.
    const kept = rows.filter(
      (r) => window.accepts(r.Timestamp) && window.acceptsAs(r.Timestamp + r.Duration, "end time"),
    );
    for (const span of kept) {
      for (const event of span.Events) {
        if (window.within(event.Timestamp)) continue;
        event.Timestamp = span.Timestamp;
        window.mend("span events with a time {window} stored at their span's start");
      }
    }
    return kept;
  },
  encode: (rows) => [encodeSpans(rows)],
  direct: encodeSpansFromOtlp,
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
  // The observed time is not stored beside it: only the deciding time matters.
  keep: (rows, window) => rows.filter((r) => window.accepts(r.Timestamp)),
  encode: (rows) => [encodeLogs(rows)],
  direct: encodeLogsFromOtlp,
};

const metrics: SignalSpec<MetricRows> = {
  signal: "metrics",
  grpcService: "opentelemetry.proto.collector.metrics.v1.MetricsService",
  rejectedField: "rejectedDataPoints",
  items: "data points",
  decode: decodeMetrics,
  count: (m) => m.gauge.length + m.sum.length + m.histogram.length + m.exponentialHistogram.length + m.summary.length,
  timeName: "time",
  keep(m, window) {
    // A start time outside the window or after the point's own time becomes 0, OTLP's "unknown"
    // (rates then do not count from it, as they would not from such a start). An exemplar
    // outside the window is dropped: its point stands without it.
    const kept = <Row extends MetricRowBase & { Exemplars?: ExemplarRow[] }>(rows: Row[]) =>
      rows.filter((r) => {
        if (!window.accepts(r.TimeUnix)) return false;
        if (r.StartTimeUnix !== 0n && (!window.within(r.StartTimeUnix) || r.StartTimeUnix > r.TimeUnix)) {
          r.StartTimeUnix = 0n;
          window.mend("data points with a start time {window} or after their time stored with start time 0 (unknown)");
        }
        if (r.Exemplars?.some((e) => !window.within(e.TimeUnix))) {
          r.Exemplars = r.Exemplars.filter((e) => {
            if (window.within(e.TimeUnix)) return true;
            window.mend("exemplars with a time {window} dropped (their data points stored)");
            return false;
          });
        }
        return true;
      });
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
