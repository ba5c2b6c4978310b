// OtlpHttpExporter against a real local HTTP receiver (node:http, no mocks): batching, retries,
// refusals, the queue bound, gzip and shutdown.
import { statusJson, statusProto } from "@tracelight/otlp-encode";
import { freePort, type OtlpReceiver, startOtlpReceiver, until } from "@tracelight/testkit";
import { afterEach, describe, expect, it } from "vitest";
import type { AgentSpan, ResourceMetrics } from "../telemetry/model.ts";
import { type ExporterStats, OtlpHttpExporter, type OtlpHttpExporterOptions } from "./exporter.ts";
import { makeSpans, spanIdOf } from "./testing/spans.ts";

let receiver: OtlpReceiver | undefined;
let exporter: OtlpHttpExporter | undefined;
let logs: string[];

afterEach(async () => {
  await exporter?.shutdown(100);
  await receiver?.close();
  exporter = undefined;
  receiver = undefined;
});

function exporterFor(endpoint: string, options: OtlpHttpExporterOptions = {}): OtlpHttpExporter {
  logs = [];
  exporter = new OtlpHttpExporter({
    endpoint,
    // No interval sends unless a test asks for them.
    flushIntervalMs: 3_600_000,
    initialRetryDelayMs: 20,
    maxRetryDelayMs: 200,
    log: (line) => logs.push(line),
    ...options,
  });
  return exporter;
}

const spanIds = (r: OtlpReceiver) => r.acceptedSpans.map((s) => s.SpanId);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Every span handed over is in exactly one of these. */
function accounted(s: ExporterStats): number {
  return (
    s.sentSpans + s.droppedSpans + s.failedSpans + s.rejectedSpans + s.abandonedSpans + s.queuedSpans + s.inFlightSpans
  );
}

const histogramBatch = (service: string): ResourceMetrics => ({
  resource: { "service.name": service },
  metrics: [
    {
      type: "histogram",
      name: "http.server.request.duration",
      unit: "s",
      description: "",
      temporality: "delta",
      points: [
        {
          attributes: { "http.route": "/a" },
          startTimeUnixNano: 1_767_225_600_000_000_000n,
          timeUnixNano: 1_767_225_610_000_000_000n,
          bounds: [0.1, 1],
          counts: [1, 0, 1],
          count: 2,
          sum: 2.05,
          min: 0.05,
          max: 2,
          exemplars: [
            {
              timeUnixNano: 1_767_225_605_123_456_789n,
              value: 2,
              traceId: "5b8efff798038103d269b633813fc60c",
              spanId: "eee19b7ec3c1b174",
            },
          ],
        },
      ],
    },
  ],
});

describe("OtlpHttpExporter: batching", () => {
  it("sends a request as soon as maxSpansPerRequest spans are queued, the rest on flush", async () => {
    receiver = await startOtlpReceiver();
    const e = exporterFor(receiver.url, { maxSpansPerRequest: 100 });
    e.start();
    e.addSpans(makeSpans(250));
    await until("two full batches", () => e.stats().sentSpans === 200);
    expect(receiver.requests).toHaveLength(2);
    expect(e.stats()).toMatchObject({ sentSpans: 200, queuedSpans: 50, inFlightSpans: 0 });
    // The remainder waits for the interval (an hour here) or a flush.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.requests).toHaveLength(2);
    await e.flush();
    expect(receiver.requests.map((r) => r.path)).toEqual(["/v1/traces", "/v1/traces", "/v1/traces"]);
    expect(spanIds(receiver)).toEqual(range(1, 251).map(spanIdOf));
    expect(e.stats()).toMatchObject({ sentSpans: 250, queuedSpans: 0, retries: 0 });
    expect(logs).toEqual([]);
  });

  it("sends what is queued every flushIntervalMs, spans and metrics, without a flush", async () => {
    receiver = await startOtlpReceiver();
    const e = exporterFor(receiver.url, { flushIntervalMs: 100 });
    e.start();
    e.addSpans(makeSpans(5));
    e.addMetrics([histogramBatch("a"), histogramBatch("b")]);
    await until("one request per signal", () => e.stats().sentSpans === 5 && e.stats().sentMetricPoints === 2);
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(["/v1/metrics", "/v1/traces"]);
    expect(spanIds(receiver)).toEqual(range(1, 6).map(spanIdOf));
    expect(e.stats()).toMatchObject({ sentSpans: 5, sentMetricPoints: 2, queuedMetricBatches: 0 });
  });

  it("sends metrics as OTLP/JSON with the exemplars, and the configured headers on every request", async () => {
    receiver = await startOtlpReceiver();
    const e = exporterFor(receiver.url, { headers: { authorization: "Bearer k-123" } });
    e.addMetrics([histogramBatch("checkout")]);
    e.addSpans(makeSpans(1));
    await e.flush();
    const metrics = receiver.requests.find((r) => r.path === "/v1/metrics");
    expect(metrics?.headers["content-type"]).toBe("application/json");
    expect(receiver.requests.map((r) => r.headers.authorization)).toEqual(["Bearer k-123", "Bearer k-123"]);
    const [rows] = receiver.acceptedMetrics;
    expect(rows?.histogram.map((h) => [h.ServiceName, h.Count, h.Exemplars.map((x) => [x.TraceId, x.SpanId])])).toEqual(
      [["checkout", 2n, [["5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174"]]]],
    );
    expect(receiver.requests.find((r) => r.path === "/v1/traces")?.headers["content-type"]).toBe(
      "application/x-protobuf",
    );
  });
});

