// Repeated filters through the running service: `attr=k=a&attr=k=b` answers the union of k=a
// and k=b (before, the two were ANDed: always empty), `service=` and `name=` take several
// values, `!=` on one key is none of them, different keys stay ANDed. Spans, logs and metrics
// are sent by the real OpenTelemetry SDK exporters (OTLP/protobuf) and read back over HTTP.
import { SeverityNumber } from "@opentelemetry/api-logs";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type {
  LogHistogramResponse,
  LogsResponse,
  MetricSeriesResponse,
  TraceSearchResponse,
} from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportLogs, exportMetrics, exportSpans } from "./helpers/exporters.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeMetrics } from "./helpers/telemetry.ts";

/** Service, http.route (own attribute), deployment.environment (resource attribute). */
const ROWS = [
  ["cart", "/a", "prod"],
  ["cart", "/b", "staging"],
  ["checkout", "/a", "dev"],
  ["checkout", "/c", "prod"],
  ["payments", "/b", "prod"],
] as const;

let t: TestService;

async function send(): Promise<void> {
  const options = { httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc };
  for (const [service, route, env] of ROWS) {
    const resource = resourceFromAttributes({ "service.name": service, "deployment.environment": env });
    const spans = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(spans)] });
    tracer
      .getTracer("any-of")
      .startSpan(`GET ${route}`, { attributes: { "http.route": route } })
      .end();
    expect((await exportSpans("proto", spans.getFinishedSpans(), options)).code).toBe(0);
    const logs = new InMemoryLogRecordExporter();
    const logger = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: logs })] });
    logger.getLogger("any-of").emit({
      severityNumber: SeverityNumber.INFO,
      body: `${service} ${route}`,
      attributes: { "http.route": route },
    });
    expect((await exportLogs("proto", logs.getFinishedLogRecords(), options)).code).toBe(0);
  }
  // test.requests: one series per route /a, /b, /c of each service.
  for (const service of ["cart", "checkout"]) {
    expect((await exportMetrics("proto", (await makeMetrics(service)).metrics, options)).code).toBe(0);
  }
}

beforeAll(async () => {
  t = await startTestService({}, { roles: "ingest,query" });
  await send();
});
afterAll(async () => {
  await t?.close();
});

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${t.api}/api/v1${path}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}

/** "service route" of what each signal finds, sorted. */
async function found(query: string): Promise<{ traces: string[]; logs: string[]; histogram: number }> {
  const traces = await get<TraceSearchResponse>(`/traces?${query}`);
  const logs = await get<LogsResponse>(`/logs?${query}`);
  const histogram = await get<LogHistogramResponse>(`/logs/histogram?${query}`);
  return {
    traces: traces.traces.map((s) => `${s.rootServiceName} ${s.rootName.replace("GET ", "")}`).sort(),
    logs: logs.logs.map((l) => l.body).sort(),
    histogram: histogram.total,
  };
}

const rows = (...picked: number[]) => picked.map((i) => `${ROWS[i]?.[0]} ${ROWS[i]?.[1]}`).sort();

describe("repeated filters answer the union", () => {
  it.each([
    ["attr=http.route=/a&attr=http.route=/b", [0, 1, 2, 4]],
    ["attr=deployment.environment=dev&attr=deployment.environment=staging", [1, 2]],
    ["attr=service.name=cart&attr=service.name=payments", [0, 1, 4]],
    ["service=cart&service=payments", [0, 1, 4]],
    ["service=checkout", [2, 3]],
    ["attr=http.route=/a&attr=http.route=/b&attr=deployment.environment=prod", [0, 4]],
    ["attr=http.route!=/a&attr=http.route!=/b", [3]],
  ])("%s", async (query, picked) => {
    const expected = rows(...picked);
    expect(await found(query)).toEqual({ traces: expected, logs: expected, histogram: expected.length });
  });

  it("on span names", async () => {
    const traces = await get<TraceSearchResponse>("/traces?name=GET%20/a&name=GET%20/c");
    expect(traces.traces.map((s) => `${s.rootServiceName} ${s.rootName.replace("GET ", "")}`).sort()).toEqual(
      rows(0, 2, 3),
    );
  });

  it("on metric series", async () => {
    const series = await get<MetricSeriesResponse>(
      "/metrics/series?metric=test.requests&groupBy=service.name,route&filter=route=/a&filter=route=/c&filter=service.name=cart&filter=service.name=checkout",
    );
    expect(series.series.map((s) => `${s.labels["service.name"]} ${s.labels.route}`).sort()).toEqual([
      "cart /a",
      "cart /c",
      "checkout /a",
      "checkout /c",
    ]);
  });
});
