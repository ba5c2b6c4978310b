// The real OpenTelemetry JS OTLP exporters (proto, JSON over HTTP, gRPC) as test clients,
// with a promise around their callback `export()`.

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
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

export type Protocol = "proto" | "json" | "grpc";

export interface ExportOutcome {
  code: number; // 0 SUCCESS, 1 FAILED (@opentelemetry/core ExportResultCode)
  error?: Error;
}

interface Exporter<T> {
  export(items: T, done: (result: ExportOutcome) => void): void;
  shutdown(): Promise<void>;
}

type GrpcCompression = NonNullable<NonNullable<ConstructorParameters<typeof TraceGrpc>[0]>["compression"]>;

export interface ClientOptions {
  httpBase: string;
  grpcAddress: string;
  headers?: Record<string, string>;
  gzip?: boolean;
}

async function send<T>(exporter: Exporter<T>, items: T): Promise<ExportOutcome> {
  try {
    return await new Promise<ExportOutcome>((resolve) => exporter.export(items, resolve));
  } finally {
    await exporter.shutdown();
  }
}

function grpcMetadata(headers: Record<string, string> | undefined): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(headers ?? {})) metadata.set(key, value);
  return metadata;
}

function config(protocol: Protocol, signal: "traces" | "logs" | "metrics", options: ClientOptions) {
  const compression = (options.gzip ? "gzip" : "none") as GrpcCompression;
  if (protocol === "grpc") {
    return { url: `http://${options.grpcAddress}`, compression, metadata: grpcMetadata(options.headers) };
  }
  return { url: `${options.httpBase}/v1/${signal}`, compression, headers: options.headers ?? {} };
}

export function exportSpans(protocol: Protocol, spans: ReadableSpan[], options: ClientOptions): Promise<ExportOutcome> {
  const c = config(protocol, "traces", options);
  const exporter = protocol === "proto" ? new TraceProto(c) : protocol === "json" ? new TraceJson(c) : new TraceGrpc(c);
  return send(exporter, spans);
}

export function exportLogs(
  protocol: Protocol,
  logs: ReadableLogRecord[],
  options: ClientOptions,
): Promise<ExportOutcome> {
  const c = config(protocol, "logs", options);
  const exporter = protocol === "proto" ? new LogsProto(c) : protocol === "json" ? new LogsJson(c) : new LogsGrpc(c);
  return send(exporter, logs);
}

export function exportMetrics(
  protocol: Protocol,
  metrics: ResourceMetrics,
  options: ClientOptions,
): Promise<ExportOutcome> {
  const c = config(protocol, "metrics", options);
  const exporter =
    protocol === "proto" ? new MetricsProto(c) : protocol === "json" ? new MetricsJson(c) : new MetricsGrpc(c);
  return send(exporter, metrics);
}