describe("OtlpHttpExporter: retries", () => {
  it("retries a 503 no sooner than its Retry-After and delivers the batch once", async () => {
    receiver = await startOtlpReceiver();
    receiver.answer = (_r, i) =>
      i === 0 ? { status: 503, headers: { "retry-after": "1" }, body: statusProto(14, "queue full") } : { status: 200 };
    const e = exporterFor(receiver.url, { maxRetryDelayMs: 5_000 });
    e.addSpans(makeSpans(10));
    await e.flush();
    expect(receiver.requests).toHaveLength(2);
    const [first, second] = receiver.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(spanIds(receiver)).toEqual(range(1, 11).map(spanIdOf));
    expect(e.stats()).toMatchObject({ sentSpans: 10, retries: 1, failedSpans: 0 });
    expect(logs).toEqual([
      expect.stringMatching(/POST http:\/\/.*\/v1\/traces failed \(503: queue full\); retrying/),
      expect.stringMatching(/answered again after 1 retries/),
    ]);
  });

  it("keeps retrying while the receiver is down and delivers once it comes up", async () => {
    const port = await freePort();
    const e = exporterFor(`http://127.0.0.1:${port}`);
    e.start();
    e.addSpans(makeSpans(30));
    e.addMetrics([histogramBatch("a")]);
    void e.flush();
    await until("a few retries", () => e.stats().retries >= 4);
    receiver = await startOtlpReceiver(port);
    await e.flush();
    expect(spanIds(receiver)).toEqual(range(1, 31).map(spanIdOf));
    expect(receiver.acceptedMetrics).toHaveLength(1);
    expect(e.stats()).toMatchObject({ sentSpans: 30, sentMetricPoints: 1, droppedSpans: 0, failedSpans: 0 });
    // One line when each signal starts failing, one when it recovers: not one per retry.
    expect(logs.filter((l) => l.includes("ECONNREFUSED"))).toHaveLength(2);
    expect(logs.filter((l) => l.includes("answered again"))).toHaveLength(2);
    expect(logs).toHaveLength(4);
  });

  it("gives up on a request after timeoutMs and sends it again", async () => {
    receiver = await startOtlpReceiver();
    receiver.answer = (_r, i) => (i === 0 ? { status: 200, delayMs: 5_000 } : { status: 200 });
    const e = exporterFor(receiver.url, { timeoutMs: 200 });
    e.addSpans(makeSpans(3));
    await e.flush();
    expect(receiver.requests).toHaveLength(2);
    expect(e.stats()).toMatchObject({ sentSpans: 3, retries: 1 });
    expect(logs[0]).toMatch(/failed \(no answer within 200 ms\); retrying/);
  });

  it("retries 429, 502 and 504 as well", async () => {
    receiver = await startOtlpReceiver();
    const statuses = [429, 502, 504];
    receiver.answer = (_r, i) => ({ status: statuses[i] ?? 200 });
    const e = exporterFor(receiver.url);
    e.addSpans(makeSpans(1));
    await e.flush();
    expect(receiver.requests).toHaveLength(4);
    expect(e.stats()).toMatchObject({ sentSpans: 1, retries: 3 });
  });
});

