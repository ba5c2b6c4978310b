// The manual HTTP instrumentation in one process: two services with their own telemetry and
// in-memory exporters, one calling the other; checks the SERVER/CLIENT spans, traceparent
// propagation, error status and exception events, trace-stamped logs and exemplars.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemoryLogRecordExporter, type ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { AggregationTemporality, InMemoryMetricExporter } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callService } from "../src/http/client.ts";
import { HttpError, type RunningHttpService, serveHttp } from "../src/http/server.ts";
import { seriesKey } from "../src/telemetry/exemplars.ts";
import { installContext, type ServiceTelemetry, startTelemetry } from "../src/telemetry/setup.ts";

interface Sinks {
  spans: InMemorySpanExporter;
  logs: InMemoryLogRecordExporter;
  telemetry: ServiceTelemetry;
}

function memoryTelemetry(serviceName: string): Sinks {
  const spans = new InMemorySpanExporter();
  const logs = new InMemoryLogRecordExporter();
  const telemetry = startTelemetry({
    serviceName,
    endpoint: "http://127.0.0.1:9",
    exporters: () => ({ spans, logs, metrics: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE) }),
  });
  return { spans, logs, telemetry };
}

// A loaded test machine can make any request "slow"; these tests expect INFO access logs.
const NEVER_SLOW = { slowMs: 60_000 };

let uninstall: () => void;
let front: Sinks;
let back: Sinks;
let frontHttp: RunningHttpService;
let backHttp: RunningHttpService;

beforeAll(async () => {
  uninstall = installContext();
  front = memoryTelemetry("front");
  back = memoryTelemetry("back");
  backHttp = await serveHttp(
    back.telemetry,
    [
      {
        method: "GET",
        route: "/item/:id",
        async handle({ params }) {
          if (params.id === "boom") throw new Error("kaput");
          return { status: 200, body: { id: params.id } };
        },
      },
    ],
    NEVER_SLOW,
  );
  frontHttp = await serveHttp(
    front.telemetry,
    [
      {
        method: "GET",
        route: "/page/:id",
        async handle({ params }) {
          const item = await callService(front.telemetry.tracer, {
            method: "GET",
            url: `${backHttp.url}/item/${params.id}`,
            route: "/item/:id",
            peerService: "back",
          });
          if (item.status >= 500) throw new HttpError(502, "back failed", "UpstreamError");
          return { status: 200, body: item.body };
        },
      },
    ],
    NEVER_SLOW,
  );
});

afterAll(async () => {
  await Promise.all([frontHttp?.close(), backHttp?.close()]);
  await Promise.all([front?.telemetry.shutdown(), back?.telemetry.shutdown()]);
  uninstall?.();
});

async function flushed(): Promise<{ spans: ReadableSpan[]; logs: ReadableLogRecord[] }> {
  await Promise.all([front.telemetry.flush(), back.telemetry.flush()]);
  return {
    spans: [...front.spans.getFinishedSpans(), ...back.spans.getFinishedSpans()],
    logs: [...front.logs.getFinishedLogRecords(), ...back.logs.getFinishedLogRecords()],
  };
}

