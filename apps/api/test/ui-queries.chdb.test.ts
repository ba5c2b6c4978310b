// The UI's query endpoints over real chDB: services overview, log histogram, metric
// attributes. Rows are query-fixtures.ts plus ui-fixtures.ts, written with TelemetryWriter.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type {
  LogHistogramResponse,
  LogRecord,
  LogsResponse,
  MetricAttributesResponse,
  ServiceOverview,
  ServicesOverviewResponse,
} from "@tracelight/contracts";
import { type ClickHouseTransport, migrate, openChdbTransport, TelemetryWriter } from "@tracelight/store";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerQueryRoutes } from "../src/query/routes.ts";
import { logs, metrics, spans, T0, TRACE_A, TRACE_LOGS_ONLY } from "./query-fixtures.ts";
import { uiGauges, uiLogs, uiSpans, uiSummaries } from "./ui-fixtures.ts";

let dataDir: string;
let transport: ClickHouseTransport;
let app: FastifyInstance;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tracelight-ui-queries-"));
  transport = openChdbTransport(dataDir);
  await migrate(transport, { ttlDays: { traces: 3650, logs: 3650, metrics: 3650 } });
  const writer = new TelemetryWriter(transport);
  await writer.insertSpans([...spans, ...uiSpans]);
  await writer.insertLogs([...logs, ...uiLogs]);
  await writer.insertMetrics({
    ...metrics,
    gauge: [...metrics.gauge, ...uiGauges],
    summary: [...metrics.summary, ...uiSummaries],
  });
  app = Fastify();
  await registerQueryRoutes(app, { transport });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await transport?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function get<T>(url: string, status = 200): Promise<T> {
  const res = await app.inject({ method: "GET", url });
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

const zero = (timestamp: number, seconds = 60, partial = false) => ({
  timestamp,
  rate: 0,
  errorRate: 0,
  p99Ms: null,
  seconds,
  partial,
});

describe("GET /api/v1/services/overview", () => {
  const W = `from=${T0}&to=${T0 + 180_000 - 1}`;
  const byName = (r: ServicesOverviewResponse, name: string) => r.services.find((s) => s.name === name);

  it("lists every service busiest first, with totals and one bucket per step (zeros when empty)", async () => {
    const r = await get<ServicesOverviewResponse>(`/api/v1/services/overview?${W}&step=1m`);
    expect(r.stepMs).toBe(60_000);
    // frontend 2 requests; cart and payment 1 (by name); gateway has spans but no entry span.
    expect(r.services.map((s) => [s.name, s.requests])).toEqual([
      ["frontend", 2],
      ["cart", 1],
      ["payment", 1],
      ["gateway", 0],
    ]);
    // The three minutes the range overlaps.
    const seconds = 180;
    expect(byName(r, "payment")).toEqual({
      name: "payment",
      requests: 1,
      rate: 1 / seconds,
      errors: 1,
      errorRate: 1,
      p50Ms: 120,
      p90Ms: 120,
      p99Ms: 120,
      buckets: [
        { timestamp: T0, rate: 1 / 60, errorRate: 1, p99Ms: 120, seconds: 60, partial: false },
        zero(T0 + 60_000),
        zero(T0 + 120_000),
      ],
    } satisfies ServiceOverview);
    expect(byName(r, "frontend")).toMatchObject({ requests: 2, rate: 2 / seconds, errors: 0, errorRate: 0 });
    expect(byName(r, "frontend")?.buckets).toEqual([
      { timestamp: T0, rate: 1 / 60, errorRate: 0, p99Ms: 250, seconds: 60, partial: false },
      { timestamp: T0 + 60_000, rate: 1 / 60, errorRate: 0, p99Ms: 50, seconds: 60, partial: false },
      zero(T0 + 120_000),
    ]);
    expect(byName(r, "cart")?.buckets.map((b) => b.p99Ms)).toEqual([null, null, 2000]);
  });

  it("a service with only client spans is listed with zero requests and all-zero buckets", async () => {
    const r = await get<ServicesOverviewResponse>(`/api/v1/services/overview?${W}&step=1m`);
    expect(byName(r, "gateway")).toEqual({
      name: "gateway",
      requests: 0,
      rate: 0,
      errors: 0,
      errorRate: 0,
      p50Ms: null,
      p90Ms: null,
      p99Ms: null,
      buckets: [zero(T0), zero(T0 + 60_000), zero(T0 + 120_000)],
    } satisfies ServiceOverview);
  });

  it("buckets start at the step boundary before `from` and merge minutes into wider steps", async () => {
    // From mid-minute 0 with a 2-minute step: buckets T0 (minutes 0–1) and T0+2m (minute 2 only: partial).
    const r = await get<ServicesOverviewResponse>(
      `/api/v1/services/overview?from=${T0 + 30_000}&to=${T0 + 180_000 - 1}&step=2m`,
    );
    expect(r.stepMs).toBe(120_000);
    expect(byName(r, "frontend")?.buckets).toEqual([
      { timestamp: T0, rate: 2 / 120, errorRate: 0, p99Ms: 250, seconds: 120, partial: false },
      zero(T0 + 120_000, 60, true),
    ]);
    expect(byName(r, "cart")?.buckets).toEqual([
      zero(T0, 120),
      { timestamp: T0 + 120_000, rate: 1 / 60, errorRate: 1, p99Ms: 2000, seconds: 60, partial: true },
    ]);
    // A range with no spans at all: no services.
    const empty = await get<ServicesOverviewResponse>(`/api/v1/services/overview?from=${T0 + 3_600_000}`);
    expect(empty.services).toEqual([]);
  });

  it("refuses a step that gives too many points", async () => {
    const res = await get<{ error: { message: string } }>(`/api/v1/services/overview?from=0&to=${T0}&step=1m`, 400);
    expect(res.error.message).toMatch(/^step: /);
  });
});

describe("GET /api/v1/logs/histogram", () => {
  const W = `from=${T0}&to=${T0 + 5 * 60_000 - 1}`;
  const b = (i: number) => T0 + i * 60_000;
  const points = (...counts: number[]) => counts.map((n, i): [number, number] => [b(i), n]);

  it("counts per bucket and severity range; every bucket present; only severities with logs", async () => {
    const r = await get<LogHistogramResponse>(`/api/v1/logs/histogram?${W}&step=1m`);
    expect(r).toEqual({
      stepMs: 60_000,
      total: 10,
      series: [
        { severity: "TRACE", points: points(0, 1, 0, 0, 0) },
        { severity: "DEBUG", points: points(1, 0, 0, 0, 0) },
        { severity: "INFO", points: points(3, 0, 0, 0, 1) },
        { severity: "WARN", points: points(1, 0, 0, 0, 0) },
        { severity: "ERROR", points: points(1, 0, 0, 0, 0) },
        { severity: "FATAL", points: points(0, 1, 0, 0, 0) },
        { severity: "UNSPECIFIED", points: points(1, 0, 0, 0, 0) },
      ],
    } satisfies LogHistogramResponse);
    const none = await get<LogHistogramResponse>(`/api/v1/logs/histogram?${W}&step=1m&service=nobody`);
    expect(none).toEqual({ stepMs: 60_000, total: 0, series: [] });
  });

  const RANGES: [string, number][] = [
    ["TRACE", 1],
    ["DEBUG", 5],
    ["INFO", 9],
    ["WARN", 13],
    ["ERROR", 17],
    ["FATAL", 21],
  ];
  const severityOf = (l: LogRecord) =>
    l.severityNumber === 0 ? "UNSPECIFIED" : (RANGES.findLast(([, min]) => l.severityNumber >= min)?.[0] ?? "?");

  it.each([
    W,
    `${W}&service=cart`,
    `${W}&severity=warn`,
    `${W}&q=CART`,
    `${W}&attr=db.system%3Dpostgres`,
    `${W}&attr=service.name!%3Dfrontend`,
    `traceId=${TRACE_A}`,
    `traceId=${TRACE_LOGS_ONLY}`,
    `${W}&traceId=${TRACE_A}&spanId=a000000000000003`,
  ])("counts by severity equal what /logs finds (%s)", async (filters) => {
    const [found, r] = await Promise.all([
      get<LogsResponse>(`/api/v1/logs?${filters}&limit=1000`),
      get<LogHistogramResponse>(`/api/v1/logs/histogram?${filters}`),
    ]);
    const expected: Record<string, number> = {};
    for (const l of found.logs) expected[severityOf(l)] = (expected[severityOf(l)] ?? 0) + 1;
    const counted = Object.fromEntries(r.series.map((s) => [s.severity, s.points.reduce((n, [, c]) => n + c, 0)]));
    expect(counted).toEqual(expected);
    expect(r.total).toBe(found.logs.length);
    expect(r.total).toBeGreaterThan(0);
    // Every log falls in a bucket that exists.
    const starts = new Set(r.series[0]?.points.map(([t]) => t));
    for (const l of found.logs) expect(starts.has(Math.floor(l.timestamp / r.stepMs) * r.stepMs)).toBe(true);
  });

  it("a trace without a range: buckets cover the trace's window, at a step sized to it", async () => {
    const r = await get<LogHistogramResponse>(`/api/v1/logs/histogram?traceId=${TRACE_A}`);
    expect(r.total).toBe(4);
    // Window: trace A's seconds (T0+1 s … T0+2 s) ± 5 minutes; the default step is 30 s.
    expect(r.stepMs).toBe(30_000);
    const starts = r.series[0]?.points.map(([t]) => t);
    expect(starts?.[0]).toBe(T0 - 300_000);
    expect(starts?.at(-1)).toBe(T0 + 300_000);
    expect(starts).toHaveLength(21);
  });

  it("400s a bad step or severity", async () => {
    expect((await get<{ error: { message: string } }>(`/api/v1/logs/histogram?step=0`, 400)).error.message).toMatch(
      /^step: /,
    );
    const res = await get<{ error: { message: string } }>(`/api/v1/logs/histogram?severity=LOUD`, 400);
    expect(res.error.message).toMatch(/^severity: /);
  });
});

describe("GET /api/v1/metrics/attributes", () => {
  const W = `from=${T0 - 60_000}&to=${T0 + 10 * 60_000}`;
  const keys = (metric: string) => get<MetricAttributesResponse>(`/api/v1/metrics/attributes?${W}&metric=${metric}`);

  it("lists keys sorted with values by number of series, at most 20, own attributes over resource ones", async () => {
    const r = await keys("queue.depth");
    expect(r.keys.map((k) => k.key)).toEqual(["env", "host.name", "service.name", "shard"]);
    const shards = r.keys.find((k) => k.key === "shard")?.values;
    expect(shards).toEqual(["s24", ...Array.from({ length: 19 }, (_, i) => `s${String(i).padStart(2, "0")}`)]);
    expect(r.keys.find((k) => k.key === "env")?.values).toEqual(["canary"]);
    // h1 is on 25 series, h2 and h3 on one each; h-old is outside the range.
    expect(r.keys.find((k) => k.key === "host.name")?.values).toEqual(["h1", "h2", "h3"]);
    expect(r.keys.find((k) => k.key === "service.name")?.values).toEqual(["broker"]);
  });

  it("works for every metric type", async () => {
    expect((await keys("system.cpu.utilization")).keys).toEqual([
      { key: "cpu", values: ["0", "1"] },
      { key: "service.name", values: ["node"] },
    ]);
    const route = { key: "route", values: ["/a", "/b"] };
    const api = { key: "service.name", values: ["api"] };
    expect((await keys("http.requests")).keys).toEqual([route, api]);
    expect((await keys("http.server.duration")).keys).toEqual([route, api]);
    expect((await keys("rpc.duration")).keys).toEqual([api]);
    expect((await keys("rpc.latency")).keys).toEqual([
      { key: "method", values: ["get", "put"] },
      { key: "service.name", values: ["b", "a"] },
    ]);
  });

  it("unknown metric: no keys; missing metric: 400", async () => {
    expect(await keys("nope")).toEqual({ keys: [] });
    const res = await get<{ error: { message: string } }>(`/api/v1/metrics/attributes?${W}`, 400);
    expect(res.error.message).toMatch(/^metric: /);
  });
});
