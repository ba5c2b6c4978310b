// Every answer's work is capped and says so, over real HTTP and chDB: 10,000 series are cut
// to `limit` in the engine (the highest peaks kept), 3,000 services to the overview's caps, and
// a preview over a range that would loop for minutes is a 400 naming the field, at once.
import type { ApiError, MetricSeriesResponse, ServicesOverviewResponse, ServicesResponse } from "@tracelight/contracts";
import type { GaugeRow, LogRow, SpanRow } from "@tracelight/otlp";
import { TelemetryWriter } from "@tracelight/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricRowBase } from "./helpers/cycle-fixtures.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

const SERIES = 10_000;
const SERVICES = 3_000;
const LOG_GROUPS = 600;
const METRIC = "caps.queue.depth";
// A whole minute, ten minutes ago: inside the default last hour, away from its edges.
const T = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;

let svc: TestService;
let api: string;
const call = <T>(method: string, path: string, body?: unknown) => callJson<T>(api, method, path, body);
const get = <T>(path: string) => call<T>("GET", path);

function gauge(i: number): GaugeRow {
  const series = { service: "queue", resource: {}, attributes: { queue: `q${String(i).padStart(5, "0")}` } };
  return { ...metricRowBase(series, METRIC, "1", ns(T), ns(T)), Value: i, Exemplars: [] };
}

function rootSpan(service: number, i: number): SpanRow {
  const name = `svc-${String(service).padStart(4, "0")}`;
  return {
    Timestamp: ns(T),
    TraceId: i.toString(16).padStart(32, "0"),
    SpanId: i.toString(16).padStart(16, "0"),
    ParentSpanId: "",
    TraceState: "",
    SpanName: "GET /",
    SpanKind: "Server",
    ServiceName: name,
    ResourceAttributes: { "service.name": name },
    ScopeName: "test",
    ScopeVersion: "1",
    SpanAttributes: {},
    Duration: 1_000_000n,
    StatusCode: "Unset",
    StatusMessage: "",
    Events: [],
    Links: [],
  };
}

function log(i: number): LogRow {
  return {
    Timestamp: ns(T),
    TraceId: "",
    SpanId: "",
    TraceFlags: 0,
    SeverityText: "INFO",
    SeverityNumber: 9,
    ServiceName: "caps-logs",
    Body: `line ${i}`,
    ResourceSchemaUrl: "",
    ResourceAttributes: {},
    ScopeSchemaUrl: "",
    ScopeName: "",
    ScopeVersion: "",
    ScopeAttributes: {},
    LogAttributes: { request: `r${i}` },
    EventName: "",
  };
}

