// The real OpenTelemetry JS SDK pointed at the e2e api over OTLP/HTTP (protobuf) with its ingest
// key: a tracer and a logger provider per service, with batching processors. Every export must
// be accepted.
import type { Tracer } from "@opentelemetry/api";
import type { Logger } from "@opentelemetry/api-logs";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLP_HEADERS } from "./env.ts";

export interface ExportResult {
  code: number; // 0 SUCCESS, 1 FAILED (@opentelemetry/core ExportResultCode)
  error?: Error;
}

type Export = (items: unknown, done: (result: ExportResult) => void) => void;

/**
 * The exporter with export() reporting failures into `failures`: batching processors only log
 * a failed export, and a test must not wait a minute for data that was refused.
 */
export function checked<E extends object>(exporter: E, what: string, failures: string[]): E {
  return new Proxy(exporter, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop !== "export") return value.bind(target);
      const real = value as Export;
      return ((items, done) =>
        real.call(target, items, (result) => {
          if (result.code !== 0) failures.push(`${what}: ${result.error?.message ?? "export failed"}`);
          done(result);
        })) satisfies Export;
    },
  });
}

export const resourceOf = (service: string): Resource =>
  resourceFromAttributes({ "service.name": service, "service.version": "1.0.0", "deployment.environment": "e2e" });

export interface ServiceTelemetry {
  tracer: Tracer;
  logger: Logger;
}

/** SDK pipelines for any number of services, flushed together. */
export class Telemetry {
  readonly failures: string[] = [];
  private readonly providers: { traces: BasicTracerProvider; logs: LoggerProvider }[] = [];
  private readonly services = new Map<string, ServiceTelemetry>();

  constructor(private readonly otlpHttpBase: string) {}

  service(name: string): ServiceTelemetry {
    const existing = this.services.get(name);
    if (existing) return existing;
    const traceExporter = new OTLPTraceExporter({ url: `${this.otlpHttpBase}/v1/traces`, headers: OTLP_HEADERS });
    const logExporter = new OTLPLogExporter({ url: `${this.otlpHttpBase}/v1/logs`, headers: OTLP_HEADERS });
    const traces = new BasicTracerProvider({
      resource: resourceOf(name),
      spanProcessors: [new BatchSpanProcessor(checked(traceExporter, `${name} spans`, this.failures))],
    });
    const logs = new LoggerProvider({
      resource: resourceOf(name),
      processors: [new BatchLogRecordProcessor({ exporter: checked(logExporter, `${name} logs`, this.failures) })],
    });
    this.providers.push({ traces, logs });
    const telemetry = { tracer: traces.getTracer("tracelight-e2e", "1.0.0"), logger: logs.getLogger("tracelight-e2e") };
    this.services.set(name, telemetry);
    return telemetry;
  }

  /** Exports everything ended or emitted so far; throws when the api refused any of it. */
  async flush(): Promise<void> {
    await Promise.all(this.providers.flatMap((p) => [p.traces.forceFlush(), p.logs.forceFlush()]));
    if (this.failures.length > 0)
      throw new Error(`OTLP export to ${this.otlpHttpBase} failed: ${this.failures.join("; ")}`);
  }

  async shutdown(): Promise<void> {
    await this.flush();
    await Promise.all(this.providers.flatMap((p) => [p.traces.shutdown(), p.logs.shutdown()]));
  }
}
