// Rows with awkward values (newlines, NUL, quotes, unicode, empty maps and arrays, 64-bit
// nanosecond timestamps) for round-trip tests of every table.
import type {
  ExponentialHistogramRow,
  GaugeRow,
  HistogramRow,
  LogRow,
  MetricRowBase,
  SpanRow,
  SummaryRow,
  SumRow,
} from "@tracelight/otlp";

export const NASTY = "line1\nline2\0nul 'single' \"double\" back\\slash tab\t é 漢字 🚀";
export const LONG = `${"x".repeat(200)} ü ${"y".repeat(300)}`;
// Recent (an hour ago): rows older than the TTL are dropped at insert. Nanoseconds, beyond 2^53.
export const T0 = BigInt(Date.now() - 3_600_000) * 1_000_000n + 123_456_789n;

export function span(overrides: Partial<SpanRow> = {}): SpanRow {
  return {
    Timestamp: T0,
    TraceId: "0af7651916cd43dd8448eb211c80319c",
    SpanId: "b7ad6b7169203331",
    ParentSpanId: "",
    TraceState: "rojo=00f067aa0ba902b7",
    SpanName: "GET /api/cart/:id",
    SpanKind: "Server",
    ServiceName: "cart",
    ResourceAttributes: { "service.name": "cart", "host.name": NASTY },
    ScopeName: "@opentelemetry/instrumentation-http",
    ScopeVersion: "0.223.1",
    SpanAttributes: { "http.route": "/api/cart/:id", "http.response.status_code": "200", long: LONG, [NASTY]: "key" },
    Duration: 12_345_678_901n,
    StatusCode: "Unset",
    StatusMessage: NASTY,
    Events: [
      { Timestamp: T0 + 1n, Name: "exception", Attributes: { "exception.message": NASTY } },
      { Timestamp: T0 + 2n, Name: "empty", Attributes: {} },
    ],
    Links: [
      {
        TraceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        SpanId: "00f067aa0ba902b7",
        TraceState: "",
        Attributes: { a: "b" },
      },
    ],
    ...overrides,
  };
}

export function log(overrides: Partial<LogRow> = {}): LogRow {
  return {
    Timestamp: T0,
    TraceId: "0af7651916cd43dd8448eb211c80319c",
    SpanId: "b7ad6b7169203331",
    TraceFlags: 1,
    SeverityText: "ERROR",
    SeverityNumber: 17,
    ServiceName: "cart",
    Body: NASTY,
    ResourceSchemaUrl: "https://opentelemetry.io/schemas/1.26.0",
    ResourceAttributes: { "service.name": "cart" },
    ScopeSchemaUrl: "",
    ScopeName: "logger",
    ScopeVersion: "1.0",
    ScopeAttributes: {},
    LogAttributes: { "code.lineno": "42", quote: "it's" },
    EventName: "cart.loaded",
    ...overrides,
  };
}

function metricBase(name: string): MetricRowBase {
  return {
    ResourceAttributes: { "service.name": "cart" },
    ResourceSchemaUrl: "",
    ScopeName: "meter",
    ScopeVersion: "1.0",
    ScopeAttributes: { scope: NASTY },
    ScopeDroppedAttrCount: 3,
    ScopeSchemaUrl: "",
    ServiceName: "cart",
    MetricName: name,
    MetricDescription: "a metric\nwith newline",
    MetricUnit: "ms",
    Attributes: { route: "/api/cart/:id", method: "GET" },
    StartTimeUnix: T0 - 60_000_000_000n,
    TimeUnix: T0,
    Flags: 1,
  };
}

const exemplar = {
  FilteredAttributes: { "user.id": "42" },
  TimeUnix: T0 - 5n,
  Value: 123.25,
  SpanId: "b7ad6b7169203331",
  TraceId: "0af7651916cd43dd8448eb211c80319c",
};

export const gauge = (): GaugeRow => ({ ...metricBase("cpu.usage"), Value: 0.125, Exemplars: [exemplar] });
export const sum = (): SumRow => ({
  ...metricBase("requests"),
  Value: 1e15 + 0.5,
  Exemplars: [],
  AggregationTemporality: 2,
  IsMonotonic: true,
});
export const histogram = (): HistogramRow => ({
  ...metricBase("http.server.duration"),
  Count: 9_007_199_254_740_993n, // 2^53 + 1: must survive as an exact UInt64
  Sum: 4567.5,
  BucketCounts: [1n, 2n, 0n, 18_446_744_073_709_551_615n],
  ExplicitBounds: [5, 10, 25.5],
  Exemplars: [exemplar, { ...exemplar, Value: -1, TraceId: "", SpanId: "", FilteredAttributes: {} }],
  Min: 0.5,
  Max: 999.75,
  AggregationTemporality: 1,
});
export const exponentialHistogram = (): ExponentialHistogramRow => ({
  ...metricBase("rpc.duration"),
  Count: 10n,
  Sum: 55.5,
  Scale: -3,
  ZeroCount: 1n,
  PositiveOffset: -2,
  PositiveBucketCounts: [1n, 2n, 3n],
  NegativeOffset: 5,
  NegativeBucketCounts: [],
  Exemplars: [{ ...exemplar, Value: 7.5 }],
  Min: -1.5,
  Max: 20,
  AggregationTemporality: 2,
});
export const summary = (): SummaryRow => ({
  ...metricBase("gc.pause"),
  Count: 3n,
  Sum: 1.5,
  ValueAtQuantiles: [
    { Quantile: 0.5, Value: 0.25 },
    { Quantile: 0.99, Value: 0.75 },
  ],
});