describe("OtlpHttpExporter: refusals", () => {
  it("drops a batch answered 400, counts it and logs the api's message once", async () => {
    receiver = await startOtlpReceiver();
    const message = "span 0: trace_id must be 16 bytes, got 3";
    receiver.answer = () => ({ status: 400, body: statusProto(3, message) });
    const e = exporterFor(receiver.url, { maxSpansPerRequest: 10 });
    for (let i = 0; i < 3; i++) {
      e.addSpans(makeSpans(10, 1 + i * 10));
      await e.flush();
    }
    expect(receiver.requests).toHaveLength(3);
    expect(e.stats()).toMatchObject({ sentSpans: 0, failedSpans: 30, retries: 0, queuedSpans: 0 });
    expect(logs).toEqual([
      `otlp export: POST ${receiver.url}/v1/traces answered 400: ${message}; dropped 10 spans (logged once per status and message)`,
    ]);
  });

  it("logs each distinct status and message once (401 with a JSON message on metrics, 413, 500)", async () => {
    receiver = await startOtlpReceiver();
    const answers = [
      { status: 401, body: statusJson(16, "missing ingest key") },
      { status: 401, body: statusJson(16, "missing ingest key") },
      { status: 413, body: statusJson(8, "request body too large") },
      { status: 500, body: "" },
    ];
    receiver.answer = (_r, i) => answers[i] ?? { status: 200 };
    const e = exporterFor(receiver.url);
    for (let i = 0; i < 4; i++) {
      e.addMetrics([histogramBatch("a")]);
      await e.flush();
    }
    expect(e.stats()).toMatchObject({ failedMetricPoints: 4, sentMetricPoints: 0, retries: 0 });
    expect(logs).toHaveLength(3);
    expect(logs[0]).toContain("answered 401: missing ingest key; dropped 1 metric data points");
    expect(logs[1]).toContain("answered 413: request body too large");
    expect(logs[2]).toContain("answered 500: Internal Server Error");
  });

  it("drops a batch it cannot encode, says so once, and keeps sending", async () => {
    receiver = await startOtlpReceiver();
    const e = exporterFor(receiver.url);
    const [broken] = makeSpans(1);
    // A producer bug the types would catch: a number where the model says bigint nanoseconds.
    e.addSpans([{ ...(broken as AgentSpan), startTimeUnixNano: 5 as unknown as bigint }]);
    await e.flush();
    e.addSpans(makeSpans(2, 10));
    await e.flush();
    expect(e.stats()).toMatchObject({ failedSpans: 1, sentSpans: 2 });
    expect(spanIds(receiver)).toEqual([spanIdOf(10), spanIdOf(11)]);
    expect(logs).toEqual([expect.stringMatching(/cannot send 1 spans, dropped them: TypeError/)]);
  });

  it("counts the spans a 200 partial success rejected and logs its message once", async () => {
    receiver = await startOtlpReceiver();
    // ExportTraceServiceResponse { partial_success { rejected_spans: 2, error_message } }
    const message = new TextEncoder().encode("2 spans with an all-zero span_id");
    const partial = [0x08, 2, 0x12, message.length, ...message];
    receiver.answer = () => ({ status: 200, body: new Uint8Array([0x0a, partial.length, ...partial]) });
    const e = exporterFor(receiver.url);
    e.addSpans(makeSpans(5));
    await e.flush();
    e.addSpans(makeSpans(5, 6));
    await e.flush();
    expect(e.stats()).toMatchObject({ sentSpans: 6, rejectedSpans: 4, failedSpans: 0 });
    expect(logs).toEqual([expect.stringContaining("the api refused 2 of 5 spans: 2 spans with an all-zero span_id")]);
  });
});

