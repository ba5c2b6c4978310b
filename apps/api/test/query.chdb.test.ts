// The query API over real chDB: known rows are written with the store's migrations and
// TelemetryWriter, then every route is read through fastify and compared with what was written.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  LogsResponse,
  MetricSeriesResponse,
  MetricsResponse,
  RedResponse,
  ServicesResponse,
  TraceResponse,
  TraceSearchResponse,
} from "@tracelight/contracts";
import { type ClickHouseTransport, migrate, openChdbTransport, TelemetryWriter } from "@tracelight/store";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerQueryRoutes } from "../src/query/routes.ts";
import {
  logs,
  metrics,
  spans,
  T0,
  TRACE_A,
  TRACE_B,
  TRACE_BIG,
  TRACE_C,
  TRACE_LOGS_ONLY,
  TRACE_OLD,
  TRACE_SMALL,
} from "./query-fixtures.ts";

let dataDir: string;
let transport: ClickHouseTransport;
let app: FastifyInstance;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tracelight-query-"));
  transport = openChdbTransport(dataDir);
  await migrate(transport, { ttlDays: { traces: 3650, logs: 3650, metrics: 3650 } });
  const writer = new TelemetryWriter(transport);
  await writer.insertSpans(spans);
  await writer.insertLogs(logs);
  await writer.insertMetrics(metrics);
  app = Fastify();
  await registerQueryRoutes(app, { transport });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await transport?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Range covering minutes 0–9 after T0 (the recent data), as epoch ms. */
const RANGE = `from=${T0 - 60_000}&to=${T0 + 10 * 60_000 - 1}`;

