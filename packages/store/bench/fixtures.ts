// Synthetic rows shaped like real OTel SDK output (~600 B of protobuf per span), for benches.
import type { LogRow, SpanRow } from "@tracelight/otlp";

const hex = (n: number, len: number): string => n.toString(16).padStart(len, "0").slice(-len);
const SERVICES = ["frontend", "cart", "checkout", "payment", "shipping", "email", "ads", "currency"];
// A day ago, to the minute: recent enough for any TTL (older rows are dropped at insert).
const BASE_NS = BigInt(Math.floor((Date.now() - 86_400_000) / 60_000) * 60_000) * 1_000_000n;

const resource = (service: string) => ({
  "service.name": service,
  "service.version": "1.4.2",
  "host.name": "ip-10-0-3-17.ec2.internal",
  "telemetry.sdk.language": "nodejs",
  "telemetry.sdk.name": "opentelemetry",
  "telemetry.sdk.version": "2.12.1",
  "process.pid": "4242",
});

export function makeSpans(count: number, offset = 0): SpanRow[] {
  const rows: SpanRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const trace = Math.floor(n / 10);
    const service = SERVICES[(trace + n) % SERVICES.length] as string;
    const ts = BASE_NS + BigInt(n) * 100_000n;
    rows[i] = {
      Timestamp: ts,
      TraceId: hex(trace, 16) + hex(trace * 7919, 16),
      SpanId: hex(n, 16),
      ParentSpanId: n % 10 === 0 ? "" : hex(n - 1, 16),
      TraceState: "",
      SpanName: n % 10 === 0 ? "GET /api/cart/:id" : `SELECT cart_items ${n % 5}`,
      SpanKind: n % 10 === 0 ? "Server" : "Client",
      ServiceName: service,
      ResourceAttributes: resource(service),
      ScopeName: "@opentelemetry/instrumentation-http",
      ScopeVersion: "0.223.1",
      SpanAttributes: {
        "http.request.method": "GET",
        "http.route": "/api/cart/:id",
        "url.path": `/api/cart/${n % 100000}`,
        "http.response.status_code": "200",
        "server.address": "cart.internal",
        "user_agent.original": "Mozilla/5.0 (X11; Linux x86_64)",
      },
      Duration: BigInt(1_000_000 + (n % 1000) * 10_000),
      StatusCode: n % 100 === 0 ? "Error" : "Unset",
      StatusMessage: "",
      Events: n % 4 === 0 ? [{ Timestamp: ts + 1000n, Name: "cache.miss", Attributes: { key: `cart:${n}` } }] : [],
      Links: [],
    };
  }
  return rows;
}

export function makeLogs(count: number, offset = 0): LogRow[] {
  const rows: LogRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const trace = Math.floor(n / 10);
    const service = SERVICES[(trace + n) % SERVICES.length] as string;
    rows[i] = {
      Timestamp: BASE_NS + BigInt(n) * 100_000n,
      TraceId: hex(trace, 16) + hex(trace * 7919, 16),
      SpanId: hex(n, 16),
      TraceFlags: 1,
      SeverityText: "INFO",
      SeverityNumber: 9,
      ServiceName: service,
      Body: `cart ${n % 100000} loaded with ${n % 17} items in ${n % 250} ms`,
      ResourceSchemaUrl: "",
      ResourceAttributes: resource(service),
      ScopeSchemaUrl: "",
      ScopeName: "cart-logger",
      ScopeVersion: "",
      ScopeAttributes: {},
      LogAttributes: { "code.function": "loadCart", "code.lineno": String(n % 500) },
      EventName: "",
    };
  }
  return rows;
}
