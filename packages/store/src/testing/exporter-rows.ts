// Rows as the OpenTelemetry Collector ClickHouse exporter inserts them: the column lists of its
// INSERT statements (exporter/clickhouseexporter/internal/sqltemplates/*_insert.sql upstream),
// times as its driver sends them. Some rows are ten days old and some spans carry the enum
// strings exporters wrote before mid-2024.
import { sql } from "../sql.ts";
import type { ClickHouseTransport } from "../transport.ts";
import { insertRows, secs, ts } from "./exporter-tables.ts";

const DAY_MS = 86_400_000;
export const TRACE_RECENT = "5b8efff798038103d269b633813fc60c";
export const TRACE_OLD = "a1e6a0d1b2c3d4e5f60718293a4b5c6d";
export const TRACE_LEGACY = "c0ffee00c0ffee00c0ffee00c0ffee00";

/** Times of the rows, epoch ms: an hour ago, and ten days ago. */
export function rowTimes(now = Date.now()) {
  return { recent: now - 3_600_000, old: now - 10 * DAY_MS };
}

// Column lists of the exporter's INSERT statements.
const SPAN_COLUMNS = [
  "Timestamp",
  "TraceId",
  "SpanId",
  "ParentSpanId",
  "TraceState",
  "SpanName",
  "SpanKind",
  "ServiceName",
  "ResourceAttributes",
  "ScopeName",
  "ScopeVersion",
  "SpanAttributes",
  "Duration",
  "StatusCode",
  "StatusMessage",
  "Events.Timestamp",
  "Events.Name",
  "Events.Attributes",
  "Links.TraceId",
  "Links.SpanId",
  "Links.TraceState",
  "Links.Attributes",
];
const LOG_COLUMNS = [
  "Timestamp",
  "TraceId",
  "SpanId",
  "TraceFlags",
  "SeverityText",
  "SeverityNumber",
  "ServiceName",
  "Body",
  "ResourceSchemaUrl",
  "ResourceAttributes",
  "ScopeSchemaUrl",
  "ScopeName",
  "ScopeVersion",
  "ScopeAttributes",
  "LogAttributes",
];
const METRIC_HEAD = [
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
];
const EXEMPLAR_COLUMNS = [
  "Exemplars.FilteredAttributes",
  "Exemplars.TimeUnix",
  "Exemplars.Value",
  "Exemplars.SpanId",
  "Exemplars.TraceId",
];

interface SpanSpec {
  traceId: string;
  spanId: string;
  parent?: string;
  ms: number;
  kind: string;
  status: string;
  name: string;
  durationMs: number;
}

function spanRow(s: SpanSpec): object {
  return {
    Timestamp: ts(s.ms),
    TraceId: s.traceId,
    SpanId: s.spanId,
    ParentSpanId: s.parent ?? "",
    TraceState: "",
    SpanName: s.name,
    SpanKind: s.kind,
    ServiceName: "checkout",
    ResourceAttributes: { "service.name": "checkout", "k8s.pod.name": "checkout-0" },
    ScopeName: "io.opentelemetry.http",
    ScopeVersion: "1.0.0",
    // Where exporters without the ScopeName column put the scope (others have it twice, harmlessly).
    SpanAttributes: {
      "http.route": s.name.replace(/^GET /, ""),
      "otel.scope.name": "io.opentelemetry.http",
      "otel.scope.version": "1.0.0",
    },
    Duration: s.durationMs * 1_000_000,
    StatusCode: s.status,
    StatusMessage: s.status.endsWith("ERROR") || s.status === "Error" ? "boom" : "",
    "Events.Timestamp": [ts(s.ms + 1)],
    "Events.Name": ["checkpoint"],
    "Events.Attributes": [{ step: "1" }],
    "Links.TraceId": [],
    "Links.SpanId": [],
    "Links.TraceState": [],
    "Links.Attributes": [],
  };
}

function logRow(traceId: string, spanId: string, ms: number, body: string, severity: [string, number]): object {
  return {
    Timestamp: ts(ms),
    TraceId: traceId,
    SpanId: spanId,
    TraceFlags: 1,
    SeverityText: severity[0],
    SeverityNumber: severity[1],
    ServiceName: "checkout",
    Body: body,
    ResourceSchemaUrl: "",
    ResourceAttributes: { "service.name": "checkout" },
    ScopeSchemaUrl: "",
    ScopeName: "logger",
    ScopeVersion: "",
    ScopeAttributes: {},
    LogAttributes: { "code.function": "pay" },
  };
}

/** The metric times the layout stores: DateTime64(9) text, or whole seconds for DateTime. */
function metricHead(name: string, unit: string, ms: number, time: (ms: number) => string): object {
  return {
    ResourceAttributes: { "service.name": "checkout" },
    ResourceSchemaUrl: "",
    ScopeName: "meter",
    ScopeVersion: "",
    ScopeAttributes: {},
    ScopeDroppedAttrCount: 0,
    ScopeSchemaUrl: "",
    ServiceName: "checkout",
    MetricName: name,
    MetricDescription: "",
    MetricUnit: unit,
    Attributes: { route: "/pay" },
    StartTimeUnix: time(ms - 60_000),
    TimeUnix: time(ms),
  };
}

const exemplars = (traceId: string, spanId: string, ms: number, value: number, time: (ms: number) => string) => ({
  "Exemplars.FilteredAttributes": [{}],
  "Exemplars.TimeUnix": [time(ms)],
  "Exemplars.Value": [value],
  "Exemplars.SpanId": [spanId],
  "Exemplars.TraceId": [traceId],
});

