// The real OpenTelemetry JS OTLP exporters (proto, JSON over HTTP, gRPC) as long-lived
// instances for SDK pipelines (BatchSpanProcessor, BatchLogRecordProcessor,
// PeriodicExportingMetricReader), each wrapped so a test sees every batch it exported and
// whether the service accepted it.
import * as grpc from "@grpc/grpc-js";
import { OTLPLogExporter as LogsGrpc } from "@opentelemetry/exporter-logs-otlp-grpc";
import { OTLPLogExporter as LogsJson } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as LogsProto } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter as MetricsGrpc } from "@opentelemetry/exporter-metrics-otlp-grpc";
import { OTLPMetricExporter as MetricsJson } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as MetricsProto } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as TraceGrpc } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as TraceJson } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as TraceProto } from "@opentelemetry/exporter-trace-otlp-proto";
import type { ClientOptions, ExportOutcome, Protocol } from "./exporters.ts";

type Signal = "traces" | "logs" | "metrics";

function exporterConfig(protocol: Protocol, signal: Signal, options: ClientOptions) {
  if (protocol === "grpc") return { url: `http://${options.grpcAddress}`, metadata: new grpc.Metadata() };
  return { url: `${options.httpBase}/v1/${signal}` };
}

export function traceExporter(protocol: Protocol, options: ClientOptions) {
  const c = exporterConfig(protocol, "traces", options);
  return protocol === "proto" ? new TraceProto(c) : protocol === "json" ? new TraceJson(c) : new TraceGrpc(c);
}

export function logExporter(protocol: Protocol, options: ClientOptions) {
  const c = exporterConfig(protocol, "logs", options);
  return protocol === "proto" ? new LogsProto(c) : protocol === "json" ? new LogsJson(c) : new LogsGrpc(c);
}

export function metricExporter(protocol: Protocol, options: ClientOptions) {
  const c = exporterConfig(protocol, "metrics", options);
  return protocol === "proto" ? new MetricsProto(c) : protocol === "json" ? new MetricsJson(c) : new MetricsGrpc(c);
}

/** What went through one recorded exporter. */
export class ExportLog {
  /** The items argument of every export() call, in order. */
  readonly batches: unknown[] = [];
  readonly outcomes: ExportOutcome[] = [];
  private open = true;

  /** Later exports (e.g. a provider's final flush on shutdown) are answered SUCCESS and not sent. */
  stop(): void {
    this.open = false;
  }

  /** Wraps an exporter: export() is recorded, every other member is the exporter's own. */
  wrap<E extends object>(exporter: E): E {
    return new Proxy(exporter, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (prop === "export") {
          const real = value as (items: unknown, done: (result: ExportOutcome) => void) => void;
          return (items: unknown, done: (result: ExportOutcome) => void) => {
            if (!this.open) return done({ code: 0 });
            this.batches.push(items);
            real.call(target, items, (result) => {
              this.outcomes.push(result);
              done(result);
            });
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  /** Every export so far succeeded (and there was at least one). */
  get allSucceeded(): boolean {
    return this.outcomes.length > 0 && this.outcomes.every((o) => o.code === 0);
  }

  /** The first error, for failure messages. */
  get firstError(): string {
    return String(this.outcomes.find((o) => o.code !== 0)?.error ?? "");
  }
}