async function get<T>(url: string, status = 200): Promise<T> {
  const res = await app.inject({ method: "GET", url });
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

describe("GET /api/v1/services", () => {
  it("counts spans, errors and p99 per service in the range", async () => {
    const { services } = await get<ServicesResponse>(`/api/v1/services?${RANGE}`);
    expect(services.map((s) => s.name)).toEqual(["cart", "frontend", "payment"]);
    expect(services.find((s) => s.name === "cart")).toMatchObject({ spanCount: 2, errorRate: 0.5 });
    expect(services.find((s) => s.name === "frontend")).toMatchObject({ spanCount: 2, errorRate: 0 });
    expect(services.find((s) => s.name === "payment")).toEqual({
      name: "payment",
      spanCount: 1,
      errorRate: 1,
      p99Ms: 120,
    });
  });
});

describe("GET /api/v1/traces/:traceId", () => {
  it("returns every span with attributes, nested events and links, exact nanoseconds", async () => {
    const trace = await get<TraceResponse>(`/api/v1/traces/${TRACE_A}`);
    expect(trace.traceId).toBe(TRACE_A);
    expect(trace.startTime).toBeCloseTo(T0 + 1000, 3);
    expect(trace.endTime).toBeCloseTo(T0 + 1250, 3);
    expect(trace.spans.map((s) => s.spanId)).toEqual(["a000000000000001", "a000000000000002", "a000000000000003"]);
    const [root, cart, payment] = trace.spans;
    expect(root).toMatchObject({
      parentSpanId: "",
      name: "GET /checkout",
      serviceName: "frontend",
      kind: "Server",
      startTimeUnixNano: (BigInt(T0 + 1000) * 1_000_000n + 123n).toString(),
      durationNs: 250_000_000,
      statusCode: "Ok",
      attributes: { "http.route": "/checkout", "http.method": "GET" },
      resourceAttributes: { "service.name": "frontend", "host.name": "h1" },
      events: [],
      links: [],
    });
    expect(cart?.events).toEqual([
      {
        timestamp: T0 + 1020,
        timeUnixNano: (BigInt(T0 + 1020) * 1_000_000n + 7n).toString(),
        name: "cache.miss",
        attributes: { key: "cart:42" },
      },
      {
        timestamp: T0 + 1090,
        timeUnixNano: (BigInt(T0 + 1090) * 1_000_000n).toString(),
        name: "loaded",
        attributes: {},
      },
    ]);
    expect(cart?.links).toEqual([
      { traceId: TRACE_B, spanId: "b000000000000001", traceState: "x=1", attributes: { "link.kind": "follows" } },
    ]);
    expect(payment).toMatchObject({
      parentSpanId: "a000000000000001",
      statusCode: "Error",
      statusMessage: "card declined",
    });
  });

  it("finds a trace outside any default range (bounds come from the trace-id table)", async () => {
    const trace = await get<TraceResponse>(`/api/v1/traces/${TRACE_OLD.toUpperCase()}`);
    expect(trace.spans).toHaveLength(1);
    expect(trace.startTime).toBe(T0 - 86_400_000);
  });

  it("404s an unknown trace and 400s a malformed ID", async () => {
    const missing = await get<{ error: { code: string } }>(`/api/v1/traces/${"f".repeat(32)}`, 404);
    expect(missing.error.code).toBe("not_found");
    const bad = await get<{ error: { code: string; message: string } }>("/api/v1/traces/xyz", 400);
    expect(bad.error).toEqual({ code: "bad_request", message: "traceId: must be 32 hex characters" });
  });
});

describe("GET /api/v1/traces (search)", () => {
  const ids = async (query: string) =>
    (await get<TraceSearchResponse>(`/api/v1/traces?${RANGE}&${query}`)).traces.map((t) => t.traceId);

  it("lists traces in the range newest first, summarised over all their spans", async () => {
    const { traces } = await get<TraceSearchResponse>(`/api/v1/traces?${RANGE}`);
    expect(traces.map((t) => t.traceId)).toEqual([TRACE_C, TRACE_B, TRACE_A]);
    expect(traces[2]).toEqual({
      traceId: TRACE_A,
      rootServiceName: "frontend",
      rootName: "GET /checkout",
      startTime: T0 + 1000,
      durationMs: 250,
      spanCount: 3,
      errorCount: 1,
      services: ["cart", "frontend", "payment"],
    });
  });

  it("filters by service, name, duration, status, attributes and limit", async () => {
    expect(await ids("service=payment")).toEqual([TRACE_A]);
    expect(await ids("name=GET%20%2Fhome")).toEqual([TRACE_B]);
    expect(await ids("minDurationMs=1000")).toEqual([TRACE_C]);
    expect(await ids("maxDurationMs=60")).toEqual([TRACE_B]);
    expect(await ids("status=error")).toEqual([TRACE_C, TRACE_A]);
    expect(await ids("attr=payment.method%3Dcard")).toEqual([TRACE_A]);
    expect(await ids("attr=host.name%3Dh1&attr=service.name%3Dcart")).toEqual([TRACE_A]);
    expect(await ids("attr=host.name%21%3Dh1&service=cart")).toEqual([TRACE_C]);
    expect(await ids("limit=1")).toEqual([TRACE_C]);
    expect(await ids("service=nobody")).toEqual([]);
  });

  it("finds enough traces when the newest spans all belong to one big trace", async () => {
    const { traces } = await get<TraceSearchResponse>(
      `/api/v1/traces?from=${T0 + 20 * 60_000}&to=${T0 + 30 * 60_000}&service=bulk&limit=2`,
    );
    expect(traces.map((t) => [t.traceId, t.spanCount])).toEqual([
      [TRACE_BIG, 150],
      [TRACE_SMALL, 1],
    ]);
  });

  it("rejects a bad limit naming the field", async () => {
    const res = await get<{ error: { code: string; message: string } }>("/api/v1/traces?limit=5000", 400);
    expect(res.error.code).toBe("bad_request");
    expect(res.error.message).toMatch(/^limit: /);
  });
});

describe("GET /api/v1/logs", () => {
  const bodies = async (query: string) => (await get<LogsResponse>(`/api/v1/logs?${query}`)).logs.map((l) => l.body);

  it("by trace ID without a range uses the trace's bounds ± 5 minutes, newest first", async () => {
    expect(await bodies(`traceId=${TRACE_A}`)).toEqual([
      "late retry",
      "cache miss",
      "Payment failed: card DECLINED",
      "checkout started for user 42",
    ]);
  });

  it("by trace ID with an explicit range uses that range", async () => {
    expect(await bodies(`traceId=${TRACE_A}&from=${T0}&to=${T0 + 20 * 60_000}`)).toHaveLength(5);
    expect(await bodies(`traceId=${TRACE_A}&from=${T0 + 2000}&to=${T0 + 20 * 60_000}`)).toEqual([
      "much later",
      "late retry",
    ]);
  });

  it("finds the logs of a trace that has no spans", async () => {
    const { logs: found } = await get<LogsResponse>(`/api/v1/logs?traceId=${TRACE_LOGS_ONLY}`);
    expect(found.map((l) => l.body)).toEqual(["job done", "job queued"]);
    expect(found[0]).toEqual({
      timestamp: T0 + 31_000,
      timestampUnixNano: (BigInt(T0 + 31_000) * 1_000_000n).toString(),
      severityText: "INFO",
      severityNumber: 9,
      body: "job done",
      serviceName: "worker",
      traceId: TRACE_LOGS_ONLY,
      spanId: "",
      attributes: {},
      resourceAttributes: { "service.name": "worker" },
    });
  });

  it("full text: every word, whole tokens, any case", async () => {
    expect(await bodies(`${RANGE}&q=declined%20payment`)).toEqual(["Payment failed: card DECLINED"]);
    expect(await bodies(`${RANGE}&q=CARD,declined`)).toEqual(["Payment failed: card DECLINED"]);
    expect(await bodies(`${RANGE}&q=declin`)).toEqual([]);
    expect(await bodies(`${RANGE}&q=payment%20timeout`)).toEqual([]);
  });

  it("filters by severity, service, span, attributes; limits", async () => {
    expect(await bodies(`${RANGE}&severity=warn`)).toEqual([
      "timeout connecting to db",
      "Payment failed: card DECLINED",
    ]);
    expect(await bodies(`${RANGE}&service=cart&attr=db.system%3Dpostgres`)).toEqual(["timeout connecting to db"]);
    expect(await bodies(`${RANGE}&spanId=a000000000000003`)).toEqual(["Payment failed: card DECLINED"]);
    expect(await bodies(`${RANGE}&limit=2`)).toEqual(["late retry", "timeout connecting to db"]);
  });
});

describe("GET /api/v1/metrics", () => {
  it("lists every metric with type, unit and services", async () => {
    const { metrics: list } = await get<MetricsResponse>(`/api/v1/metrics?${RANGE}`);
    expect(list).toEqual([
      {
        name: "http.requests",
        type: "sum",
        unit: "{request}",
        units: ["{request}"],
        description: "http.requests description",
        services: ["api"],
        isMonotonic: true,
      },
      {
        name: "http.server.duration",
        type: "histogram",
        unit: "ms",
        units: ["ms"],
        description: "http.server.duration description",
        services: ["api"],
      },
      {
        name: "rpc.duration",
        type: "exponential_histogram",
        unit: "ms",
        units: ["ms"],
        description: "rpc.duration description",
        services: ["api"],
      },
      {
        name: "system.cpu.utilization",
        type: "gauge",
        unit: "1",
        units: ["1"],
        description: "system.cpu.utilization description",
        services: ["node"],
      },
    ]);
  });
});

describe("GET /api/v1/metrics/series", () => {
  const W = `from=${T0}&to=${T0 + 180_000 - 1}`;
  const series = (query: string) => get<MetricSeriesResponse>(`/api/v1/metrics/series?${W}&${query}`);
  const b = (i: number, step: number) => T0 + i * step;

  it("gauge: avg, max, sum over series, groupBy and filters", async () => {
    const avg = await series("metric=system.cpu.utilization&step=30s");
    expect(avg.metric).toEqual({ name: "system.cpu.utilization", type: "gauge", agg: "avg" });
    expect(avg.unit).toBe("1");
    expect(avg.warnings).toEqual([]);
    expect(avg.stepMs).toBe(30_000);
    expect(avg.series).toHaveLength(1);
    expect(avg.series[0]?.labels).toEqual({});
    expect(avg.series[0]?.points.map(([t, v]) => [t, Number(v?.toFixed(6))])).toEqual([
      [b(0, 30_000), 0.2],
      [b(1, 30_000), 0.4],
    ]);
    const max = await series("metric=system.cpu.utilization&step=30s&agg=max");
    expect(max.series[0]?.points).toEqual([
      [b(0, 30_000), 0.3],
      [b(1, 30_000), 0.7],
    ]);
    const sum = await series("metric=system.cpu.utilization&step=30s&agg=sum");
    expect(sum.series[0]?.points.map(([, v]) => Number(v?.toFixed(6)))).toEqual([0.4, 0.8]);
    const grouped = await series("metric=system.cpu.utilization&step=30s&groupBy=cpu,service.name");
    expect(grouped.series.map((s) => [s.labels, s.points.map(([, v]) => Number(v?.toFixed(6)))])).toEqual([
      [{ cpu: "0", "service.name": "node" }, [0.2, 0.6]],
      [{ cpu: "1", "service.name": "node" }, [0.2, 0.2]],
    ]);
    const filtered = await series("metric=system.cpu.utilization&step=30s&filter=cpu!%3D1&agg=last");
    expect(filtered.series[0]?.points).toEqual([
      [b(0, 30_000), 0.3],
      [b(1, 30_000), 0.7],
    ]);
  });

  it("cumulative and delta sums: increase and rate per bucket, a reset counts from its new start", async () => {
    const increase = await series("metric=http.requests&step=1m&agg=increase&groupBy=route");
    expect(increase.series).toEqual([
      {
        labels: { route: "/a" },
        points: [
          [b(0, 60_000), 30],
          [b(1, 60_000), 70],
          [b(2, 60_000), 30],
        ],
      },
      {
        labels: { route: "/b" },
        points: [
          [b(0, 60_000), 5],
          [b(1, 60_000), 7],
        ],
      },
    ]);
    const rate = await series("metric=http.requests&step=1m");
    expect(rate.metric.agg).toBe("rate");
    expect(rate.series[0]?.points).toEqual([
      [b(0, 60_000), 35 / 60],
      [b(1, 60_000), 77 / 60],
      [b(2, 60_000), 30 / 60],
    ]);
  });

  it("histogram: p99/p50 from bucket deltas, avg, rate; exemplars with labels", async () => {
    const p99 = await series("metric=http.server.duration&step=1m&agg=p99&groupBy=route");
    expect(p99.series).toEqual([
      {
        labels: { route: "/a" },
        points: [
          [b(0, 60_000), 500],
          [b(1, 60_000), 492],
        ],
      },
      { labels: { route: "/b" }, points: [[b(0, 60_000), 9.9]] },
    ]);
    const p50 = await series("metric=http.server.duration&step=1m&agg=p50&filter=route%3D/a");
    expect(p50.series[0]?.points.map(([, v]) => Number(v?.toFixed(6)))).toEqual([
      Number((50 + (50 * 20) / 30).toFixed(6)),
      100,
    ]);
    const avg = await series("metric=http.server.duration&step=1m&agg=avg&filter=route%3D/a");
    expect(avg.series[0]?.points).toEqual([
      [b(0, 60_000), 100],
      [b(1, 60_000), 150],
    ]);
    const rate = await series("metric=http.server.duration&step=1m&agg=rate&filter=route%3D/a");
    expect(rate.series[0]?.points).toEqual([
      [b(0, 60_000), 100 / 60],
      [b(1, 60_000), 100 / 60],
    ]);
    expect(p99.exemplars).toEqual([
      {
        timestamp: T0 + 29_000,
        value: 480,
        traceId: TRACE_A,
        spanId: "a000000000000001",
        serviceName: "api",
        labels: { route: "/a" },
      },
      {
        timestamp: T0 + 89_000,
        value: 20,
        traceId: TRACE_B,
        spanId: "b000000000000001",
        serviceName: "api",
        labels: { route: "/a" },
      },
    ]);
    const none = await series("metric=http.server.duration&step=1m&filter=route%3D/b");
    expect(none.exemplars).toEqual([]);
  });

  it("exponential histogram: avg and count; percentiles are refused with 400", async () => {
    const avg = await series("metric=rpc.duration&step=1m");
    expect(avg.metric.agg).toBe("avg");
    expect(avg.series[0]?.points).toEqual([[b(0, 60_000), 5]]);
    const count = await series("metric=rpc.duration&step=1m&agg=count");
    expect(count.series[0]?.points).toEqual([[b(0, 60_000), 4]]);
    const res = await app.inject({ method: "GET", url: `/api/v1/metrics/series?${W}&metric=rpc.duration&agg=p99` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^agg: p99 is not available for exponential_histogram/);
  });

  it("unknown metric: empty answer; missing metric: 400", async () => {
    expect(await series("metric=nope")).toMatchObject({ metric: { type: null }, series: [], exemplars: [] });
    const res = await get<{ error: { message: string } }>(`/api/v1/metrics/series?${W}`, 400);
    expect(res.error.message).toMatch(/^metric: /);
  });
});

describe("GET /api/v1/red", () => {
  const W = `from=${T0}&to=${T0 + 180_000 - 1}&step=1m`;

  it("per-minute buckets for a service, with the slowest trace, zeros for empty buckets, and routes", async () => {
    const red = await get<RedResponse>(`/api/v1/red?${W}&service=frontend`);
    expect(red.stepMs).toBe(60_000);
    expect(red.buckets).toEqual([
      {
        timestamp: T0,
        requests: 1,
        rate: 1 / 60,
        errors: 0,
        errorRate: 0,
        p50Ms: 250,
        p90Ms: 250,
        p99Ms: 250,
        seconds: 60,
        partial: false,
        exemplars: {
          slowest: { traceId: TRACE_A, spanId: "a000000000000001", durationMs: 250, timestamp: T0 + 1000 },
          error: null,
        },
      },
      {
        timestamp: T0 + 60_000,
        requests: 1,
        rate: 1 / 60,
        errors: 0,
        errorRate: 0,
        p50Ms: 50,
        p90Ms: 50,
        p99Ms: 50,
        seconds: 60,
        partial: false,
        exemplars: {
          slowest: { traceId: TRACE_B, spanId: "b000000000000001", durationMs: 50, timestamp: T0 + 61_000 },
          error: null,
        },
      },
      {
        timestamp: T0 + 120_000,
        requests: 0,
        rate: 0,
        errors: 0,
        errorRate: 0,
        p50Ms: null,
        p90Ms: null,
        p99Ms: null,
        seconds: 60,
        partial: false,
        exemplars: { slowest: null, error: null },
      },
    ]);
    expect(red.total).toEqual({ requests: 2, errors: 0, errorRate: 0, rate: 2 / 180, seconds: 180 });
    expect(red.routes?.map((r) => [r.route, r.requests, r.rate])).toEqual([
      ["/checkout", 1, 1 / 180],
      ["/home", 1, 1 / 180],
    ]);
  });

  it("all services merged into a 3-minute step, with the slowest error trace", async () => {
    const red = await get<RedResponse>(`/api/v1/red?from=${T0}&to=${T0 + 180_000 - 1}&step=3m`);
    expect(red.routes).toBeUndefined();
    expect(red.buckets).toHaveLength(1);
    expect(red.buckets[0]).toMatchObject({
      timestamp: T0,
      requests: 4, // frontend root A, payment server span, frontend root B, cart consumer C
      errors: 2,
      errorRate: 0.5,
      exemplars: {
        slowest: { traceId: TRACE_C, spanId: "c000000000000001", durationMs: 2000, timestamp: T0 + 121_000 },
        error: { traceId: TRACE_C, spanId: "c000000000000001", durationMs: 2000, timestamp: T0 + 121_000 },
      },
    });
    const payment = await get<RedResponse>(`/api/v1/red?${W}&service=payment&route=charge`);
    expect(payment.buckets[0]?.exemplars.error).toEqual({
      traceId: TRACE_A,
      spanId: "a000000000000003",
      durationMs: 120,
      timestamp: T0 + 1100,
    });
  });
});

describe("errors", () => {
  it("unknown routes under /api/v1 answer JSON 404", async () => {
    const res = await get<{ error: { code: string } }>("/api/v1/nothing-here", 404);
    expect(res.error.code).toBe("not_found");
  });
});
