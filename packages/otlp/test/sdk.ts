// Fixtures made by the real OpenTelemetry JS SDK, exported through the real OTLP serializers,
// so the decoders are checked against what SDKs actually send.
import { type HrTime, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from "@opentelemetry/sdk-logs";
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

export const RESOURCE_ATTRIBUTES = {
  "service.name": "checkout",
  "service.instance.id": "i-1",
  "host.cpu.count": 4,
  "deployment.canary": false,
};

export const resource = () => resourceFromAttributes(RESOURCE_ATTRIBUTES);

export function nanos(t: HrTime): bigint {
  return BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
}

/** Spans with attributes of every type the tracing API allows, events, links, kinds, statuses. */
export async function makeSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resource(),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("checkout-lib", "2.3.4");
  const other = provider.getTracer("db-lib");

  const root = tracer.startSpan("GET /cart", {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 123_456_789],
    attributes: {
      "http.route": "/cart",
      "http.status_code": 200,
      ratio: 0.25,
      big: 2 ** 40,
      negative: -7,
      cached: true,
      tags: ["a", 'b"c'],
      codes: [1, 2, 3],
      weights: [0.5, 1.5],
      flags: [true, false],
      unicode: "héllo wörld ✓",
    },
  });
  root.addEvent("cache.miss", { key: "cart:42", attempt: 2 }, [1_700_000_000, 200_000_000]);
  root.addEvent("plain", [1_700_000_000, 300_000_000]);
  root.setStatus({ code: SpanStatusCode.ERROR, message: "payment declined" });

  const linkTarget = trace.wrapSpanContext({
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    traceFlags: 1,
    traceState: undefined,
  });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const child = other.startSpan(
    "SELECT cart",
    {
      kind: SpanKind.CLIENT,
      startTime: [1_700_000_000, 150_000_000],
      links: [{ context: linkTarget.spanContext(), attributes: { "link.reason": "retry", n: 1 } }],
      attributes: { "db.system": "postgresql" },
    },
    ctx,
  );
  child.setStatus({ code: SpanStatusCode.OK });
  child.end([1_700_000_000, 180_000_000]);
  for (const kind of [SpanKind.INTERNAL, SpanKind.PRODUCER, SpanKind.CONSUMER]) {
    other.startSpan(`kind-${kind}`, { kind, startTime: [1_700_000_001, 0] }, ctx).end([1_700_000_001, 5]);
  }
  root.end([1_700_000_000, 523_456_789]);
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

/** Log records with string, structured, bytes and absent bodies, in and out of a span. */
export async function makeLogs(): Promise<ReadableLogRecord[]> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resource(),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger("app-logger", "0.9.0", { schemaUrl: "https://opentelemetry.io/schemas/1.21.0" });
  const spanContext = {
    traceId: "5b8efff798038103d269b633813fc60c",
    spanId: "eee19b7ec3c1b174",
    traceFlags: 1,
  };
  const inSpan = trace.setSpanContext(ROOT_CONTEXT, spanContext);
  logger.emit({
    body: "user logged in",
    severityNumber: SeverityNumber.INFO,
    severityText: "INFO",
    timestamp: [1_700_000_010, 1],
    observedTimestamp: [1_700_000_010, 2],
    attributes: { "user.id": 42, ok: true, nested: { b: [1, "two"], a: null }, raw: new Uint8Array([1, 2, 255]) },
    context: inSpan,
    eventName: "session.start",
  });
  logger.emit({
    body: { message: "structured", count: 3, ratio: 0.5, list: [true, { deep: "x" }] },
    severityNumber: SeverityNumber.ERROR2,
    severityText: "ERROR",
    timestamp: [1_700_000_011, 0],
  });
  logger.emit({ body: new Uint8Array([104, 105]), timestamp: [1_700_000_012, 0] });
  logger.emit({ body: 12.5, timestamp: [1_700_000_013, 0] });
  logger.emit({ observedTimestamp: [1_700_000_014, 7] });
  await provider.forceFlush();
  return exporter.getFinishedLogRecords();
}

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** A gauge, a counter, an up-down counter, a histogram and an exponential histogram. */
export async function makeMetrics(temporality = AggregationTemporality.CUMULATIVE): Promise<ResourceMetrics> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resource(),
    readers: [reader],
    views: [{ instrumentName: "exp.latency", aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter("shop-metrics", "1.0.0");
  meter.createGauge("cpu.temp", { unit: "Cel", description: "die temperature" }).record(61.5, { core: 0 });
  const counter = meter.createCounter("orders", { description: "orders placed" });
  counter.add(3, { region: "eu" });
  counter.add(2, { region: "us" });
  meter.createUpDownCounter("queue.depth").add(-4, { queue: "q1" });
  const histogram = meter.createHistogram("http.duration", {
    unit: "ms",
    advice: { explicitBucketBoundaries: [10, 100] },
  });
  for (const v of [5, 50, 500, 7]) histogram.record(v, { route: "/cart" });
  const exp = meter.createHistogram("exp.latency", { unit: "s" });
  for (const v of [0.001, 0.5, 2, 2, 300, 0]) exp.record(v);
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw new Error(String(errors));
  return resourceMetrics;
}