const service = (s: ReadableSpan) => s.resource.attributes["service.name"];
const parentId = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe("HTTP instrumentation", () => {
  it("continues the caller's trace across services with SERVER and CLIENT spans", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const callerSpanId = "b7ad6b7169203331";
    const response = await fetch(`${frontHttp.url}/page/7`, {
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "7" });

    const { spans, logs } = await flushed();
    const ofTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const frontServer = ofTrace.find((s) => s.kind === SpanKind.SERVER && service(s) === "front");
    const client = ofTrace.find((s) => s.kind === SpanKind.CLIENT);
    const backServer = ofTrace.find((s) => s.kind === SpanKind.SERVER && service(s) === "back");
    expect(frontServer?.name).toBe("GET /page/:id");
    expect(parentId(frontServer as ReadableSpan)).toBe(callerSpanId);
    expect(frontServer?.attributes).toMatchObject({
      "http.request.method": "GET",
      "url.path": "/page/7",
      "http.route": "/page/:id",
      "http.response.status_code": 200,
      "server.port": frontHttp.port,
    });
    expect(client?.name).toBe("GET /item/:id");
    expect(parentId(client as ReadableSpan)).toBe(frontServer?.spanContext().spanId);
    expect(client?.attributes).toMatchObject({ "peer.service": "back", "http.response.status_code": 200 });
    expect(parentId(backServer as ReadableSpan)).toBe(client?.spanContext().spanId);
    expect(backServer?.status.code).toBe(SpanStatusCode.UNSET);

    const access = logs.filter((l) => l.spanContext?.traceId === traceId);
    expect(access.map((l) => [l.resource.attributes["service.name"], l.severityText]).sort()).toEqual([
      ["back", "INFO"],
      ["front", "INFO"],
    ]);
    expect(access.find((l) => l.resource.attributes["service.name"] === "back")?.spanContext?.spanId).toBe(
      backServer?.spanContext().spanId,
    );
  });

  it("marks failures as errors with exception events and ERROR logs that carry the exception", async () => {
    const response = await fetch(`${frontHttp.url}/page/boom`);
    expect(response.status).toBe(502);

    const { spans, logs } = await flushed();
    const backServer = spans.find((s) => service(s) === "back" && s.attributes["url.path"] === "/item/boom");
    const traceId = backServer?.spanContext().traceId;
    const ofTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    expect(ofTrace).toHaveLength(3);
    for (const span of ofTrace) expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(backServer?.attributes).toMatchObject({ "http.response.status_code": 500, "error.type": "Error" });
    expect(backServer?.events.find((e) => e.name === "exception")?.attributes).toMatchObject({
      "exception.message": "kaput",
    });
    const client = ofTrace.find((s) => s.kind === SpanKind.CLIENT);
    expect(client?.attributes).toMatchObject({ "http.response.status_code": 500, "error.type": "500" });

    const backLog = logs.find(
      (l) => l.spanContext?.traceId === traceId && l.resource.attributes["service.name"] === "back",
    );
    expect(backLog?.severityText).toBe("ERROR");
    expect(backLog?.attributes).toMatchObject({ "exception.type": "Error", "exception.message": "kaput" });
    expect(String(backLog?.attributes["exception.stacktrace"])).toMatch(/kaput/);
  });

  it("answers 404 for unknown routes without an error status", async () => {
    const response = await fetch(`${frontHttp.url}/nowhere`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    const { spans } = await flushed();
    const span = spans.find((s) => s.attributes["url.path"] === "/nowhere");
    expect(span?.name).toBe("POST");
    expect(span?.attributes["http.route"]).toBeUndefined();
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("keeps an exemplar of the SERVER span for each request's duration series", async () => {
    back.telemetry.requestDuration.reservoir.drain();
    await fetch(`${frontHttp.url}/page/9`);
    const { spans } = await flushed();
    const backServer = spans.find((s) => service(s) === "back" && s.attributes["url.path"] === "/item/9");
    const series = seriesKey({
      "http.request.method": "GET",
      "http.response.status_code": 200,
      "http.route": "/item/:id",
    });
    const exemplars = back.telemetry.requestDuration.reservoir.drain().get(series) ?? [];
    expect(exemplars).toHaveLength(1);
    expect(exemplars[0]).toMatchObject({
      traceId: backServer?.spanContext().traceId,
      spanId: backServer?.spanContext().spanId,
    });
    // In seconds, as the semantic conventions have it: measured inside the span, so no longer.
    const [s, ns] = backServer?.duration ?? [0, 0];
    expect(exemplars[0]?.value).toBeGreaterThan(0);
    expect(exemplars[0]?.value).toBeLessThanOrEqual(s + ns / 1e9 + 0.001);
  });
});