/**
 * Spans (a recent trace with modern enum strings, a ten-day-old one, and a recent one with the
 * SPAN_KIND_* / STATUS_CODE_* strings of exporters before mid-2024), their logs, and points of
 * every metric type now and ten days ago.
 */
export async function insertExporterRows(t: ClickHouseTransport, now = Date.now()): Promise<void> {
  const { recent, old } = rowTimes(now);
  // [trace, span, parent, time, kind, status, name, duration ms]
  const spans: [string, string, string, number, string, string, string, number][] = [
    [TRACE_RECENT, "1000000000000001", "", recent, "Server", "Error", "GET /pay", 120],
    [TRACE_RECENT, "1000000000000002", "1000000000000001", recent + 5, "Client", "Unset", "GET /bank", 80],
    [TRACE_OLD, "2000000000000001", "", old, "Server", "Ok", "GET /pay", 90],
    [TRACE_LEGACY, "3000000000000001", "", recent + 60_000, "SPAN_KIND_SERVER", "STATUS_CODE_ERROR", "GET /pay", 300],
    [
      TRACE_LEGACY,
      "3000000000000002",
      "3000000000000001",
      recent + 60_010,
      "SPAN_KIND_CLIENT",
      "STATUS_CODE_UNSET",
      "GET /bank",
      200,
    ],
  ];
  await insertRows(
    t,
    "otel_traces",
    SPAN_COLUMNS,
    spans.map(([traceId, spanId, parent, ms, kind, status, name, durationMs]) =>
      spanRow({ traceId, spanId, parent, ms, kind, status, name, durationMs }),
    ),
  );
  await insertRows(t, "otel_logs", LOG_COLUMNS, [
    logRow(TRACE_RECENT, "1000000000000001", recent + 1, "Payment declined by Bank", ["ERROR", 17]),
    logRow(TRACE_OLD, "2000000000000001", old + 1, "payment accepted", ["INFO", 9]),
    logRow(TRACE_LEGACY, "3000000000000001", recent + 60_001, "payment timed out", ["ERROR", 17]),
  ]);
  const [timeUnix] = await t.query<{ type: string }>(
    sql`SELECT type FROM system.columns WHERE database = currentDatabase() AND table = 'otel_metrics_gauge' AND name = 'TimeUnix'`,
  );
  const time = timeUnix?.type === "DateTime" ? secs : ts;
  for (const ms of [recent, old]) {
    const ex = exemplars(ms === recent ? TRACE_RECENT : TRACE_OLD, "1000000000000001", ms, 0.12, time);
    await insertRows(
      t,
      "otel_metrics_gauge",
      [...METRIC_HEAD, "Value", "Flags", ...EXEMPLAR_COLUMNS],
      [{ ...metricHead("queue.depth", "{item}", ms, time), Value: 7, Flags: 0, ...ex }],
    );
    await insertRows(
      t,
      "otel_metrics_sum",
      [...METRIC_HEAD, "Value", "Flags", ...EXEMPLAR_COLUMNS, "AggregationTemporality", "IsMonotonic"],
      [
        {
          ...metricHead("payments", "{payment}", ms, time),
          Value: 42,
          Flags: 0,
          ...ex,
          AggregationTemporality: 2,
          IsMonotonic: true,
        },
      ],
    );
    await insertRows(
      t,
      "otel_metrics_histogram",
      [
        ...METRIC_HEAD,
        "Count",
        "Sum",
        "BucketCounts",
        "ExplicitBounds",
        ...EXEMPLAR_COLUMNS,
        "Flags",
        "Min",
        "Max",
        "AggregationTemporality",
      ],
      [
        {
          ...metricHead("pay.duration", "s", ms, time),
          Count: 4,
          Sum: 0.6,
          BucketCounts: [1, 2, 1],
          ExplicitBounds: [0.1, 0.2],
          ...ex,
          Flags: 0,
          Min: 0.05,
          Max: 0.3,
          AggregationTemporality: 2,
        },
      ],
    );
    await insertRows(
      t,
      "otel_metrics_exponential_histogram",
      [
        ...METRIC_HEAD,
        "Count",
        "Sum",
        "Scale",
        "ZeroCount",
        "PositiveOffset",
        "PositiveBucketCounts",
        "NegativeOffset",
        "NegativeBucketCounts",
        ...EXEMPLAR_COLUMNS,
        "Flags",
        "Min",
        "Max",
        "AggregationTemporality",
      ],
      [
        {
          ...metricHead("pay.size", "By", ms, time),
          Count: 3,
          Sum: 30,
          Scale: 0,
          ZeroCount: 0,
          PositiveOffset: 2,
          PositiveBucketCounts: [1, 2],
          NegativeOffset: 0,
          NegativeBucketCounts: [],
          ...ex,
          Flags: 0,
          Min: 5,
          Max: 15,
          AggregationTemporality: 2,
        },
      ],
    );
    await insertRows(
      t,
      "otel_metrics_summary",
      [...METRIC_HEAD, "Count", "Sum", "ValueAtQuantiles.Quantile", "ValueAtQuantiles.Value", "Flags"],
      [
        {
          ...metricHead("gc.pause", "ms", ms, time),
          Count: 10,
          Sum: 50,
          "ValueAtQuantiles.Quantile": [0.5, 0.99],
          "ValueAtQuantiles.Value": [4, 12],
          Flags: 0,
        },
      ],
    );
  }
}
