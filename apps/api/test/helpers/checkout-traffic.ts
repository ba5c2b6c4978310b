// A small, fully known slice of production traffic made with the real OpenTelemetry JS SDK
// (tracer, logger and meter providers with batching processors and a periodic metric reader)
// and sent through the real OTLP exporters of one protocol: two services ("frontend" and
// "payments"), a checkout trace that fails in payments, an earlier cart trace it links to,
// logs carrying the trace context, and a counter, a gauge and a histogram collected twice.
import {
  createTraceState,
  type HrTime,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider, type ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { ClientOptions, Protocol } from "./exporters.ts";
import { ExportLog, logExporter, metricExporter, traceExporter } from "./sdk-clients.ts";

/** Metric names and what is recorded into them; the tests derive every expected value from these. */
export const METRICS = {
  counter: { name: "checkout.orders", unit: "{order}", description: "Orders placed" },
  gauge: { name: "checkout.queue.depth", unit: "{order}", description: "Orders waiting for payment" },
  histogram: { name: "checkout.duration", unit: "ms", description: "Checkout latency" },
} as const;
/** Counter increments per `outcome` attribute, before the first and before the second collection. */
export const ORDERS = { first: { ok: 3, failed: 1 }, second: { ok: 4, failed: 2 } } as const;
/** Gauge values recorded before the first collection (the last one counts) and before the second. */
export const QUEUE_DEPTH = { first: [12, 7], second: [4] } as const;
export const LATENCY_BOUNDS = [10, 50, 100, 250, 500, 1000];
/** Histogram values recorded before the first and before the second collection. */
export const LATENCIES = { first: [5, 700], second: [20, 30, 40, 45, 60, 70, 80, 90, 300, 400] } as const;

/** Unix nanoseconds of an HrTime, as a decimal string (what the query API returns). */
export function hrNanos(t: HrTime): string {
  return (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();
}

/** Epoch ms of an HrTime with microsecond precision (the query API's `...Time` numbers). */
export function hrMs(t: HrTime): number {
  return Number(BigInt(hrNanos(t)) / 1000n) / 1000;
}

export interface CheckoutTraffic {
  protocol: Protocol;
  frontend: string;
  payments: string;
  /** Epoch ms all spans and logs are placed after (the start of a whole past minute + 5 s). */
  baseMs: number;
  /** Every span as the SDK exported it. */
  spans: ReadableSpan[];
  cartTraceId: string;
  checkoutTraceId: string;
  /** The SERVER root of the checkout trace ("GET /api/checkout"). */
  root: ReadableSpan;
  /** Every log record as the SDK exported it. */
  logs: ReadableLogRecord[];
  /** Epoch ms just before the first and just after the second metric collection. */
  metricsCollected: { from: number; to: number };
  exports: { traces: ExportLog; logs: ExportLog; metrics: ExportLog };
  shutdown(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits, if needed, so that the next `marginMs` do not cross a multiple of `stepMs`: both
 * metric collections then land in one chart bucket.
 */
export async function awayFromBucketEdge(stepMs: number, marginMs = 15_000): Promise<void> {
  const left = stepMs - (Date.now() % stepMs);
  if (left < marginMs) await sleep(left + 50);
}

export async function sendCheckoutTraffic(
  protocol: Protocol,
  client: ClientOptions,
  metricStepMs: number,
): Promise<CheckoutTraffic> {
  const frontend = `frontend-${protocol}`;
  const payments = `payments-${protocol}`;
  const resource = (service: string): Resource =>
    resourceFromAttributes({ "service.name": service, "service.version": "1.4.2", "deployment.environment": "test" });
  const exports = { traces: new ExportLog(), logs: new ExportLog(), metrics: new ExportLog() };

  // Times are explicit HrTimes with sub-millisecond parts, so exact nanoseconds can be compared.
  const baseMs = Math.floor((Date.now() - 90_000) / 60_000) * 60_000 + 5_000;
  const at = (offsetNs: number): HrTime => {
    const ns = BigInt(baseMs) * 1_000_000n + BigInt(offsetNs);
    return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
  };

  // --- traces: one tracer provider per service, each with its own batch processor and exporter
  const tracerProvider = (service: string) =>
    new BasicTracerProvider({
      resource: resource(service),
      spanProcessors: [new BatchSpanProcessor(exports.traces.wrap(traceExporter(protocol, client)))],
    });
  const frontendTraces = tracerProvider(frontend);
  const paymentsTraces = tracerProvider(payments);
  const web = frontendTraces.getTracer("checkout-web", "2.3.0");
  const pay = paymentsTraces.getTracer("payments-api", "0.9.1");
  const under = (span: Span) => trace.setSpan(ROOT_CONTEXT, span);

  const cart = web.startSpan(
    "GET /api/cart",
    {
      kind: SpanKind.SERVER,
      startTime: at(1_234_567),
      attributes: { "http.route": "/api/cart", "http.request.method": "GET", "http.response.status_code": 200 },
    },
    ROOT_CONTEXT,
  );
  const root = web.startSpan(
    "GET /api/checkout",
    {
      kind: SpanKind.SERVER,
      startTime: at(100_000_321),
      attributes: { "http.route": "/api/checkout", "http.request.method": "GET", "http.response.status_code": 500 },
      links: [
        {
          context: { ...cart.spanContext(), traceState: createTraceState("vendor=cart7") },
          attributes: { "link.reason": "cart viewed before checkout", "link.age_ms": 99 },
        },
      ],
    },
    ROOT_CONTEXT,
  );
  root.addEvent("payment.attempt", { attempt: 1, "payment.provider": "acme" }, at(119_000_042));
  const loadCart = web.startSpan(
    "load cart",
    { kind: SpanKind.INTERNAL, startTime: at(101_000_001), attributes: { "cart.id": "c-1" } },
    under(root),
  );
  loadCart.addEvent("cart.loaded", { "cart.items": 3, "cart.total": 42.5, "cart.gift": false }, at(105_000_007));
  const call = web.startSpan(
    "POST",
    {
      kind: SpanKind.CLIENT,
      startTime: at(120_000_555),
      attributes: {
        "http.request.method": "POST",
        "server.address": "payments",
        "url.full": "http://payments/api/pay",
      },
    },
    under(root),
  );
  const serve = pay.startSpan(
    "POST /api/pay",
    {
      kind: SpanKind.SERVER,
      startTime: at(125_000_999),
      attributes: { "http.route": "/api/pay", "http.request.method": "POST", "http.response.status_code": 402 },
    },
    // The payments service continues the trace from the propagated client span context.
    trace.setSpanContext(ROOT_CONTEXT, { ...call.spanContext(), isRemote: true }),
  );
  const charge = pay.startSpan(
    "charge card",
    {
      kind: SpanKind.INTERNAL,
      startTime: at(130_000_000),
      attributes: { "payment.amount": 42.5, "payment.retry": false, "payment.tags": ["card", "eu"] },
    },
    under(serve),
  );

  // --- logs, emitted with a context holding the span (the SDK copies its trace and span IDs)
  const loggerProvider = (service: string) =>
    new LoggerProvider({
      resource: resource(service),
      processors: [new BatchLogRecordProcessor({ exporter: exports.logs.wrap(logExporter(protocol, client)) })],
    });
  const frontendLogs = loggerProvider(frontend);
  const paymentsLogs = loggerProvider(payments);
  const webLog = frontendLogs.getLogger("checkout-web", "2.3.0");
  const payLog = paymentsLogs.getLogger("payments-api", "0.9.1");
  webLog.emit({
    timestamp: at(2_000_000),
    severityNumber: SeverityNumber.INFO,
    severityText: "INFO",
    body: "cart viewed",
    attributes: { "cart.id": "c-1" },
    context: under(cart),
  });
  webLog.emit({
    timestamp: at(100_500_000),
    severityNumber: SeverityNumber.INFO,
    severityText: "INFO",
    body: "checkout started for cart c-1",
    attributes: { "cart.id": "c-1", "cart.items": 3 },
    context: under(root),
  });
  payLog.emit({
    timestamp: at(200_000_000),
    severityNumber: SeverityNumber.WARN,
    severityText: "WARN",
    body: "card declined by issuer",
    attributes: { "payment.amount": 42.5, "decline.code": "insufficient_funds" },
    context: under(serve),
  });
  webLog.emit({
    timestamp: at(340_000_000),
    severityNumber: SeverityNumber.ERROR,
    severityText: "ERROR",
    body: { message: "payment failed", code: 402, retryable: false, tags: ["card", "eu"] },
    attributes: { "exception.type": "PaymentDeclined" },
    context: under(root),
  });

  charge.setStatus({ code: SpanStatusCode.OK });
  charge.end(at(300_000_000));
  serve.setStatus({ code: SpanStatusCode.ERROR, message: "card declined" });
  serve.end(at(315_000_999));
  call.end(at(320_000_555));
  loadCart.end(at(111_000_001));
  root.setStatus({ code: SpanStatusCode.ERROR, message: "payment failed" });
  root.end(at(350_000_321));
  cart.end(at(6_234_567));

  await Promise.all([frontendTraces.forceFlush(), paymentsTraces.forceFlush()]);
  await Promise.all([frontendLogs.forceFlush(), paymentsLogs.forceFlush()]);

  // --- metrics: cumulative temporality (the SDK default), collected and exported twice
  const reader = new PeriodicExportingMetricReader({
    exporter: exports.metrics.wrap(metricExporter(protocol, client)),
    exportIntervalMillis: 3_600_000, // only the explicit flushes below export
  });
  const meterProvider = new MeterProvider({ resource: resource(frontend), readers: [reader] });
  const meter = meterProvider.getMeter("checkout-web", "2.3.0");
  const orders = meter.createCounter(METRICS.counter.name, {
    unit: METRICS.counter.unit,
    description: METRICS.counter.description,
  });
  const depth = meter.createGauge(METRICS.gauge.name, {
    unit: METRICS.gauge.unit,
    description: METRICS.gauge.description,
  });
  const latency = meter.createHistogram(METRICS.histogram.name, {
    unit: METRICS.histogram.unit,
    description: METRICS.histogram.description,
    advice: { explicitBucketBoundaries: LATENCY_BOUNDS },
  });
  await awayFromBucketEdge(metricStepMs);
  const collectedFrom = Date.now();
  for (const phase of ["first", "second"] as const) {
    for (const [outcome, n] of Object.entries(ORDERS[phase])) orders.add(n, { outcome });
    for (const v of QUEUE_DEPTH[phase]) depth.record(v);
    for (const v of LATENCIES[phase]) latency.record(v);
    // The SDK's metric times are whole milliseconds: collected within its first measurement's
    // millisecond, a series would start with a true reset point (start = time), a baseline.
    await sleep(2);
    await reader.forceFlush();
  }
  const collectedTo = Date.now();
  // A provider exports once more on shutdown; that export is not sent, so exactly two are stored.
  exports.metrics.stop();

  const spans = (exports.traces.batches as ReadableSpan[][]).flat();
  const logs = (exports.logs.batches as ReadableLogRecord[][]).flat();
  const rootSpan = spans.find((s) => s.spanContext().spanId === root.spanContext().spanId);
  if (rootSpan === undefined) throw new Error("the root span was not exported");
  return {
    protocol,
    frontend,
    payments,
    baseMs,
    spans,
    cartTraceId: cart.spanContext().traceId,
    checkoutTraceId: root.spanContext().traceId,
    root: rootSpan,
    logs,
    metricsCollected: { from: collectedFrom, to: collectedTo },
    exports,
    async shutdown() {
      await Promise.all(
        [frontendTraces, paymentsTraces, frontendLogs, paymentsLogs, meterProvider].map((p) => p.shutdown()),
      );
    },
  };
}
