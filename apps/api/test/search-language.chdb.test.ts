// The search language over real chDB through the query API: each operator against known logs
// and spans with the counts worked out by hand, and malformed queries answered 400 with where.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApiError, LogHistogramResponse, LogsResponse, TraceSearchResponse } from "@tracelight/contracts";
import type { LogRow, SpanRow } from "@tracelight/otlp";
import { type ClickHouseTransport, migrate, openChdbTransport, TelemetryWriter } from "@tracelight/store";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerQueryRoutes } from "../src/query/routes.ts";

const T0 = Date.now() - 3_600_000;
const MS = 1_000_000n;
const T1 = "1a".repeat(16);
const T2 = "2b".repeat(16);
const T3 = "3c".repeat(16);
/** Three hours ago: outside the default range (the last hour). */
const T4 = "4d".repeat(16);
const OLD = BigInt(Date.now() - 3 * 3_600_000) * MS;
const HOSTILE = "it's 'quoted' \"double\" back\\slash nul\0 🚀 '); DROP TABLE otel_logs; --";

let n = 0;
function log(l: Partial<LogRow> & Pick<LogRow, "Body" | "ServiceName" | "SeverityNumber">): LogRow {
  return {
    Timestamp: BigInt(T0 + n++ * 1000) * MS,
    TraceId: "",
    SpanId: "",
    TraceFlags: 0,
    SeverityText: "",
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

const logs: LogRow[] = [
  log({
    ServiceName: "checkout",
    SeverityNumber: 17,
    Body: "Card declined for order 7",
    TraceId: T1,
    LogAttributes: { "http.response.status_code": "502" },
    ResourceAttributes: { "k8s.pod.name": "api-7f9" },
  }),
  log({
    ServiceName: "checkout",
    SeverityNumber: 13,
    Body: "card expiring soon",
    ResourceAttributes: { "k8s.pod.name": "worker-1" },
  }),
  log({
    ServiceName: "checkout",
    SeverityNumber: 9,
    Body: "order placed",
    LogAttributes: { "http.response.status_code": "200" },
  }),
  log({
    ServiceName: "frontend",
    SeverityNumber: 17,
    Body: "card form failed",
    TraceId: T2,
    ResourceAttributes: { "k8s.pod.name": "api-web-2" },
  }),
  log({ ServiceName: "frontend", SeverityNumber: 9, Body: "page rendered" }),
  log({
    ServiceName: "payments",
    SeverityNumber: 21,
    Body: "card processor down",
    LogAttributes: { "http.response.status_code": "503" },
  }),
  log({ ServiceName: "payments", SeverityNumber: 5, Body: "retrying card charge", TraceId: T1 }),
  log({ ServiceName: "checkout", SeverityNumber: 9, Body: HOSTILE }),
  log({ ServiceName: "checkout", SeverityNumber: 9, Body: "old order", TraceId: T4, Timestamp: OLD }),
];

function span(s: Partial<SpanRow> & Pick<SpanRow, "TraceId" | "SpanName" | "ServiceName" | "Duration">): SpanRow {
  return {
    Timestamp: BigInt(T0 + n++ * 1000) * MS,
    SpanId: (n + 1).toString(16).padStart(16, "0"),
    ParentSpanId: "",
    TraceState: "",
    SpanKind: "Server",
    ResourceAttributes: { "service.name": s.ServiceName },
    ScopeName: "test",
    ScopeVersion: "",
    SpanAttributes: {},
    StatusCode: "Unset",
    StatusMessage: "",
    Events: [],
    Links: [],
    ...s,
  };
}

const spans: SpanRow[] = [
  span({
    TraceId: T1,
    ServiceName: "frontend",
    SpanName: "GET /checkout",
    Duration: 800n * MS,
    StatusCode: "Ok",
    SpanAttributes: { "http.response.status_code": "200" },
  }),
  span({
    TraceId: T1,
    ServiceName: "checkout",
    SpanName: "POST /charge",
    SpanKind: "Client",
    Duration: 600n * MS,
    StatusCode: "Error",
    SpanAttributes: { "http.response.status_code": "502" },
  }),
  // The exporter's pre-2024 enum names (rows of older Collectors; Tracelight's ingest writes the short ones).
  span({
    TraceId: T1,
    ServiceName: "payments",
    SpanName: "charge card",
    SpanKind: "SPAN_KIND_SERVER" as SpanRow["SpanKind"],
    Duration: 300n * MS,
    StatusCode: "STATUS_CODE_ERROR" as SpanRow["StatusCode"],
  }),
  span({ TraceId: T2, ServiceName: "frontend", SpanName: "GET /home", Duration: 100n * MS }),
  span({ TraceId: T2, ServiceName: "checkout", SpanName: "render cart", SpanKind: "Internal", Duration: 20n * MS }),
  span({
    TraceId: T3,
    ServiceName: "payments",
    SpanName: "refund",
    Duration: 1200n * MS,
    ResourceAttributes: { "service.name": "payments", "k8s.pod.name": "api-pay" },
  }),
  span({ TraceId: T4, ServiceName: "checkout", SpanName: "old", Duration: 5n * MS, Timestamp: OLD }),
];

let dataDir: string;
let transport: ClickHouseTransport;
let app: FastifyInstance;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tracelight-search-language-"));
  transport = openChdbTransport(dataDir);
  await migrate(transport, { ttlDays: { traces: 3650, logs: 3650, metrics: 3650 } });
  const writer = new TelemetryWriter(transport);
  await writer.insertLogs(logs);
  await writer.insertSpans(spans);
  app = Fastify();
  await registerQueryRoutes(app, { transport });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await transport?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const RANGE = `from=${T0 - 60_000}&to=${T0 + 60_000}`;

async function get(path: string, q: string): Promise<{ status: number; body: unknown }> {
  const res = await app.inject({ method: "GET", url: `/api/v1/${path}?${RANGE}&q=${encodeURIComponent(q)}` });
  return { status: res.statusCode, body: res.json() };
}

const bodies = (r: { body: unknown }) => (r.body as LogsResponse).logs.map((l) => l.body).sort();

describe("q= on GET /api/v1/logs and /logs/histogram", () => {
  it.each<[string, string[]]>([
    ['service:checkout severity>=error "card"', ["Card declined for order 7"]],
    ["level:error AND service:checkout", ["Card declined for order 7"]],
    [
      "card",
      [
        "Card declined for order 7",
        "card expiring soon",
        "card form failed",
        "card processor down",
        "retrying card charge",
      ],
    ],
    ["CARD declined", ["Card declined for order 7"]],
    // Pasted log text: a colon with nothing after it is text.
    ["declined for: order", ["Card declined for order 7"]],
    ['"declined card"', []],
    [T1.toUpperCase(), ["Card declined for order 7", "retrying card charge"]],
    ["http.response.status_code>=500", ["Card declined for order 7", "card processor down"]],
    ["http.response.status_code<500", ["order placed"]],
    [
      "-service:frontend",
      [
        "Card declined for order 7",
        "card expiring soon",
        "card processor down",
        "order placed",
        "retrying card charge",
        HOSTILE,
      ].sort(),
    ],
    ["k8s.pod.name:api-*", ["Card declined for order 7", "card form failed"]],
    [
      "(service:frontend OR service:payments) card",
      ["card form failed", "card processor down", "retrying card charge"],
    ],
    ["severity:info", ["order placed", "page rendered", HOSTILE].sort()],
    ["severity<info", ["retrying card charge"]],
    ["NOT card", ["order placed", "page rendered", HOSTILE].sort()],
    ['"\'); DROP TABLE"', [HOSTILE]],
    ['body:"back\\\\slash"', [HOSTILE]],
  ])("%s", async (q, expected) => {
    const r = await get("logs", q);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(bodies(r)).toEqual([...expected].sort());
    const h = await get("logs/histogram", q);
    expect((h.body as LogHistogramResponse).total).toBe(expected.length);
  });
});

describe("a trace ID in q= and no range", () => {
  it("searches the trace's window, as the traceId filter does", async () => {
    for (const q of [T4, `trace_id:${T4} order`]) {
      const res = await app.inject({ method: "GET", url: `/api/v1/logs?q=${encodeURIComponent(q)}` });
      expect((res.json() as LogsResponse).logs.map((l) => l.body)).toEqual(["old order"]);
    }
    // Under OR the trace ID does not bound the search: the default range (the last hour) applies.
    const res = await app.inject({ method: "GET", url: `/api/v1/logs?q=${encodeURIComponent(`${T4} OR nothing`)}` });
    expect((res.json() as LogsResponse).logs).toEqual([]);
  });
});

describe("q= on GET /api/v1/traces", () => {
  it.each<[string, string[]]>([
    ["duration>500ms", [T1, T3]],
    ["duration>=1.2s", [T3]],
    ["http.response.status_code>=500", [T1]],
    ["status:error service:payments", [T1]],
    ["kind:server -service:frontend", [T1, T3]],
    ["kind:SPAN_KIND_INTERNAL", [T2]],
    [T2, [T2]],
    ["k8s.pod.name:api-*", [T3]],
    ["(service:payments OR name:render*) duration>=100ms", [T1, T3]],
    ["checkout", [T1]],
    ['"GET /"', [T1, T2]],
    ["name:GET* -service:frontend", []],
  ])("%s", async (q, expected) => {
    const r = await get("traces", q);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((r.body as TraceSearchResponse).traces.map((t) => t.traceId).sort()).toEqual([...expected].sort());
  });
});

describe("a query the language cannot read", () => {
  it.each<[string, string, number, string]>([
    ["logs", "service:(x", 10, "expected ')'"],
    ["logs/histogram", "(a OR b", 7, "expected ')'"],
    ["traces", "duration>soon", 9, "not a duration"],
    ["logs", "severity>=loud", 10, "unknown severity"],
    ["logs", "x".repeat(2001), 2000, "longer than 2000 characters"],
    ["traces", Array.from({ length: 65 }, (_, i) => `w${i}`).join(" "), 246, "more than 64 terms"],
  ])("%s %j answers 400 at %i", async (path, q, offset, message) => {
    const r = await get(path, q);
    expect(r.status).toBe(400);
    const { error } = r.body as ApiError;
    expect(error).toEqual({
      code: "invalid_query",
      message: expect.stringContaining(message),
      position: { offset, column: offset + 1 },
    });
  });
});
