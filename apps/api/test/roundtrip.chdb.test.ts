// SDK → OTLP → store → query API, in one test, over real chDB: the real OpenTelemetry JS SDK
// (tracer, logger and meter providers with their batching processors and the OTLP exporters
// for HTTP protobuf, HTTP JSON and gRPC) sends a known slice of traffic (helpers/
// checkout-traffic.ts) to the running service (roles ingest + query), and every query route
// is then read over HTTP and compared with what the SDK exported.

import type { HrTime } from "@opentelemetry/api";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type {
  LogRecord,
  LogsResponse,
  MetricSeriesResponse,
  MetricsResponse,
  RedResponse,
  ServicesResponse,
  Span,
  TraceResponse,
  TraceSearchResponse,
} from "@tracelight/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CheckoutTraffic,
  hrMs,
  hrNanos,
  LATENCIES,
  METRICS,
  ORDERS,
  QUEUE_DEPTH,
  sendCheckoutTraffic,
} from "./helpers/checkout-traffic.ts";
import type { Protocol } from "./helpers/exporters.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

let t: TestService;
let api: string;

beforeAll(async () => {
  t = await startTestService({}, { roles: "ingest,query" });
  api = `http://127.0.0.1:${t.service.ports.api}/api/v1`;
});
afterAll(async () => {
  await t?.close();
});

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${api}${path}`);
  const body = await res.text();
  expect(res.status, `GET ${path}: ${body}`).toBe(200);
  return JSON.parse(body) as T;
}

// --- what the tables hold for what the SDK sent (the rules of pdata's Value.AsString())

type Attributes = Record<string, unknown>;

/** Attribute values as stored: strings as they are, numbers and booleans as text, arrays as JSON. */
function stored(attributes: Attributes): Record<string, string> {
  return Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => [
      k,
      typeof v === "string" ? v : Array.isArray(v) ? JSON.stringify(v) : String(v),
    ]),
  );
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortedKeys((value as Attributes)[k])]),
  );
}

/** A log body as stored: a string as it is, a structured value as JSON with sorted keys. */
function storedBody(body: unknown): string {
  return typeof body === "string" ? body : JSON.stringify(sortedKeys(body));
}

/** @opentelemetry/api SpanKind and SpanStatusCode numbers → the table's names. */
const KIND = ["Internal", "Server", "Client", "Producer", "Consumer"];
const STATUS = ["Unset", "Ok", "Error"];

const serviceOf = (resource: { attributes: Attributes }) => String(resource.attributes["service.name"]);

function expectedSpan(s: ReadableSpan): Span {
  return {
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId ?? "",
    name: s.name,
    serviceName: serviceOf(s.resource),
    kind: KIND[s.kind] ?? "?",
    startTime: hrMs(s.startTime),
    startTimeUnixNano: hrNanos(s.startTime),
    durationNs: Number(hrNanos(s.duration)),
    statusCode: STATUS[s.status.code] ?? "?",
    statusMessage: s.status.message ?? "",
    traceState: s.spanContext().traceState?.serialize() ?? "",
    scopeName: s.instrumentationScope.name,
    scopeVersion: s.instrumentationScope.version ?? "",
    attributes: stored(s.attributes),
    resourceAttributes: stored(s.resource.attributes),
    events: s.events.map((e) => ({
      timestamp: hrMs(e.time),
      timeUnixNano: hrNanos(e.time),
      name: e.name,
      attributes: stored(e.attributes ?? {}),
    })),
    links: s.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      traceState: l.context.traceState?.serialize() ?? "",
      attributes: stored(l.attributes ?? {}),
    })),
  };
}

function expectedLog(l: ReadableLogRecord): LogRecord {
  return {
    timestamp: hrMs(l.hrTime),
    timestampUnixNano: hrNanos(l.hrTime),
    severityText: l.severityText ?? "",
    severityNumber: l.severityNumber ?? 0,
    body: storedBody(l.body),
    serviceName: serviceOf(l.resource),
    traceId: l.spanContext?.traceId ?? "",
    spanId: l.spanContext?.spanId ?? "",
    attributes: stored(l.attributes),
    resourceAttributes: stored(l.resource.attributes),
  };
}

const byStart = (a: ReadableSpan, b: ReadableSpan) =>
  BigInt(hrNanos(a.startTime)) < BigInt(hrNanos(b.startTime)) ? -1 : 1;
const newestFirst = (a: ReadableLogRecord, b: ReadableLogRecord) =>
  BigInt(hrNanos(b.hrTime)) > BigInt(hrNanos(a.hrTime)) ? 1 : -1;
const endOf = (s: ReadableSpan): HrTime => s.endTime;

/** Metric charts use one-hour buckets: both collections fall in one (sendCheckoutTraffic waits if needed). */
const METRIC_STEP_MS = 3_600_000;

describe.each(["proto", "json", "grpc"] as const)(
  "OTLP %s from the OpenTelemetry JS SDK, read back through every query route",
  (protocol: Protocol) => {
    let sent: CheckoutTraffic;
    /** from/to around everything this protocol sent (epoch ms). */
    let range: string;
    let spansOf: (traceId: string) => ReadableSpan[];

    beforeAll(async () => {
      sent = await sendCheckoutTraffic(protocol, { httpBase: t.otlpHttp, grpcAddress: t.otlpGrpc }, METRIC_STEP_MS);
      range = `from=${sent.baseMs - 10 * 60_000}&to=${Date.now() + 60_000}`;
      spansOf = (traceId) => sent.spans.filter((s) => s.spanContext().traceId === traceId).sort(byStart);
    });
    afterAll(async () => {
      await sent?.shutdown();
    });

    it("the SDK exporters sent everything and the service accepted every request", () => {
      for (const [signal, log] of Object.entries(sent.exports)) {
        expect(log.allSucceeded, `${signal}: ${log.firstError}`).toBe(true);
      }
      expect(sent.spans).toHaveLength(6);
      expect(sent.logs).toHaveLength(4);
      expect(sent.exports.metrics.batches).toHaveLength(2);
    });

    it("GET /traces/:traceId returns every span as the SDK sent it", async () => {
      const body = await get<TraceResponse>(`/traces/${sent.checkoutTraceId}`);
      const expected = spansOf(sent.checkoutTraceId);
      expect(expected).toHaveLength(5);
      expect(body.spans).toEqual(expected.map(expectedSpan));
      expect(body.traceId).toBe(sent.checkoutTraceId);
      expect(body.startTime).toBe(hrMs(sent.root.startTime));
      expect(body.endTime).toBe(hrMs(endOf(sent.root)));

      // The hand-written shape, so a mistake shared by expectedSpan and the service cannot hide.
      const root = body.spans[0]!;
      expect(root).toMatchObject({
        name: "GET /api/checkout",
        serviceName: sent.frontend,
        kind: "Server",
        parentSpanId: "",
        statusCode: "Error",
        statusMessage: "payment failed",
        durationNs: 250_000_000,
        startTimeUnixNano: (BigInt(sent.baseMs) * 1_000_000n + 100_000_321n).toString(),
        scopeName: "checkout-web",
        scopeVersion: "2.3.0",
        attributes: { "http.route": "/api/checkout", "http.request.method": "GET", "http.response.status_code": "500" },
        resourceAttributes: {
          "service.name": sent.frontend,
          "service.version": "1.4.2",
          "deployment.environment": "test",
        },
        events: [{ name: "payment.attempt", attributes: { attempt: "1", "payment.provider": "acme" } }],
        links: [
          {
            traceId: sent.cartTraceId,
            traceState: "vendor=cart7",
            attributes: { "link.reason": "cart viewed before checkout", "link.age_ms": "99" },
          },
        ],
      });
      const byName = new Map(body.spans.map((s) => [s.name, s]));
      expect(byName.get("load cart")).toMatchObject({ kind: "Internal", parentSpanId: root.spanId });
      expect(byName.get("load cart")?.events[0]?.attributes).toEqual({
        "cart.items": "3",
        "cart.total": "42.5",
        "cart.gift": "false",
      });
      const call = byName.get("POST");
      expect(call).toMatchObject({ kind: "Client", parentSpanId: root.spanId, serviceName: sent.frontend });
      const serve = byName.get("POST /api/pay");
      expect(serve).toMatchObject({
        kind: "Server",
        parentSpanId: call?.spanId,
        serviceName: sent.payments,
        statusCode: "Error",
        statusMessage: "card declined",
        durationNs: 190_000_000,
      });
      expect(byName.get("charge card")).toMatchObject({
        parentSpanId: serve?.spanId,
        statusCode: "Ok",
        attributes: { "payment.amount": "42.5", "payment.retry": "false", "payment.tags": '["card","eu"]' },
      });

      const cart = await get<TraceResponse>(`/traces/${sent.cartTraceId}`);
      expect(cart.spans).toEqual(spansOf(sent.cartTraceId).map(expectedSpan));
    });

    it("GET /traces/:traceId answers 404 for a trace that was never sent", async () => {
      const res = await fetch(`${api}/traces/${"ab".repeat(16)}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    });

    it("GET /traces finds the traces by service, status and duration", async () => {
      const checkout = {
        traceId: sent.checkoutTraceId,
        rootServiceName: sent.frontend,
        rootName: "GET /api/checkout",
        startTime: hrMs(sent.root.startTime),
        durationMs: 250, // the root spans every other span of the trace
        spanCount: 5,
        errorCount: 2,
        services: [sent.frontend, sent.payments],
      };
      const cart = {
        traceId: sent.cartTraceId,
        rootServiceName: sent.frontend,
        rootName: "GET /api/cart",
        startTime: hrMs(spansOf(sent.cartTraceId)[0]!.startTime),
        durationMs: 5,
        spanCount: 1,
        errorCount: 0,
        services: [sent.frontend],
      };
      const search = async (query: string) => (await get<TraceSearchResponse>(`/traces?${range}&${query}`)).traces;

      expect(await search(`service=${sent.frontend}`)).toEqual([checkout, cart]); // newest first
      expect(await search(`service=${sent.frontend}&status=error`)).toEqual([checkout]);
      expect(await search(`service=${sent.payments}&status=error`)).toEqual([checkout]);
      expect(await search(`service=${sent.payments}&status=ok`)).toEqual([checkout]);
      // The root lasts exactly 250 ms, the cart trace 5 ms: the bound is inclusive.
      expect(await search(`service=${sent.frontend}&minDurationMs=250`)).toEqual([checkout]);
      expect(await search(`service=${sent.frontend}&minDurationMs=250.001`)).toEqual([]);
      expect(await search(`service=${sent.frontend}&maxDurationMs=5`)).toEqual([cart]);
      expect(await search(`name=${encodeURIComponent("POST /api/pay")}&service=${sent.payments}`)).toEqual([checkout]);
    });

    it("GET /logs?traceId= (no range) returns exactly that trace's logs; q= finds one by a word", async () => {
      const expected = sent.logs.filter((l) => l.spanContext?.traceId === sent.checkoutTraceId).sort(newestFirst);
      expect(expected).toHaveLength(3);
      const { logs } = await get<LogsResponse>(`/logs?traceId=${sent.checkoutTraceId}`);
      expect(logs).toEqual(expected.map(expectedLog));
      // Written out once: the structured body as JSON with sorted keys, severities as sent.
      expect(logs.map((l) => [l.serviceName, l.severityText, l.severityNumber, l.body])).toEqual([
        [sent.frontend, "ERROR", 17, '{"code":402,"message":"payment failed","retryable":false,"tags":["card","eu"]}'],
        [sent.payments, "WARN", 13, "card declined by issuer"],
        [sent.frontend, "INFO", 9, "checkout started for cart c-1"],
      ]);
      expect(logs.map((l) => l.spanId)).toEqual([
        sent.root.spanContext().spanId,
        spansOf(sent.checkoutTraceId)
          .find((s) => s.name === "POST /api/pay")
          ?.spanContext().spanId,
        sent.root.spanContext().spanId,
      ]);

      const cartLogs = await get<LogsResponse>(`/logs?traceId=${sent.cartTraceId}`);
      expect(cartLogs.logs.map((l) => l.body)).toEqual(["cart viewed"]);

      const declined = expected.filter((l) => l.body === "card declined by issuer").map(expectedLog);
      expect((await get<LogsResponse>(`/logs?${range}&q=declined&service=${sent.payments}`)).logs).toEqual(declined);
      expect((await get<LogsResponse>(`/logs?q=DECLINED%20issuer&service=${sent.payments}`)).logs).toEqual(declined);
      expect((await get<LogsResponse>(`/logs?q=declined&service=${sent.frontend}`)).logs).toEqual([]);
      const errors = await get<LogsResponse>(`/logs?traceId=${sent.checkoutTraceId}&severity=error`);
      expect(errors.logs.map((l) => l.severityText)).toEqual(["ERROR"]);
    });

    it("GET /services lists both services with their span counts and error rates", async () => {
      const { services } = await get<ServicesResponse>(`/services?${range}`);
      const frontend = services.find((s) => s.name === sent.frontend);
      const payments = services.find((s) => s.name === sent.payments);
      // frontend: cart, checkout root (Error), load cart, the client call; payments: the server span (Error), charge card.
      expect(frontend).toMatchObject({ spanCount: 4, errorRate: 0.25 });
      expect(payments).toMatchObject({ spanCount: 2, errorRate: 0.5 });
      // p99 of durations (approximate quantile): within the service's span durations.
      expect(frontend?.p99Ms).toBeGreaterThanOrEqual(5);
      expect(frontend?.p99Ms).toBeLessThanOrEqual(250);
      expect(payments?.p99Ms).toBeGreaterThanOrEqual(170);
      expect(payments?.p99Ms).toBeLessThanOrEqual(190);
    });

    it("GET /metrics lists the counter, the gauge and the histogram with their types and units", async () => {
      const { metrics } = await get<MetricsResponse>(`/metrics?${range}`);
      const find = (name: string) => metrics.find((m) => m.name === name);
      expect(find(METRICS.counter.name)).toMatchObject({ ...METRICS.counter, type: "sum", isMonotonic: true });
      expect(find(METRICS.gauge.name)).toMatchObject({ ...METRICS.gauge, type: "gauge" });
      expect(find(METRICS.histogram.name)).toMatchObject({ ...METRICS.histogram, type: "histogram" });
      for (const m of Object.values(METRICS)) expect(find(m.name)?.services).toContain(sent.frontend);
    });

    describe("GET /metrics/series", () => {
      // Both collections fall in one 1 h bucket (sendCheckoutTraffic waited if an hour boundary was near).
      let bucket: number;
      const series = (metric: string, query: string) =>
        get<MetricSeriesResponse>(
          `/metrics/series?${range}&step=1h&filter=service.name=${sent.frontend}&metric=${metric}&${query}`,
        );
      beforeAll(() => {
        bucket = Math.floor(sent.metricsCollected.from / METRIC_STEP_MS) * METRIC_STEP_MS;
        expect(Math.floor(sent.metricsCollected.to / METRIC_STEP_MS) * METRIC_STEP_MS).toBe(bucket);
      });
      /**
       * A rate read now: the bucket holds now and starts before the range, so it is partial and
       * rated per second it covers, from the range's start or its own until the api's now.
       */
      const rateRead = async (metric: string, query: string, increase: number) => {
        const start = Math.max(bucket, sent.baseMs - 10 * 60_000);
        const end = bucket + METRIC_STEP_MS;
        const seconds = (now: number) => (Math.min(now, end) - start) / 1000;
        const before = Date.now();
        const body = await series(metric, query);
        const after = Date.now();
        expect(body.metric.agg).toBe("rate");
        expect(body.series).toHaveLength(1);
        expect(body.series[0]?.points).toHaveLength(1);
        expect(body.series[0]?.points[0]?.[0]).toBe(bucket);
        // Whole only if the hour ended while the test ran and the range starts before it.
        if (start > bucket || after < end) expect(body.partial).toEqual([bucket]);
        const rate = body.series[0]?.points[0]?.[1] ?? Number.NaN;
        expect(rate).toBeGreaterThanOrEqual(increase / seconds(after));
        expect(rate).toBeLessThanOrEqual(increase / seconds(before));
      };

      it("counter: increase and rate between the two cumulative points", async () => {
        // Cumulative points: first collection ok=3, failed=1; second ok=7, failed=3. The series
        // started inside the range (at their first add), so the bucket's increase is all of it.
        const increase = await series(METRICS.counter.name, "agg=increase&groupBy=outcome");
        expect(increase.metric).toEqual({ name: METRICS.counter.name, type: "sum", agg: "increase" });
        expect(increase.unit).toBe("{order}");
        expect(increase.stepMs).toBe(METRIC_STEP_MS);
        expect(increase.series).toEqual([
          { labels: { outcome: "failed" }, points: [[bucket, ORDERS.first.failed + ORDERS.second.failed]] },
          { labels: { outcome: "ok" }, points: [[bucket, ORDERS.first.ok + ORDERS.second.ok]] },
        ]);
        // Rate (the default for a monotonic sum): the increase over both series, 10, per covered second.
        await rateRead(METRICS.counter.name, "", 10);
      });

      it("gauge: last and avg of the two collected values", async () => {
        // The first collection reports the last value recorded before it (7), the second 4.
        const last = await series(METRICS.gauge.name, "agg=last");
        expect(last.metric).toEqual({ name: METRICS.gauge.name, type: "gauge", agg: "last" });
        expect(last.unit).toBe("{order}");
        expect(last.series).toEqual([{ labels: {}, points: [[bucket, QUEUE_DEPTH.second[0]]] }]);
        const avg = await series(METRICS.gauge.name, "agg=avg");
        expect(avg.series).toEqual([
          { labels: {}, points: [[bucket, (QUEUE_DEPTH.first[1] + QUEUE_DEPTH.second[0]) / 2]] },
        ]);
      });

      it("histogram: p50, p99, count, avg and rate of what was recorded between the collections", async () => {
        // Cumulative, started inside the range: the bucket holds all twelve values: 5 in (0,10],
        // 20 30 40 45 in (10,50], 60 70 80 90 in (50,100], 300 400 in (250,500], 700 in
        // (500,1000]. Percentiles interpolate inside the bucket holding the rank
        // (histogram_quantile): p50 rank 6 → 50 + 50·(6−5)/4 = 62.5; p99 rank 11.88 → 500 + 500·(11.88−11)/1 = 940.
        const value = async (agg: string) => {
          const body = await series(METRICS.histogram.name, `agg=${agg}`);
          expect(body.metric).toEqual({ name: METRICS.histogram.name, type: "histogram", agg });
          expect(body.unit).toBe("ms");
          expect(body.series).toHaveLength(1);
          expect(body.series[0]?.points).toHaveLength(1);
          expect(body.series[0]?.points[0]?.[0]).toBe(bucket);
          return body.series[0]?.points[0]?.[1];
        };
        const recorded = [...LATENCIES.first, ...LATENCIES.second];
        expect(recorded).toHaveLength(12);
        expect(await value("p50")).toBeCloseTo(62.5, 9);
        expect(await value("p99")).toBeCloseTo(940, 9);
        expect(await value("count")).toBe(recorded.length);
        expect(await value("avg")).toBeCloseTo(recorded.reduce((a, b) => a + b, 0) / recorded.length, 9); // 153.33…
        await rateRead(METRICS.histogram.name, "agg=rate", recorded.length);
      });
    });

    it("GET /red shows the server spans' requests and errors with the checkout trace as exemplar", async () => {
      // Both SERVER roots of frontend (cart 5 ms, checkout 250 ms with Error) start in one minute.
      const minute = Math.floor(sent.baseMs / 60_000) * 60_000;
      const root = {
        traceId: sent.checkoutTraceId,
        spanId: sent.root.spanContext().spanId,
        durationMs: 250,
        timestamp: hrMs(sent.root.startTime),
      };
      const red = await get<RedResponse>(`/red?service=${sent.frontend}&${range}&step=1m`);
      expect(red.stepMs).toBe(60_000);
      const busy = red.buckets.filter((b) => b.requests > 0);
      expect(busy).toHaveLength(1);
      expect(busy[0]).toMatchObject({
        timestamp: minute,
        requests: 2,
        errors: 1,
        errorRate: 0.5,
        exemplars: { slowest: root, error: root },
      });
      expect(busy[0]?.rate).toBeCloseTo(2 / 60, 12);
      expect(red.routes?.map((r) => [r.route, r.requests, r.errors])).toEqual([
        ["/api/cart", 1, 0],
        ["/api/checkout", 1, 1],
      ]);

      const checkout = await get<RedResponse>(
        `/red?service=${sent.frontend}&route=${encodeURIComponent("/api/checkout")}&${range}&step=1m`,
      );
      const only = checkout.buckets.find((b) => b.requests > 0);
      expect(only).toMatchObject({
        timestamp: minute,
        requests: 1,
        errors: 1,
        exemplars: { slowest: root, error: root },
      });
      // One request: every latency percentile is its duration.
      expect(only?.p50Ms).toBeCloseTo(250, 6);
      expect(only?.p99Ms).toBeCloseTo(250, 6);
    });
  },
);
