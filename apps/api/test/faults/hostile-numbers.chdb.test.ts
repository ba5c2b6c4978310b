// Numbers no sender should send, over OTLP/HTTP (protobuf and JSON) and gRPC, into real chDB:
// NaN and ±Infinity values, and histograms whose buckets disagree with their bounds, their
// count or their own order. Each request is accepted or refused naming the problem (never a
// server error), and every read of what was stored (each aggregation of /metrics/series, the
// metric list and an alert preview) answers 2xx or 4xx, never a 500.
import * as grpc from "@grpc/grpc-js";
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import type { ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { METRIC_AGGS } from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawExport } from "../helpers/grpc-client.ts";
import { callJson } from "../helpers/json-api.ts";
import { startTestService, type TestService } from "../helpers/service.ts";
import { makeMetrics } from "../helpers/telemetry.ts";

let svc: TestService;
let api: string;
beforeAll(async () => {
  svc = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${svc.service.ports.api}/api/v1`;
});
afterAll(async () => {
  await svc?.close();
});

interface Point {
  value: number | { buckets: { boundaries: number[]; counts: number[] }; count: number; sum?: number };
}
interface Metric {
  descriptor: { name: string };
  dataPoints: Point[];
}

/**
 * The SDK's collection (a counter, a histogram, a gauge), made hostile: the counter's points
 * are ±Infinity and NaN, the gauge's NaN, and each histogram point is inconsistent in its own
 * way. Metric names start with `prefix` so each transport's are read back on their own.
 */
async function hostileMetrics(prefix: string): Promise<ResourceMetrics> {
  const { metrics } = await makeMetrics(`hostile-${prefix}`);
  const all = metrics.scopeMetrics.flatMap((s) => s.metrics) as unknown as Metric[];
  const histogramBreaks = [
    // More counts than bounds + 1, NaN sum, a count that is not the counts' total.
    (v: Extract<Point["value"], object>) =>
      Object.assign(v, { count: 1, sum: Number.NaN, buckets: { boundaries: [1, 2], counts: [5, 5, 5, 5, 5] } }),
    // Fewer counts, unsorted and non-finite bounds.
    (v: Extract<Point["value"], object>) =>
      Object.assign(v, { buckets: { boundaries: [5, Number.POSITIVE_INFINITY, 1, Number.NaN], counts: [1] } }),
  ];
  const specials = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN];
  for (const metric of all) {
    metric.descriptor.name = `${prefix}.${metric.descriptor.name}`;
    metric.dataPoints.forEach((point, i) => {
      if (typeof point.value === "number") point.value = specials[i % specials.length] as number;
      else histogramBreaks[i % histogramBreaks.length]?.(point.value);
    });
  }
  return metrics;
}

const prefixOf = (transport: string) => transport.replace(/\W/g, "-");
const TRANSPORTS = ["http/protobuf", "http/json", "grpc"] as const;

/** Sends over `transport`; returns whether it was stored and the message a refusal carried. */
async function send(transport: (typeof TRANSPORTS)[number]): Promise<{ accepted: boolean; message: string }> {
  const metrics = await hostileMetrics(prefixOf(transport));
  if (transport === "grpc") {
    const { error } = await rawExport(
      svc.otlpGrpc,
      "metrics",
      ProtobufMetricsSerializer.serializeRequest(metrics) as Uint8Array,
    );
    if (error) expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    return { accepted: !error, message: error?.details ?? "" };
  }
  const json = transport === "http/json";
  const response = await fetch(`${svc.otlpHttp}/v1/metrics`, {
    method: "POST",
    body: (json ? JsonMetricsSerializer : ProtobufMetricsSerializer).serializeRequest(metrics) as Uint8Array,
    headers: { "content-type": json ? "application/json" : "application/x-protobuf" },
  });
  const text = await response.text();
  expect([200, 400]).toContain(response.status);
  return { accepted: response.status === 200, message: response.status === 200 ? "" : text };
}

describe("fault: hostile OTLP — NaN, ±Infinity and inconsistent histograms", () => {
  it.each(TRANSPORTS)(
    "over %s: accepted, or refused naming the problem; the service still serves",
    async (transport) => {
      const { accepted, message } = await send(transport);
      if (!accepted) expect(message.length).toBeGreaterThan(10);
      expect((await fetch(`${svc.otlpHttp}/healthz`)).status).toBe(200);
    },
  );

  it("every read of what was stored answers 2xx or 4xx", async () => {
    const listed = await callJson<{ metrics: { name: string }[] }>(api, "GET", "/metrics?from=now-1h");
    expect(listed.status).toBe(200);
    const names = listed.body.metrics
      .map((m) => m.name)
      .filter((n) => TRANSPORTS.some((t) => n.startsWith(prefixOf(t))));
    // The protobuf bodies carry these values as they are; at least those must have been stored.
    expect(names.length).toBeGreaterThanOrEqual(3);
    const answers: string[] = [];
    for (const metric of names)
      for (const agg of ["", ...METRIC_AGGS]) {
        const path = `/metrics/series?from=now-1h&metric=${encodeURIComponent(metric)}&agg=${agg}`;
        const { status } = await callJson(api, "GET", path);
        if (status >= 500) answers.push(`${path} → ${status}`);
        const preview = await callJson(api, "POST", "/alert-rules/preview", {
          rule: { query: { metric, aggregation: agg || "avg", window: "1m" }, condition: { op: ">", threshold: 1 } },
          from: "now-1h",
          to: "now",
        });
        if (preview.status >= 500) answers.push(`preview ${metric} ${agg} → ${preview.status}`);
      }
    expect(answers).toEqual([]);
  });
});
