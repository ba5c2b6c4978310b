// Known telemetry for the query API tests: a few traces, logs and metric series whose
// expected answers can be worked out by hand (see the comments next to each value).
import type {
  ExponentialHistogramRow,
  GaugeRow,
  HistogramRow,
  LogRow,
  MetricRowBase,
  MetricRows,
  SpanRow,
  SumRow,
} from "@tracelight/otlp";

/** Base instant: a whole hour two hours ago (recent, so TTLs keep it; aligned to every step). */
export const T0 = Math.floor((Date.now() - 2 * 3_600_000) / 3_600_000) * 3_600_000;
export const ns = (ms: number, extraNs = 0n) => BigInt(ms) * 1_000_000n + extraNs;
export const MS = 1_000_000n;

export const TRACE_A = "a".repeat(32);
export const TRACE_B = "b".repeat(32);
export const TRACE_C = "c".repeat(32);
export const TRACE_OLD = "d".repeat(32);
export const TRACE_LOGS_ONLY = "e".repeat(32);
export const TRACE_BIG = "f0".repeat(16);
export const TRACE_SMALL = "f1".repeat(16);

function span(s: Partial<SpanRow> & Pick<SpanRow, "TraceId" | "SpanId" | "SpanName" | "ServiceName">): SpanRow {
  return {
    Timestamp: ns(T0),
    ParentSpanId: "",
    TraceState: "",
    SpanKind: "Internal",
    ResourceAttributes: { "service.name": s.ServiceName, "host.name": "h2" },
    ScopeName: "test",
    ScopeVersion: "1.0.0",
    SpanAttributes: {},
    Duration: 1n * MS,
    StatusCode: "Unset",
    StatusMessage: "",
    Events: [],
    Links: [],
    ...s,
  };
}

// Trace A (minute 0): frontend root 250 ms → cart client 100 ms, payment server 120 ms (error).
export const spans: SpanRow[] = [
  span({
    TraceId: TRACE_A,
    SpanId: "a000000000000001",
    SpanName: "GET /checkout",
    ServiceName: "frontend",
    SpanKind: "Server",
    Timestamp: ns(T0 + 1000, 123n),
    Duration: 250n * MS,
    StatusCode: "Ok",
    SpanAttributes: { "http.route": "/checkout", "http.method": "GET" },
    ResourceAttributes: { "service.name": "frontend", "host.name": "h1" },
  }),
  span({
    TraceId: TRACE_A,
    SpanId: "a000000000000002",
    ParentSpanId: "a000000000000001",
    SpanName: "cart.get",
    ServiceName: "cart",
    SpanKind: "Client",
    Timestamp: ns(T0 + 1010, 456n),
    Duration: 100n * MS,
    ResourceAttributes: { "service.name": "cart", "host.name": "h1" },
    Events: [
      { Timestamp: ns(T0 + 1020, 7n), Name: "cache.miss", Attributes: { key: "cart:42" } },
      { Timestamp: ns(T0 + 1090), Name: "loaded", Attributes: {} },
    ],
    Links: [
      { TraceId: TRACE_B, SpanId: "b000000000000001", TraceState: "x=1", Attributes: { "link.kind": "follows" } },
    ],
  }),
  span({
    TraceId: TRACE_A,
    SpanId: "a000000000000003",
    ParentSpanId: "a000000000000001",
    SpanName: "charge",
    ServiceName: "payment",
    SpanKind: "Server",
    Timestamp: ns(T0 + 1100),
    Duration: 120n * MS,
    StatusCode: "Error",
    StatusMessage: "card declined",
    SpanAttributes: { "payment.method": "card" },
    ResourceAttributes: { "service.name": "payment", "host.name": "h1" },
  }),
  // Trace B (minute 1): one frontend root, 50 ms.
  span({
    TraceId: TRACE_B,
    SpanId: "b000000000000001",
    SpanName: "GET /home",
    ServiceName: "frontend",
    SpanKind: "Server",
    Timestamp: ns(T0 + 61_000),
    Duration: 50n * MS,
    SpanAttributes: { "http.route": "/home" },
  }),
  // Trace C (minute 2): a cart consumer root, 2 s, error.
  span({
    TraceId: TRACE_C,
    SpanId: "c000000000000001",
    SpanName: "ProcessQueue",
    ServiceName: "cart",
    SpanKind: "Consumer",
    Timestamp: ns(T0 + 121_000),
    Duration: 2000n * MS,
    StatusCode: "Error",
  }),
  // Minutes 21–26, service "bulk": a 150-span trace newer than a 1-span one, so a search with
  // limit 2 finds one trace in its newest 100 spans and must fall back to the exact search.
  span({
    TraceId: TRACE_SMALL,
    SpanId: "f100000000000001",
    SpanName: "small",
    ServiceName: "bulk",
    Timestamp: ns(T0 + 21 * 60_000),
  }),
  ...Array.from({ length: 150 }, (_, i) =>
    span({
      TraceId: TRACE_BIG,
      SpanId: `f0${String(i).padStart(14, "0")}`,
      ParentSpanId: i === 0 ? "" : "f000000000000000",
      SpanName: "big",
      ServiceName: "bulk",
      Timestamp: ns(T0 + 25 * 60_000 + i),
    }),
  ),
  // An old trace, a day earlier: outside every default range, still found by ID.
  span({
    TraceId: TRACE_OLD,
    SpanId: "d000000000000001",
    SpanName: "old",
    ServiceName: "frontend",
    Timestamp: ns(T0 - 86_400_000),
    Duration: 5n * MS,
  }),
];

