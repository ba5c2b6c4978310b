// End to end against the real Tracelight api, in this process, over embedded chDB: the
// exporter sends spans and a histogram with exemplars (with an ingest key), and the query API
// must give them back — the trace with exact nanosecond times, and the exemplar that links the
// metric to that trace. Also the api's real refusals: a missing key, and a partial success.
import type { MetricSeriesResponse, MetricsResponse, TraceResponse } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type TestApi } from "../../test/helpers.ts";
import type { AgentSpan, ResourceMetrics } from "../telemetry/model.ts";
import { OtlpHttpExporter } from "./exporter.ts";

const KEY = "agent-test-key";
let service: TestApi;
let otlp: string;

beforeAll(async () => {
  service = await startApi({ TRACELIGHT_INGEST_KEYS: KEY });
  otlp = service.otlp;
});

afterAll(async () => {
  await service?.close();
});

const get = <T>(path: string) => service.get<T>(path);

// Now, with nanoseconds below the millisecond, so that only exact arithmetic round-trips.
const T0 = BigInt(Date.now() - 60_000) * 1_000_000n + 123_457n;
const TRACE_ID = "7d1a6e0b5c3f4a2e9b8c7d6e5f4a3b2c";
const SERVER_ID = "a1b2c3d4e5f60718";
const CLIENT_ID = "0f1e2d3c4b5a6978";
const resource = { "service.name": "orders", "process.pid": 4321, "process.executable.name": "node" };

const spans: AgentSpan[] = [
  {
    traceId: TRACE_ID,
    spanId: SERVER_ID,
    parentSpanId: "1122334455667788",
    parentIsRemote: true,
    name: "GET /orders/:id",
    kind: "server",
    startTimeUnixNano: T0,
    endTimeUnixNano: T0 + 812_345_679n,
    attributes: { "http.request.method": "GET", "http.route": "/orders/:id", "http.response.status_code": 500 },
    status: "error",
    resource,
  },
  {
    traceId: TRACE_ID,
    spanId: CLIENT_ID,
    parentSpanId: SERVER_ID,
    parentIsRemote: false,
    name: "GET",
    kind: "client",
    startTimeUnixNano: T0 + 1_000_001n,
    endTimeUnixNano: T0 + 800_000_002n,
    attributes: { "server.address": "inventory", "server.port": 8080 },
    status: "unset",
    resource: { ...resource },
  },
];

const metrics: ResourceMetrics[] = [
  {
    resource,
    metrics: [
      {
        type: "histogram",
        name: "agent.test.request.duration",
        unit: "s",
        description: "Server request duration seen by the agent",
        temporality: "delta",
        points: [
          {
            attributes: { "http.route": "/orders/:id", "http.response.status_code": 500 },
            startTimeUnixNano: T0 - 10_000_000_000n,
            timeUnixNano: T0 + 1_000_000_000n,
            bounds: [0.1, 0.5, 1],
            counts: [3, 0, 1, 0],
            count: 4,
            sum: 0.9623,
            min: 0.04,
            max: 0.812345679,
            exemplars: [{ timeUnixNano: T0 + 812_345_679n, value: 0.812345679, traceId: TRACE_ID, spanId: SERVER_ID }],
          },
        ],
      },
    ],
  },
];

