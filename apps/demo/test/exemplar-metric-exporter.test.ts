// The exemplar exporter end to end inside one process: a real MeterProvider and periodic
// reader, histogram measurements made inside (sampled and unsampled) span contexts, and the
// OTLP/JSON request body the exporter POSTs to a local OTLP receiver (@tracelight/testkit).
import { type Counter, ROOT_CONTEXT, type SpanContext, TraceFlags, trace } from "@opentelemetry/api";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { type OtlpReceiver, startOtlpReceiver } from "@tracelight/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExemplarMetricExporter } from "../src/telemetry/exemplar-metric-exporter.ts";
import { ExemplarHistogram, type ExemplarReservoir } from "../src/telemetry/exemplars.ts";

interface JsonPoint {
  attributes: { key: string; value: Record<string, unknown> }[];
  exemplars?: { timeUnixNano: string; asDouble: number; traceId: string; spanId: string }[];
  bucketCounts?: unknown[];
  explicitBounds?: number[];
}
interface JsonMetric {
  name: string;
  unit: string;
  histogram?: { dataPoints: JsonPoint[] };
  sum?: { dataPoints: JsonPoint[] };
}
interface JsonRequest {
  resourceMetrics: {
    resource: { attributes: { key: string; value: Record<string, unknown> }[] };
    scopeMetrics: { metrics: JsonMetric[] }[];
  }[];
}

const spanCtx = (n: number, sampled = true): SpanContext => ({
  traceId: `${"ab".repeat(15)}${n.toString(16).padStart(2, "0")}`,
  spanId: `${"cd".repeat(7)}${n.toString(16).padStart(2, "0")}`,
  traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
});
const inSpan = (n: number, sampled = true) => trace.setSpanContext(ROOT_CONTEXT, spanCtx(n, sampled));

const route = (p: JsonPoint) => p.attributes.find((a) => a.key === "http.route")?.value.stringValue;

let capture: OtlpReceiver;
let provider: MeterProvider;
let reader: PeriodicExportingMetricReader;
let histogram: ExemplarHistogram;
let counter: Counter;
/** Every export result, in order (the reader itself only logs failures). */
let results: ExportResult[];

beforeEach(async () => {
  capture = await startOtlpReceiver();
  const reservoirs = new Map<string, ExemplarReservoir>();
  const exporter = new ExemplarMetricExporter({ url: `${capture.url}/v1/metrics`, reservoirs });
  results = [];
  const exportOnce = exporter.export.bind(exporter);
  exporter.export = (metrics, done) =>
    exportOnce(metrics, (result) => {
      results.push(result);
      done(result);
    });
  reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: 3_600_000,
  });
  provider = new MeterProvider({ resource: resourceFromAttributes({ "service.name": "checkout" }), readers: [reader] });
  const meter = provider.getMeter("test");
  histogram = new ExemplarHistogram(meter, "http.server.request.duration", {
    unit: "ms",
    description: "d",
    bounds: [10, 100],
  });
  reservoirs.set(histogram.name, histogram.reservoir);
  counter = meter.createCounter("http.server.requests");
});

afterEach(async () => {
  await provider.shutdown().catch(() => {});
  await capture.close();
});

function lastRequest(): JsonRequest {
  const request = capture.requests.at(-1);
  if (!request) throw new Error("nothing was exported");
  return JSON.parse(request.body.toString()) as JsonRequest;
}

function metric(body: JsonRequest, name: string): JsonMetric {
  const found = body.resourceMetrics[0]?.scopeMetrics[0]?.metrics.find((m) => m.name === name);
  if (!found) throw new Error(`no metric ${name}`);
  return found;
}

