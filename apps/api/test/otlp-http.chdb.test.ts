// OTLP/HTTP end to end over real chDB: the OpenTelemetry JS SDK's own exporters (protobuf and
// JSON, plain and gzip) send traces, logs and metrics to the running receiver; the rows are
// then read back with SQL and compared with what the SDK sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientOptions, exportLogs, exportMetrics, exportSpans } from "./helpers/exporters.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { makeLogs, makeMetrics, makeSpans } from "./helpers/telemetry.ts";

let t: TestService;
let client: ClientOptions;

beforeAll(async () => {
  t = await startTestService();
  client = { httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc };
});
afterAll(async () => {
  await t?.close();
});

interface StoredSpan {
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  SpanName: string;
  ServiceName: string;
  SpanKind: string;
  Duration: number | string;
  route: string;
  events: number | string;
}

describe.each([
  { protocol: "proto" as const, gzip: false },
  { protocol: "proto" as const, gzip: true },
  { protocol: "json" as const, gzip: false },
  { protocol: "json" as const, gzip: true },
])("OTLP/HTTP $protocol (gzip: $gzip)", ({ protocol, gzip }) => {
  const service = `http-${protocol}-${gzip ? "gz" : "plain"}`;

  it("stores every span the SDK exporter sent, field for field", async () => {
    const spans = makeSpans(service, 25);
    const outcome = await exportSpans(protocol, spans, { ...client, gzip });
    expect(outcome.error).toBeUndefined();
    expect(outcome.code).toBe(0);

    const rows = await t.rows<StoredSpan>(
      `SELECT TraceId, SpanId, ParentSpanId, SpanName, ServiceName, SpanKind, Duration,
              SpanAttributes['http.route'] AS route, length(Events.Name) AS events
       FROM otel_traces WHERE ServiceName = '${service}'`,
    );
    expect(rows).toHaveLength(spans.length);
    const byId = new Map(rows.map((r) => [r.SpanId, r]));
    for (const span of spans) {
      const row = byId.get(span.spanContext().spanId);
      expect(row, `span ${span.name}`).toBeDefined();
      expect(row).toMatchObject({
        TraceId: span.spanContext().traceId,
        ParentSpanId: span.parentSpanContext?.spanId ?? "",
        SpanName: span.name,
        ServiceName: service,
      });
      const durationNs = BigInt(span.duration[0]) * 1_000_000_000n + BigInt(span.duration[1]);
      expect(BigInt(row?.Duration ?? -1)).toBe(durationNs);
      expect(Number(row?.events)).toBe(span.events.length);
      if (span.name.startsWith("GET")) expect(row?.route).toBe("/items/:id");
    }
  });

  it("stores every log record", async () => {
    const logs = makeLogs(service, 30);
    const outcome = await exportLogs(protocol, logs, { ...client, gzip });
    expect(outcome.error).toBeUndefined();
    const rows = await t.rows<{ Body: string; SeverityText: string; SeverityNumber: number }>(
      `SELECT Body, SeverityText, SeverityNumber FROM otel_logs WHERE ServiceName = '${service}' ORDER BY Body`,
    );
    expect(rows).toHaveLength(30);
    const expected = logs
      .map((l) => ({ Body: String(l.body), SeverityText: l.severityText, SeverityNumber: l.severityNumber }))
      .sort((a, b) => a.Body.localeCompare(b.Body));
    expect(rows.map((r) => ({ ...r, SeverityNumber: Number(r.SeverityNumber) }))).toEqual(expected);
  });

  it("stores every metric data point in its table", async () => {
    const { metrics } = await makeMetrics(service);
    const outcome = await exportMetrics(protocol, metrics, { ...client, gzip });
    expect(outcome.error).toBeUndefined();
    const where = `ServiceName = '${service}'`;
    const sums = await t.rows<{ route: string; Value: number }>(
      `SELECT Attributes['route'] AS route, Value FROM otel_metrics_sum WHERE ${where} AND MetricName = 'test.requests' ORDER BY route`,
    );
    expect(sums).toEqual([
      { route: "/a", Value: 20 },
      { route: "/b", Value: 20 },
      { route: "/c", Value: 20 },
    ]);
    const histograms = await t.rows<{ route: string; Count: number | string; Sum: number }>(
      `SELECT Attributes['route'] AS route, Count, Sum FROM otel_metrics_histogram WHERE ${where} ORDER BY route`,
    );
    expect(histograms.map((h) => [h.route, Number(h.Count), h.Sum])).toEqual([
      ["/a", 10, 500], // i odd: 5+15+...+95
      ["/b", 10, 450], // i even: 0+10+...+90
    ]);
    const gauges = await t.rows<{ Value: number; MetricUnit: string }>(
      `SELECT Value, MetricUnit FROM otel_metrics_gauge WHERE ${where}`,
    );
    expect(gauges).toEqual([{ Value: 21.5, MetricUnit: "Cel" }]);
  });
});

describe("health on the OTLP/HTTP port", () => {
  it("/healthz and /readyz answer 200", async () => {
    const health = await fetch(`${t.otlpHttp}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${t.otlpHttp}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { store: "ok", migrations: "ok" } });
  });
});