describe("OtlpHttpExporter → Tracelight api (chDB) → query API", () => {
  it("stores the spans and the exemplar, and the query API gives them back", async () => {
    const logs: string[] = [];
    const exporter = new OtlpHttpExporter({
      endpoint: otlp,
      headers: { authorization: `Bearer ${KEY}` },
      version: "1.2.3",
      log: (line) => logs.push(line),
    });
    exporter.start();
    exporter.addSpans(spans);
    exporter.addMetrics(metrics);
    await exporter.shutdown();
    expect(logs).toEqual([]);
    expect(exporter.stats()).toMatchObject({ sentSpans: 2, sentMetricPoints: 1, failedSpans: 0, retries: 0 });

    const trace = await get<TraceResponse>(`/traces/${TRACE_ID}`);
    const common = {
      serviceName: "orders",
      scopeName: "tracelight-ebpf-agent",
      scopeVersion: "1.2.3",
      traceState: "",
      statusMessage: "",
      resourceAttributes: { "service.name": "orders", "process.pid": "4321", "process.executable.name": "node" },
      events: [],
      links: [],
    };
    expect(trace.spans).toEqual([
      {
        ...common,
        spanId: SERVER_ID,
        parentSpanId: "1122334455667788",
        name: "GET /orders/:id",
        kind: "Server",
        startTime: expect.any(Number),
        startTimeUnixNano: String(T0),
        durationNs: 812_345_679,
        statusCode: "Error",
        attributes: { "http.request.method": "GET", "http.route": "/orders/:id", "http.response.status_code": "500" },
      },
      {
        ...common,
        spanId: CLIENT_ID,
        parentSpanId: SERVER_ID,
        name: "GET",
        kind: "Client",
        startTime: expect.any(Number),
        startTimeUnixNano: String(T0 + 1_000_001n),
        durationNs: 799_000_001,
        statusCode: "Unset",
        attributes: { "server.address": "inventory", "server.port": "8080" },
      },
    ]);

    const catalog = await get<MetricsResponse>("/metrics");
    expect(catalog.metrics.find((m) => m.name === "agent.test.request.duration")).toEqual({
      name: "agent.test.request.duration",
      type: "histogram",
      unit: "s",
      description: "Server request duration seen by the agent",
      services: ["orders"],
      units: ["s"],
    });

    const from = Number(T0 / 1_000_000n) - 60_000;
    const to = from + 180_000;
    const series = await get<MetricSeriesResponse>(
      `/metrics/series?metric=agent.test.request.duration&agg=p99&groupBy=http.route&from=${from}&to=${to}`,
    );
    expect(series.series.map((s) => s.labels)).toEqual([{ "http.route": "/orders/:id" }]);
    expect(series.exemplars).toEqual([
      {
        timestamp: expect.any(Number),
        value: 0.812345679,
        traceId: TRACE_ID,
        spanId: SERVER_ID,
        serviceName: "orders",
        labels: { "http.route": "/orders/:id" },
      },
    ]);
    // The API gives exemplar times as fractional epoch ms; the exact nanoseconds are checked in
    // metrics.test.ts through the decoder.
    expect(series.exemplars[0]?.timestamp).toBeCloseTo(Number(T0 + 812_345_679n) / 1e6, 2);
  });

  it("a missing ingest key: the batch is dropped, counted, and the api's message logged once", async () => {
    const logs: string[] = [];
    const exporter = new OtlpHttpExporter({ endpoint: otlp, log: (line) => logs.push(line) });
    exporter.addSpans(spans);
    await exporter.flush();
    exporter.addMetrics(metrics);
    await exporter.flush();
    exporter.addSpans(spans);
    await exporter.flush();
    expect(exporter.stats()).toMatchObject({ sentSpans: 0, failedSpans: 4, failedMetricPoints: 1, retries: 0 });
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/\/v1\/traces answered 401: .*ingest key/);
    expect(logs[1]).toMatch(/\/v1\/metrics answered 401: .*ingest key/);
    await exporter.shutdown();
  });

  it("a span the api refuses (all-zero span ID) is counted as rejected from the partial success", async () => {
    const logs: string[] = [];
    const exporter = new OtlpHttpExporter({
      endpoint: otlp,
      headers: { authorization: `Bearer ${KEY}` },
      log: (line) => logs.push(line),
    });
    const good = { ...spans[0], spanId: "0000000000000abc", traceId: "00000000000000000000000000000def" } as AgentSpan;
    const bad = { ...good, spanId: "0000000000000000" };
    exporter.addSpans([good, bad]);
    await exporter.shutdown();
    expect(exporter.stats()).toMatchObject({ sentSpans: 1, rejectedSpans: 1, failedSpans: 0 });
    expect(logs).toEqual([expect.stringMatching(/the api refused 1 of 2 spans: .*span_id/)]);
    const stored = await get<TraceResponse>("/traces/00000000000000000000000000000def");
    expect(stored.spans.map((s) => s.spanId)).toEqual(["0000000000000abc"]);
  });
});
