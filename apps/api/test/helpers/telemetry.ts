// Telemetry made by the real OpenTelemetry JS SDK (spans, log records, metrics), captured in
// memory so a test knows exactly what it sends through the OTLP exporters.
import { SeverityNumber } from "@opentelemetry/api-logs";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from "@opentelemetry/sdk-logs";
import { MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

export function makeSpans(service: string, count: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": service, "deployment.environment": "test" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("tracelight-test", "1.0.0");
  for (let i = 0; i < count; i++) {
    tracer.startActiveSpan(`GET /items/${i % 5}`, { attributes: { "http.route": "/items/:id", i } }, (parent) => {
      const child = tracer.startSpan("db.query", { attributes: { "db.system": "clickhouse" } });
      child.addEvent("rows", { n: i });
      child.end();
      parent.end();
    });
  }
  return memory.getFinishedSpans();
}

export function makeLogs(service: string, count: number, traceOf?: ReadableSpan): ReadableLogRecord[] {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger("tracelight-test");
  for (let i = 0; i < count; i++) {
    logger.emit({
      severityNumber: i % 2 ? SeverityNumber.ERROR : SeverityNumber.INFO,
      severityText: i % 2 ? "ERROR" : "INFO",
      body: `log line ${i} from ${service}`,
      attributes: { i, traced: traceOf !== undefined },
    });
  }
  return memory.getFinishedLogRecords();
}

/** A reader that exports nothing by itself: the test collects and sends. */
export class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** One collection with a counter (3 series), a histogram (2 series) and a gauge (1 series). */
export async function makeMetrics(service: string): Promise<{ metrics: ResourceMetrics; dataPoints: number }> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    readers: [reader],
  });
  const meter = provider.getMeter("tracelight-test");
  const counter = meter.createCounter("test.requests", { unit: "1", description: "requests" });
  for (const route of ["/a", "/b", "/c"]) counter.add(route.length * 10, { route });
  const histogram = meter.createHistogram("test.latency", { unit: "ms" });
  for (let i = 0; i < 20; i++) histogram.record(i * 5, { route: i % 2 ? "/a" : "/b" });
  const gauge = meter.createObservableGauge("test.temperature", { unit: "Cel" });
  gauge.addCallback((result) => result.observe(21.5, { room: "lab" }));
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw errors[0];
  await provider.shutdown();
  return { metrics: resourceMetrics, dataPoints: 6 };
}