describe("OtlpHttpExporter: the queue bound", () => {
  it("drops exactly the oldest spans beyond maxQueuedSpans and delivers the newest", async () => {
    const port = await freePort();
    const e = exporterFor(`http://127.0.0.1:${port}`, { maxQueuedSpans: 1000, maxSpansPerRequest: 400 });
    // Not started and not flushed: nothing leaves the queue, so the count is exact.
    for (let i = 0; i < 100; i++) e.addSpans(makeSpans(1_000, 1 + i * 1_000));
    e.addSpans(makeSpans(500, 100_001));
    expect(e.stats()).toMatchObject({ queuedSpans: 1000, droppedSpans: 100_000 - 500, sentSpans: 0 });
    expect(logs).toEqual([expect.stringContaining("queue full (1000 items): dropped the")]);
    receiver = await startOtlpReceiver(port);
    await e.flush();
    expect(spanIds(receiver)).toEqual(range(99_501, 100_501).map(spanIdOf));
    expect(receiver.requests.map((r) => r.path)).toHaveLength(3);
  });

  it("keeps queueing, bounded, while a batch is being retried", async () => {
    const port = await freePort();
    const e = exporterFor(`http://127.0.0.1:${port}`, { maxQueuedSpans: 500, maxSpansPerRequest: 100 });
    e.start();
    e.addSpans(makeSpans(100));
    await until("a batch in flight", () => e.stats().inFlightSpans === 100 && e.stats().retries > 0);
    for (let i = 0; i < 10; i++) e.addSpans(makeSpans(100, 101 + i * 100));
    const during = e.stats();
    expect(during).toMatchObject({ inFlightSpans: 100, queuedSpans: 500, droppedSpans: 500, sentSpans: 0 });
    expect(accounted(during)).toBe(1100);
    receiver = await startOtlpReceiver(port);
    await e.flush();
    // The batch in flight (the first 100), then the newest 500.
    expect(spanIds(receiver)).toEqual([...range(1, 101), ...range(601, 1101)].map(spanIdOf));
    expect(e.stats()).toMatchObject({ sentSpans: 600, droppedSpans: 500, queuedSpans: 0, inFlightSpans: 0 });
  });

  it("bounds metric batches the same way, counting data points", () => {
    const e = exporterFor("http://127.0.0.1:9", { maxQueuedMetricBatches: 3 });
    e.addMetrics(["a", "b", "c", "d", "e"].map(histogramBatch));
    expect(e.stats()).toMatchObject({ queuedMetricBatches: 3, queuedMetricPoints: 3, droppedMetricPoints: 2 });
  });
});

describe("OtlpHttpExporter: gzip", () => {
  it("gzips bodies of 1 KiB and more, which the receiver gunzips and decodes; small bodies go as they are", async () => {
    receiver = await startOtlpReceiver();
    const e = exporterFor(receiver.url);
    e.addSpans(makeSpans(1));
    await e.flush();
    e.addSpans(makeSpans(500, 2));
    await e.flush();
    const [small, big] = receiver.requests;
    expect(small?.headers["content-encoding"]).toBeUndefined();
    expect(small?.body.length).toBeLessThan(1024);
    expect(big?.headers["content-encoding"]).toBe("gzip");
    expect(big?.body.length).toBeGreaterThan(1024);
    expect(big?.wireBytes).toBeLessThan((big?.body.length ?? 0) / 4);
    expect(spanIds(receiver)).toEqual(range(1, 502).map(spanIdOf));
  });
});

describe("OtlpHttpExporter: shutdown", () => {
  it("flushes everything queued before it stops", async () => {
    receiver = await startOtlpReceiver();
    const e = exporterFor(receiver.url);
    e.start();
    e.addSpans(makeSpans(42));
    e.addMetrics([histogramBatch("a"), histogramBatch("b")]);
    await e.shutdown();
    expect(spanIds(receiver)).toHaveLength(42);
    expect(receiver.acceptedMetrics.flatMap((m) => m.histogram)).toHaveLength(2);
    expect(e.stats()).toMatchObject({ sentSpans: 42, sentMetricPoints: 2, abandonedSpans: 0, queuedSpans: 0 });
    // Later items are not sent, and the caller is not disturbed.
    e.addSpans(makeSpans(3));
    expect(e.stats().abandonedSpans).toBe(3);
    expect(logs).toEqual([]);
  });

  it("gives up at its deadline when the api is down, and says what was not delivered", async () => {
    const port = await freePort();
    const e = exporterFor(`http://127.0.0.1:${port}`, { maxSpansPerRequest: 10 });
    e.start();
    e.addSpans(makeSpans(25));
    e.addMetrics([histogramBatch("a")]);
    const started = performance.now();
    await e.shutdown(300);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(e.stats()).toMatchObject({
      sentSpans: 0,
      abandonedSpans: 25,
      abandonedMetricPoints: 1,
      queuedSpans: 0,
      inFlightSpans: 0,
    });
    expect(logs.at(-1)).toBe("otlp export: shut down with 25 spans and 1 metric data points not delivered");
  });
});