beforeAll(async () => {
  svc = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${svc.service.ports.api}/api/v1`;
  const writer = new TelemetryWriter(svc.service.transport);
  await writer.insertMetrics({
    gauge: Array.from({ length: SERIES }, (_, i) => gauge(i)),
    sum: [],
    histogram: [],
    exponentialHistogram: [],
    summary: [],
  });
  // svc-0000 gets one request, svc-0001 two, svc-0002 three, svc-0003 one again, …
  const spans: SpanRow[] = [];
  for (let i = 0; i < SERVICES; i++) for (let n = 0; n <= i % 3; n++) spans.push(rootSpan(i, i * 3 + n));
  await writer.insertSpans(spans);
  await writer.insertLogs(Array.from({ length: LOG_GROUPS }, (_, i) => log(i)));
}, 120_000);
afterAll(async () => {
  await svc?.close();
});

describe("series per answer", () => {
  const series = (query: string) => get<MetricSeriesResponse>(`/metrics/series?metric=${METRIC}&groupBy=queue${query}`);

  it("10,000 series are cut to the default 500, the highest peaks, and say truncated", async () => {
    const { status, body } = await series("");
    expect(status).toBe(200);
    expect(body.truncated).toBe(true);
    expect(body.series).toHaveLength(500);
    const peaks = body.series.map((s) => Math.max(...s.points.map(([, v]) => v ?? -1))).sort((a, b) => a - b);
    expect(peaks[0]).toBe(SERIES - 500);
    expect(peaks.at(-1)).toBe(SERIES - 1);
  });

  it("limit takes up to 5,000 and says whether more matched; beyond is a 400 naming limit", async () => {
    const most = await series("&limit=5000");
    expect(most.body.truncated).toBe(true);
    expect(most.body.series).toHaveLength(5_000);
    const one = await series("&filter=queue%3Dq00042");
    expect(one.body).toMatchObject({ truncated: false, series: [{ labels: { queue: "q00042" } }] });
    const refused = await get<ApiError>(`/metrics/series?metric=${METRIC}&limit=5001`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^limit: must be at most 5000/);
  });

  it("a fine step reads fewer series, so the answer holds at most 2,000,000 points", async () => {
    // The last hour at 1 s: up to 3,602 points a series, so 2,000,000 / 3,602 = 555 series.
    const { body } = await series("&limit=5000&step=1s");
    expect(body.truncated).toBe(true);
    expect(body.series).toHaveLength(555);
  });

  it("without groupBy the metric is one series, never truncated", async () => {
    const { body } = await get<MetricSeriesResponse>(`/metrics/series?metric=${METRIC}`);
    expect(body).toMatchObject({ truncated: false });
    expect(body.series).toHaveLength(1);
  });
});

describe("services per answer", () => {
  it("3,000 services on the overview: the 500 busiest, each with its capped buckets", async () => {
    const { status, body } = await get<ServicesOverviewResponse>("/services/overview");
    expect(status).toBe(200);
    expect(body.truncated).toBe(true);
    expect(body.services).toHaveLength(500);
    expect(body.services.every((s) => s.requests === 3 && s.buckets.length <= 240)).toBe(true);
    const all = await get<ServicesOverviewResponse>("/services/overview?limit=3000");
    expect(all.body).toMatchObject({ truncated: false });
    expect(all.body.services).toHaveLength(SERVICES);
  });

  it("the overview refuses more buckets than its caps, naming step or limit", async () => {
    const day = "from=now-24h&to=now";
    const step = await get<ApiError>(`/services/overview?${day}&step=1m`);
    expect([step.status, step.body.error.message]).toEqual([400, expect.stringMatching(/^step: gives 14\d\d buckets/)]);
    const limit = await get<ApiError>(`/services/overview?${day}&step=10m&limit=5000`);
    expect([limit.status, limit.body.error.message]).toEqual([400, expect.stringMatching(/^limit: /)]);
  });

  it("/services: the first 500 names, truncated", async () => {
    const { body } = await get<ServicesResponse>("/services");
    expect(body.truncated).toBe(true);
    expect(body.services.map((s) => s.name).slice(0, 2)).toEqual(["svc-0000", "svc-0001"]);
    expect(body.services).toHaveLength(500);
  });
});

describe("alert rule preview", () => {
  const rule = { query: { metric: METRIC, aggregation: "max", window: "10s" }, condition: { op: ">", threshold: 1 } };

  it("a preview from 0 answers 400 naming from, fast", async () => {
    const started = performance.now();
    const { status, body } = await call<ApiError>("POST", "/alert-rules/preview", { rule, from: 0 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^from: must be at most 31 days/);
  });

  it("too many windows are a 400 naming the rule's window", async () => {
    const { status, body } = await call<ApiError>("POST", "/alert-rules/preview", { rule, from: "now-7d" });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^rule\.query\.window: gives 60480 windows/);
  });

  it("the preview shows the 500 highest series and says truncated", async () => {
    const grouped = { ...rule, query: { ...rule.query, window: "1m", groupBy: ["queue"] } };
    const { status, body } = await call<{ series: unknown[]; truncated: boolean }>("POST", "/alert-rules/preview", {
      rule: grouped,
      from: "now-1h",
    });
    expect(status).toBe(200);
    expect(body.truncated).toBe(true);
    expect(body.series).toHaveLength(500);
  });

  it("over many windows the preview reads fewer series, so it holds at most 2,000,000 points", async () => {
    // 24 h of 10 s windows: up to 8,642 a series, so 2,000,000 / 8,642 = 231 series.
    const grouped = { ...rule, query: { ...rule.query, groupBy: ["queue"] } };
    const { status, body } = await call<{ series: unknown[]; truncated: boolean }>("POST", "/alert-rules/preview", {
      rule: grouped,
      from: "now-24h",
    });
    expect(status).toBe(200);
    expect(body.truncated).toBe(true);
    expect(body.series).toHaveLength(231);
  });

  it("a log rule's preview grouped by a per-request attribute shows 500 groups and says truncated", async () => {
    const logs = {
      kind: "logs",
      query: { service: "caps-logs", groupBy: ["request"], window: "1m" },
      condition: { op: ">", threshold: 0 },
    };
    const { status, body } = await call<{ series: unknown[]; truncated: boolean }>("POST", "/alert-rules/preview", {
      rule: logs,
      from: "now-1h",
    });
    expect(status).toBe(200);
    expect(body.truncated).toBe(true);
    expect(body.series).toHaveLength(500);
  });
});
