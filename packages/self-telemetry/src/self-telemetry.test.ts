// The push against a real OTLP/HTTP receiver: what a host records arrives as OTLP under service
// tracelight with its component; a listener that refuses, throttles or is gone costs the host
// nothing but counted drops.
import { decodeLogs, decodeTraces } from "@tracelight/otlp";
import { freePort, type OtlpReceiver, startOtlpReceiver, until } from "@tracelight/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { OtlpPush } from "./otlp-push.ts";
import { SelfTelemetry } from "./self-telemetry.ts";

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const bodies = (r: OtlpReceiver, path: string) => r.requests.filter((q) => q.path === path).map((q) => q.body);

describe("SelfTelemetry", () => {
  it("sends metrics, warn+ logs with their stack and request spans under service tracelight", async () => {
    receiver = await startOtlpReceiver();
    const url = receiver.url;
    const self = new SelfTelemetry({ component: "test", url: () => url, intervalMs: 200, resource: { extra: "x" } });
    self.meter.createCounter("tracelight.test.count").add(3);
    self.log({
      severity: "error",
      message: "it broke",
      error: { type: "Error", message: "boom", stack: "Error: boom\n  at here" },
    });
    self.span({
      name: "GET /api/v1/things/:id",
      startMs: Date.now() - 5,
      durationMs: 5,
      error: true,
      attributes: { "http.response.status_code": 500 },
    });
    await self.close();
    const r = receiver;
    const metrics = r.acceptedMetrics.flatMap((rows) => rows.sum);
    const count = metrics.find((m) => m.MetricName === "tracelight.test.count");
    expect(count?.ServiceName).toBe("tracelight");
    expect(count?.ResourceAttributes).toMatchObject({ "tracelight.component": "test", extra: "x" });
    expect(count?.ResourceAttributes["service.instance.id"]).toMatch(/^[0-9a-f-]{36}$/);
    const logs = bodies(r, "/v1/logs").flatMap((b) => decodeLogs(b, "protobuf").rows);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      ServiceName: "tracelight",
      SeverityText: "ERROR",
      SeverityNumber: 17,
      Body: "it broke",
    });
    expect(logs[0]?.LogAttributes).toMatchObject({
      "exception.stacktrace": "Error: boom\n  at here",
      "exception.type": "Error",
    });
    const spans = bodies(r, "/v1/traces").flatMap((b) => decodeTraces(b, "protobuf").rows);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      ServiceName: "tracelight",
      SpanName: "GET /api/v1/things/:id",
      StatusCode: "Error",
      SpanKind: "Server",
    });
    expect(spans[0]?.ResourceAttributes["tracelight.component"]).toBe("test");
  });

  it("keeps at most the cap of spans and logs per interval and counts the rest", async () => {
    receiver = await startOtlpReceiver();
    const url = receiver.url;
    const self = new SelfTelemetry({
      component: "test",
      url: () => url,
      intervalMs: 60_000,
      maxSpansPerInterval: 10,
      maxLogsPerInterval: 5,
    });
    for (let i = 0; i < 1000; i++) {
      self.span({ name: "GET /x", startMs: Date.now(), durationMs: 1, error: false });
      self.log({ severity: "warn", message: `w${i}` });
    }
    expect(self.dropped()).toMatchObject({ traces: 990, logs: 995 });
    await self.close();
    const spans = bodies(receiver, "/v1/traces").flatMap((b) => decodeTraces(b, "protobuf").rows);
    expect(spans).toHaveLength(10);
  });

  it("sends nothing when its interval is 0", async () => {
    receiver = await startOtlpReceiver();
    const url = receiver.url;
    const self = new SelfTelemetry({ component: "test", url: () => url, intervalMs: 0 });
    self.log({ severity: "error", message: "x" });
    self.span({ name: "GET /x", startMs: Date.now(), durationMs: 1, error: true });
    await self.close();
    expect(receiver.requests).toHaveLength(0);
  });
});

describe("OtlpPush", () => {
  const body = (n: number) => new Uint8Array(n);

  it("retries a throttled request after Retry-After and then counts it sent", async () => {
    receiver = await startOtlpReceiver();
    receiver.answer = (_r, i) => (i === 0 ? { status: 503, headers: { "retry-after": "1" } } : { status: 200 });
    const url = receiver.url;
    const push = new OtlpPush({ url: () => url, backoff: { initialDelayMs: 10, maxDelayMs: 10 } });
    push.send("logs", body(10), 4);
    const r = receiver;
    await until("retried", () => push.stats().sent.logs === 4, { timeoutMs: 5_000 });
    expect(r.requests.map((q) => q.status)).toEqual([503, 200]);
    // Retry-After (1 s) outweighed the 10 ms backoff.
    expect(r.requests[1]!.at - r.requests[0]!.at).toBeGreaterThan(900);
    await push.close();
  });

  it("drops a request refused for good at once, and says so once per failing stretch", async () => {
    receiver = await startOtlpReceiver();
    receiver.answer = (_r, i) => ({ status: i < 3 ? 400 : 200 });
    const url = receiver.url;
    const changes: (string | undefined)[] = [];
    const push = new OtlpPush({ url: () => url, onStateChange: (p) => changes.push(p) });
    for (let i = 0; i < 4; i++) push.send("metrics", body(10), 1);
    await push.flush(5_000);
    expect(push.stats()).toMatchObject({ sent: { metrics: 1 }, dropped: { metrics: 3 }, failures: 3, queuedBytes: 0 });
    expect(changes).toEqual(["metrics export answered 400", undefined]);
    await push.close();
  });

  it("with the listener gone: send never blocks nor throws, the queue stays within its bytes, drops are counted", async () => {
    const port = await freePort();
    const push = new OtlpPush({
      url: () => `http://127.0.0.1:${port}`,
      maxQueuedBytes: 1000,
      backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const start = performance.now();
    for (let i = 0; i < 1000; i++) push.send("traces", body(100), 2);
    expect(performance.now() - start).toBeLessThan(500);
    expect(push.stats().queuedBytes).toBeLessThanOrEqual(1000);
    expect(push.stats().dropped.traces).toBeGreaterThanOrEqual(2 * 990);
    await push.close(1_000);
    expect(push.stats()).toMatchObject({ sent: { traces: 0 }, dropped: { traces: 2000 }, queuedBytes: 0 });
  });

  it("holds requests while there is nowhere to send, and sends them once there is", async () => {
    receiver = await startOtlpReceiver();
    let url: string | undefined;
    const push = new OtlpPush({ url: () => url });
    push.send("logs", body(10), 1);
    await push.flush(1_000);
    expect(push.stats().queuedBytes).toBe(10);
    url = receiver.url;
    push.send("logs", body(10), 1);
    await push.flush(5_000);
    expect(push.stats().sent.logs).toBe(2);
    await push.close();
  });
});
