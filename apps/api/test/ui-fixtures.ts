// Rows added to query-fixtures.ts for the UI endpoints' tests: a service with only client
// spans, logs of every severity range, and metric series whose attribute values can be
// ranked by hand.
import type { GaugeRow, LogRow, MetricRowBase, SpanRow, SummaryRow } from "@tracelight/otlp";
import { MS, ns, T0 } from "./query-fixtures.ts";

export const TRACE_GATEWAY = "9".repeat(32);

// "gateway" (minute 1) has one client span with a parent: no rollup row, still a service.
export const uiSpans: SpanRow[] = [
  {
    Timestamp: ns(T0 + 65_000),
    TraceId: TRACE_GATEWAY,
    SpanId: "9000000000000002",
    ParentSpanId: "9000000000000001",
    TraceState: "",
    SpanName: "GET upstream",
    SpanKind: "Client",
    ServiceName: "gateway",
    ResourceAttributes: { "service.name": "gateway" },
    ScopeName: "test",
    ScopeVersion: "",
    SpanAttributes: {},
    Duration: 30n * MS,
    StatusCode: "Unset",
    StatusMessage: "",
    Events: [],
    Links: [],
  },
];

const log = (timeMs: number, service: string, severityNumber: number, text: string, body: string): LogRow => ({
  Timestamp: ns(timeMs),
  TraceId: "",
  SpanId: "",
  TraceFlags: 0,
  SeverityText: text,
  SeverityNumber: severityNumber,
  ServiceName: service,
  Body: body,
  ResourceSchemaUrl: "",
  ResourceAttributes: { "service.name": service },
  ScopeSchemaUrl: "",
  ScopeName: "test",
  ScopeVersion: "",
  ScopeAttributes: {},
  LogAttributes: {},
  EventName: "",
});

// With query-fixtures' logs, minute by minute from T0: minute 0 has INFO 3, DEBUG 1, WARN 1,
// ERROR 1 and the UNSPECIFIED one below; minute 1 FATAL 1 and TRACE 1; minute 4 INFO 1.
export const uiLogs: LogRow[] = [
  log(T0 + 50_000, "worker", 0, "", "no severity at all"),
  log(T0 + 70_000, "cart", 21, "FATAL", "disk full on cart db"),
  log(T0 + 75_000, "cart", 2, "TRACE", "trace detail of cart"),
];

function base(name: string, service: string, resource: Record<string, string>, attributes: Record<string, string>) {
  return {
    ResourceAttributes: { "service.name": service, ...resource },
    ResourceSchemaUrl: "",
    ScopeName: "test",
    ScopeVersion: "",
    ScopeAttributes: {},
    ScopeDroppedAttrCount: 0,
    ScopeSchemaUrl: "",
    ServiceName: service,
    MetricName: name,
    MetricDescription: "",
    MetricUnit: "1",
    Attributes: attributes,
    StartTimeUnix: ns(T0),
    TimeUnix: ns(T0 + 5_000),
    Flags: 0,
  } satisfies MetricRowBase;
}

const shard = (i: number) => `s${String(i).padStart(2, "0")}`;

// "queue.depth" (gauge): 25 series with shards s00…s24, plus two more hosts on s24, so s24
// is in 3 series (first), the others in 1 each (then by value: s00…s18, 20 values in all).
// One series says env=canary on the point and env=prod on the resource: the point's wins.
export const uiGauges: GaugeRow[] = [
  ...Array.from({ length: 25 }, (_, i) => ({
    ...base("queue.depth", "broker", { "host.name": "h1" }, { shard: shard(i) }),
    Value: i,
    Exemplars: [],
  })),
  ...["h2", "h3"].map((host) => ({
    ...base("queue.depth", "broker", { "host.name": host }, { shard: "s24" }),
    Value: 1,
    Exemplars: [],
  })),
  { ...base("queue.depth", "broker", { env: "prod" }, { env: "canary" }), Value: 0, Exemplars: [] },
  // Outside the range of the tests (a day earlier): its host is never listed.
  {
    ...base("queue.depth", "broker", { "host.name": "h-old" }, { shard: "s00" }),
    TimeUnix: ns(T0 - 86_400_000),
    Value: 0,
    Exemplars: [],
  },
];

// "rpc.latency" (summary): method get in two services, put in one.
export const uiSummaries: SummaryRow[] = [
  { ...base("rpc.latency", "a", {}, { method: "get" }), Count: 1n, Sum: 1, ValueAtQuantiles: [] },
  { ...base("rpc.latency", "b", {}, { method: "get" }), Count: 1n, Sum: 1, ValueAtQuantiles: [] },
  { ...base("rpc.latency", "b", {}, { method: "put" }), Count: 1n, Sum: 1, ValueAtQuantiles: [] },
];