describe("ExemplarMetricExporter", () => {
  it("POSTs OTLP/JSON to /v1/metrics with exemplars on the matching histogram data points", async () => {
    const a = { "http.request.method": "GET", "http.route": "/a", "http.response.status_code": 200 };
    histogram.record(4, a, inSpan(1));
    histogram.record(6, a, inSpan(2)); // same bucket as 4: the latest wins
    histogram.record(
      60,
      { "http.response.status_code": 200, "http.route": "/a", "http.request.method": "GET" },
      inSpan(3),
    );
    histogram.record(700, { ...a, "http.route": "/b" }, inSpan(4, false)); // unsampled: no exemplar
    histogram.record(800, { ...a, "http.route": "/b" }, ROOT_CONTEXT); // no span: no exemplar
    counter.add(1, a, inSpan(1));
    await reader.forceFlush();

    expect(results.map((r) => r.code)).toEqual([ExportResultCode.SUCCESS]);
    expect(capture.requests).toHaveLength(1);
    expect(capture.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/metrics",
      headers: { "content-type": "application/json" },
    });
    const body = lastRequest();
    expect(body.resourceMetrics[0]?.resource.attributes).toContainEqual({
      key: "service.name",
      value: { stringValue: "checkout" },
    });
    const duration = metric(body, "http.server.request.duration");
    expect(duration.unit).toBe("ms");
    const points = duration.histogram?.dataPoints ?? [];
    expect(points.map(route).sort()).toEqual(["/a", "/b"]);
    const pointA = points.find((p) => route(p) === "/a");
    expect(pointA?.explicitBounds).toEqual([10, 100]);
    expect(pointA?.exemplars).toEqual([
      {
        timeUnixNano: expect.stringMatching(/^\d{19}$/),
        asDouble: 6,
        traceId: spanCtx(2).traceId,
        spanId: spanCtx(2).spanId,
      },
      {
        timeUnixNano: expect.stringMatching(/^\d{19}$/),
        asDouble: 60,
        traceId: spanCtx(3).traceId,
        spanId: spanCtx(3).spanId,
      },
    ]);
    for (const e of pointA?.exemplars ?? []) {
      expect(e.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(e.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(points.find((p) => route(p) === "/b")?.exemplars).toBeUndefined();
    // Other metrics pass through as the SDK serializer wrote them.
    expect(metric(body, "http.server.requests").sum?.dataPoints[0]?.exemplars).toBeUndefined();
  });

  it("sends each exemplar in one export only (cumulative points keep counting)", async () => {
    const a = { "http.route": "/a" };
    histogram.record(5, a, inSpan(1));
    await reader.forceFlush();
    histogram.record(500, a, inSpan(2));
    await reader.forceFlush();
    await reader.forceFlush();
    const [first, second, third] = capture.requests.map(
      (r) =>
        metric(JSON.parse(r.body.toString()) as JsonRequest, "http.server.request.duration").histogram?.dataPoints[0],
    );
    expect(first?.exemplars?.map((e) => e.asDouble)).toEqual([5]);
    expect(second?.exemplars?.map((e) => e.asDouble)).toEqual([500]);
    expect(second?.bucketCounts?.map(Number)).toEqual([1, 0, 1]);
    expect(third?.exemplars).toBeUndefined();
  });

  it("fails the export on an HTTP error and on a partial success that rejected points", async () => {
    histogram.record(5, {}, inSpan(1));
    capture.answer = () => ({ status: 503, body: "busy" });
    await reader.forceFlush();
    const partial = { partialSuccess: { rejectedDataPoints: "2", errorMessage: "bad id" } };
    capture.answer = () => ({ status: 200, body: JSON.stringify(partial) });
    await reader.forceFlush();
    expect(results.map((r) => r.code)).toEqual([ExportResultCode.FAILED, ExportResultCode.FAILED]);
    expect(results[0]?.error?.message).toMatch(/HTTP 503/);
    expect(results[1]?.error?.message).toMatch(/rejected data points: 2 \(bad id\)/);
  });

  it("fails the export, without throwing, when the endpoint is not up", async () => {
    await capture.close();
    histogram.record(5, {}, inSpan(1));
    await reader.forceFlush();
    expect(results).toHaveLength(1);
    expect(results[0]?.code).toBe(ExportResultCode.FAILED);
    expect(results[0]?.error?.message).toMatch(/ECONNREFUSED/);
  });
});