function log(l: Partial<LogRow> & Pick<LogRow, "Timestamp" | "Body" | "ServiceName">): LogRow {
  return {
    TraceId: "",
    SpanId: "",
    TraceFlags: 0,
    SeverityText: "INFO",
    SeverityNumber: 9,
    ResourceSchemaUrl: "",
    ResourceAttributes: { "service.name": l.ServiceName },
    ScopeSchemaUrl: "",
    ScopeName: "test",
    ScopeVersion: "",
    ScopeAttributes: {},
    LogAttributes: {},
    EventName: "",
    ...l,
  };
}

export const logs: LogRow[] = [
  log({
    Timestamp: ns(T0 + 1005),
    Body: "checkout started for user 42",
    ServiceName: "frontend",
    TraceId: TRACE_A,
    SpanId: "a000000000000001",
  }),
  log({
    Timestamp: ns(T0 + 1105, 9n),
    Body: "Payment failed: card DECLINED",
    ServiceName: "payment",
    TraceId: TRACE_A,
    SpanId: "a000000000000003",
    SeverityText: "ERROR",
    SeverityNumber: 17,
    LogAttributes: { "payment.method": "card" },
  }),
  log({
    Timestamp: ns(T0 + 1300),
    Body: "cache miss",
    ServiceName: "cart",
    TraceId: TRACE_A,
    SeverityText: "DEBUG",
    SeverityNumber: 5,
  }),
  // Within the 5-minute padding after trace A, and outside it.
  log({ Timestamp: ns(T0 + 1000 + 4 * 60_000), Body: "late retry", ServiceName: "frontend", TraceId: TRACE_A }),
  log({ Timestamp: ns(T0 + 1000 + 10 * 60_000), Body: "much later", ServiceName: "frontend", TraceId: TRACE_A }),
  // A trace that only has logs.
  log({ Timestamp: ns(T0 + 30_000), Body: "job queued", ServiceName: "worker", TraceId: TRACE_LOGS_ONLY }),
  log({ Timestamp: ns(T0 + 31_000), Body: "job done", ServiceName: "worker", TraceId: TRACE_LOGS_ONLY }),
  log({
    Timestamp: ns(T0 + 40_000),
    Body: "timeout connecting to db",
    ServiceName: "cart",
    SeverityText: "WARN",
    SeverityNumber: 13,
    LogAttributes: { "db.system": "postgres" },
  }),
];

function base(
  name: string,
  service: string,
  attributes: Record<string, string>,
  timeMs: number,
  startMs: number,
): MetricRowBase {
  return {
    ResourceAttributes: { "service.name": service },
    ResourceSchemaUrl: "",
    ScopeName: "test",
    ScopeVersion: "",
    ScopeAttributes: {},
    ScopeDroppedAttrCount: 0,
    ScopeSchemaUrl: "",
    ServiceName: service,
    MetricName: name,
    MetricDescription: `${name} description`,
    MetricUnit: name === "system.cpu.utilization" ? "1" : name === "http.requests" ? "{request}" : "ms",
    Attributes: attributes,
    StartTimeUnix: ns(startMs),
    TimeUnix: ns(timeMs),
    Flags: 0,
  };
}

// Gauge, step 30 s: cpu 0 = 0.1 0.3 | 0.5 0.7 ; cpu 1 = 0.2 0.2 | 0.2 0.2 (points every 15 s).
const gauge: GaugeRow[] = [
  ...[0.1, 0.3, 0.5, 0.7].map((v, i) => ({
    ...base("system.cpu.utilization", "node", { cpu: "0" }, T0 + i * 15_000, T0),
    Value: v,
    Exemplars: [],
  })),
  ...[0.2, 0.2, 0.2, 0.2].map((v, i) => ({
    ...base("system.cpu.utilization", "node", { cpu: "1" }, T0 + i * 15_000, T0),
    Value: v,
    Exemplars: [],
  })),
];

