// One service's OpenTelemetry pipelines: tracer, logger and meter providers under the service's
// own Resource, batched OTLP exporters (spans/logs ~1 s, metrics every 10 s with exemplars),
// the instruments every service records, and one shutdown that flushes them all.
import { hostname } from "node:os";
import { context, type Meter, propagation, type Tracer } from "@opentelemetry/api";
import type { Logger } from "@opentelemetry/api-logs";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { type ExportResult, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { ExemplarMetricExporter } from "./exemplar-metric-exporter.ts";
import type { ExemplarReservoir } from "./exemplars.ts";
import { createInstruments, type Instruments } from "./instruments.ts";

export type Signal = "traces" | "logs" | "metrics";

export interface ServiceTelemetry extends Instruments {
  serviceName: string;
  tracer: Tracer;
  logger: Logger;
  meter: Meter;
  /** Exports everything recorded so far. */
  flush(): Promise<void>;
  /** Flushes every pipeline and stops them; later telemetry is dropped. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP base URL (no trailing slash). */
  endpoint: string;
  /** Called with the result of every export (e.g. to say once that the api is not reachable). */
  onExport?: (signal: Signal, result: ExportResult) => void;
  /** Replaces the OTLP exporters (tests). */
  exporters?: (reservoirs: ReadonlyMap<string, ExemplarReservoir>) => {
    spans: SpanExporter;
    logs: LogRecordExporter;
    metrics: PushMetricExporter;
  };
  metricIntervalMs?: number;
  /** Extra resource attributes. */
  resource?: Record<string, string | number>;
}

// The SDK default; a busy api (a loaded machine, a large merge) can take seconds to answer.
const EXPORT_TIMEOUT_MS = 10_000;

/** Context propagation for the whole process: AsyncLocalStorage context, W3C trace context. */
export function installContext(): () => void {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return () => {
    context.disable();
    propagation.disable();
  };
}

/** Reports each export's result through `report` without changing it. */
function watched<T extends { export(items: never, done: (result: ExportResult) => void): void }>(
  exporter: T,
  report: (result: ExportResult) => void,
): T {
  const target = exporter as unknown as { export(items: unknown, done: (result: ExportResult) => void): void };
  const original = target.export.bind(target);
  target.export = (items, done) =>
    original(items, (result) => {
      report(result);
      done(result);
    });
  return exporter;
}

export function startTelemetry(options: TelemetryOptions): ServiceTelemetry {
  const resource = resourceFromAttributes({
    "service.name": options.serviceName,
    "service.namespace": "tracelight-demo",
    "service.version": "1.0.0",
    "service.instance.id": `${options.serviceName}-${process.pid}`,
    "deployment.environment.name": "demo",
    "host.name": hostname(),
    "process.pid": process.pid,
    "telemetry.sdk.language": "nodejs",
    ...options.resource,
  });
  const reservoirs = new Map<string, ExemplarReservoir>();
  const exporters = options.exporters?.(reservoirs) ?? {
    spans: new OTLPTraceExporter({ url: `${options.endpoint}/v1/traces`, timeoutMillis: EXPORT_TIMEOUT_MS }),
    logs: new OTLPLogExporter({ url: `${options.endpoint}/v1/logs`, timeoutMillis: EXPORT_TIMEOUT_MS }),
    metrics: new ExemplarMetricExporter({
      url: `${options.endpoint}/v1/metrics`,
      reservoirs,
      timeoutMs: EXPORT_TIMEOUT_MS,
    }),
  };
  const report = (signal: Signal) => (result: ExportResult) => options.onExport?.(signal, result);
  const batch = { scheduledDelayMillis: 1_000, exportTimeoutMillis: EXPORT_TIMEOUT_MS, maxQueueSize: 8192 };

  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(watched(exporters.spans, report("traces")), batch)],
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: watched(exporters.logs, report("logs")), ...batch })],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: watched(exporters.metrics, report("metrics")),
        exportIntervalMillis: options.metricIntervalMs ?? 10_000,
        exportTimeoutMillis: EXPORT_TIMEOUT_MS,
      }),
    ],
  });

  const scope = { name: "@tracelight/demo", version: "1.0.0" };
  const meter = meterProvider.getMeter(scope.name, scope.version);
  const { requestDuration, requests } = createInstruments(meter);
  reservoirs.set(requestDuration.name, requestDuration.reservoir);

  let closing: Promise<void> | undefined;
  return {
    serviceName: options.serviceName,
    tracer: tracerProvider.getTracer(scope.name, scope.version),
    logger: loggerProvider.getLogger(scope.name, scope.version),
    meter,
    requestDuration,
    requests,
    async flush() {
      await Promise.all([tracerProvider.forceFlush(), loggerProvider.forceFlush()]);
      await meterProvider.forceFlush();
    },
    shutdown() {
      // Spans and logs first, so the last metric export's exemplars point at stored spans.
      closing ??= (async () => {
        await Promise.allSettled([tracerProvider.shutdown(), loggerProvider.shutdown()]);
        await meterProvider.shutdown().catch(() => {});
      })();
      return closing;
    },
  };
}
