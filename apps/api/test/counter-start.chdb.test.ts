// Cumulative series count from their start: a counter or histogram whose StartTimeUnix lies
// inside the range adds its first point's whole value (the increase since that start), as an
// SDK's (or the agent's) first export of a new series does; one started before the range, or a
// true reset point (start equal to its time, a baseline of unknown history), adds nothing.
// Sent through the real SDK exporter, and as rows for the starts the JS SDK does not make.
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import type { MetricSeriesResponse } from "@tracelight/contracts";
import { TelemetryWriter } from "@tracelight/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricRowBase } from "./helpers/cycle-fixtures.ts";
import { exportMetrics } from "./helpers/exporters.ts";
import { callJson } from "./helpers/json-api.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { CollectingReader } from "./helpers/telemetry.ts";

let svc: TestService;
let from: number;

/** Two cumulative collections of a counter (3, then 3 + 2) and one of a histogram (4 values), through the SDK's exporter. */
async function sendThroughSdk(): Promise<void> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": "sdk" }),
    readers: [reader],
  });
  const meter = provider.getMeter("counter-start-test");
  const jobs = meter.createCounter("jobs.done", { unit: "{job}" });
  const latency = meter.createHistogram("job.duration", { unit: "s" });
  const send = async () => {
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    const outcome = await exportMetrics("proto", resourceMetrics, {
      httpBase: svc.otlpHttp,
      grpcAddress: svc.otlpGrpc,
    });
    expect(outcome.code).toBe(0);
  };
  jobs.add(3);
  for (const v of [0.1, 0.2, 0.3, 0.4]) latency.record(v);
  // The SDK's times are whole milliseconds: collected in the measurement's millisecond, the
  // point would look like a true reset point (start equal to its time).
  await new Promise((resolve) => setTimeout(resolve, 5));
  await send();
  jobs.add(2);
  await send();
  await provider.shutdown();
}

/** Cumulative jobs.done points of one service: [start, time, value], epoch ms. */
async function writeCounter(service: string, points: [number, number, number][]): Promise<void> {
  const ns = (ms: number) => BigInt(ms) * 1_000_000n;
  const series = { service, resource: {}, attributes: {} };
  await new TelemetryWriter(svc.service.transport).insertMetrics({
    gauge: [],
    sum: points.map(([start, time, value]) => ({
      ...metricRowBase(series, "jobs.done", "{job}", ns(start), ns(time)),
      Value: value,
      Exemplars: [],
      AggregationTemporality: 2,
      IsMonotonic: true,
    })),
    histogram: [],
    exponentialHistogram: [],
    summary: [],
  });
}

beforeAll(async () => {
  svc = await startTestService({}, { roles: "ingest,query" });
  from = Date.now() - 60_000;
  await sendThroughSdk();
  // Prometheus-style: the first point read is a true reset point, then 10 more.
  await writeCounter("scraped", [
    [from + 1_000, from + 1_000, 1000],
    [from + 1_000, from + 2_000, 1010],
  ]);
  // Started an hour before the range: how much of 50 fell inside it is unknown.
  await writeCounter("long-running", [[from - 3_600_000, from + 1_000, 50]]);
  // 100 → 130, then a restart at from+3.5s counts its 5 from that start.
  await writeCounter("restarted", [
    [from - 3_600_000, from + 1_000, 100],
    [from - 3_600_000, from + 2_000, 130],
    [from + 3_500, from + 4_000, 5],
  ]);
});

afterAll(async () => {
  await svc?.close();
});

/** Each service's total over the range (one step). */
async function totals(metric: string, agg: string): Promise<Record<string, number>> {
  const query = `metric=${metric}&agg=${agg}&groupBy=service.name&from=${from}&to=${Date.now() + 60_000}&step=1h`;
  const { status, body } = await callJson<MetricSeriesResponse>(
    `http://127.0.0.1:${svc.service.ports.api}/api/v1`,
    "GET",
    `/metrics/series?${query}`,
  );
  expect(status).toBe(200);
  return Object.fromEntries(
    body.series.map((s) => [s.labels["service.name"], s.points.reduce((a, [, v]) => a + (v ?? 0), 0)]),
  );
}

describe("cumulative series that start inside the range", () => {
  it("count a counter's first export from its start, not from zero increase", async () => {
    expect(await totals("jobs.done", "increase")).toEqual({
      sdk: 5,
      scraped: 10,
      "long-running": 0,
      restarted: 35,
    });
  });

  it("count a histogram's first export", async () => {
    expect(await totals("job.duration", "count")).toEqual({ sdk: 4 });
  });
});