// Cumulative counter route=/a: 100 (baseline, before T0), 110, 130 | 190, 10 (reset, started at
// T0+85s) | 40. Deltas per 60 s bucket: 10+20=30 | 60+10=70 | 30. Delta counter route=/b: 5 | 7.
const sumPoint = (attrs: Record<string, string>, t: number, v: number, temporality: number, start: number): SumRow => ({
  ...base("http.requests", "api", attrs, t, start),
  Value: v,
  Exemplars: [],
  AggregationTemporality: temporality,
  IsMonotonic: true,
});
const sum: SumRow[] = [
  sumPoint({ route: "/a" }, T0 - 60_000, 100, 2, T0 - 120_000),
  sumPoint({ route: "/a" }, T0, 110, 2, T0 - 120_000),
  sumPoint({ route: "/a" }, T0 + 30_000, 130, 2, T0 - 120_000),
  sumPoint({ route: "/a" }, T0 + 60_000, 190, 2, T0 - 120_000),
  sumPoint({ route: "/a" }, T0 + 90_000, 10, 2, T0 + 85_000),
  sumPoint({ route: "/a" }, T0 + 120_000, 40, 2, T0 + 85_000),
  sumPoint({ route: "/b" }, T0 + 10_000, 5, 1, T0),
  sumPoint({ route: "/b" }, T0 + 70_000, 7, 1, T0 + 60_000),
];

// Histogram, bounds [10, 50, 100, 500]. route=/a cumulative: zero baseline at T0-30s, then
// [10,20,30,30,10] at T0+30s (count 100, sum 10000), [10,20,80,80,10] at T0+90s (count 200,
// sum 25000). Per 60 s bucket: b0 deltas [10,20,30,30,10] → p99 in overflow = 500, p50 = 50 +
// 50·20/30; b1 deltas [0,0,50,50,0] → p99 = 100 + 400·49/50 = 492, p50 = 100; avg b0 100, b1 150.
// route=/b delta: [100,0,0,0,0] at T0+45s → p99 = 10·99/100 = 9.9.
const BOUNDS = [10, 50, 100, 500];
const histPoint = (
  attrs: Record<string, string>,
  t: number,
  counts: number[],
  total: number,
  s: number,
  temporality: number,
  exemplars: HistogramRow["Exemplars"] = [],
): HistogramRow => ({
  ...base("http.server.duration", "api", attrs, t, T0 - 60_000),
  Count: BigInt(total),
  Sum: s,
  BucketCounts: counts.map(BigInt),
  ExplicitBounds: BOUNDS,
  Exemplars: exemplars,
  Min: 1,
  Max: 900,
  AggregationTemporality: temporality,
});
const histogram: HistogramRow[] = [
  histPoint({ route: "/a" }, T0 - 30_000, [0, 0, 0, 0, 0], 0, 0, 2),
  histPoint({ route: "/a" }, T0 + 30_000, [10, 20, 30, 30, 10], 100, 10_000, 2, [
    {
      FilteredAttributes: { "http.method": "GET" },
      TimeUnix: ns(T0 + 29_000),
      Value: 480,
      TraceId: TRACE_A,
      SpanId: "a000000000000001",
    },
  ]),
  histPoint({ route: "/a" }, T0 + 90_000, [10, 20, 80, 80, 10], 200, 25_000, 2, [
    { FilteredAttributes: {}, TimeUnix: ns(T0 + 89_000), Value: 20, TraceId: TRACE_B, SpanId: "b000000000000001" },
  ]),
  histPoint({ route: "/b" }, T0 + 45_000, [100, 0, 0, 0, 0], 100, 300, 1),
];

// Exponential histogram, delta: 4 observations summing to 20 at T0+10s → avg 5, count 4.
const exponentialHistogram: ExponentialHistogramRow[] = [
  {
    ...base("rpc.duration", "api", {}, T0 + 10_000, T0),
    Count: 4n,
    Sum: 20,
    Scale: 0,
    ZeroCount: 0n,
    PositiveOffset: 1,
    PositiveBucketCounts: [1n, 3n],
    NegativeOffset: 0,
    NegativeBucketCounts: [],
    Exemplars: [],
    Min: 2,
    Max: 8,
    AggregationTemporality: 1,
  },
];

export const metrics: MetricRows = { gauge, sum, histogram, exponentialHistogram, summary: [] };
