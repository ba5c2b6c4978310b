// HTTP exchanges → spans and RED metrics (request duration histograms, whose counts give rate
// and errors) with exemplars pointing at the spans that were kept.
import { HistogramAggregator, type ResourceMetric } from "../metrics/histogram.ts";
import type { HttpExchange } from "../probes/records.ts";
import type { AgentSpan, Attributes, UnixNanos } from "../telemetry/model.ts";
import type { RouteNamer } from "./route.ts";
import { buildSpan, chooseContext, isError, readExchange } from "./spans.ts";

/** OpenTelemetry's advised buckets for HTTP durations, in seconds. */
export const HTTP_DURATION_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface ProcessInfo {
  /** Identifies the resource across calls (the same process gives the same key). */
  key: string;
  serviceName: string;
  resource: Attributes;
}

export interface HttpTelemetryOptions {
  routes: RouteNamer;
  /** Share of new traces whose spans are kept (requests with a traceparent follow its flag). */
  sampleRatio: number;
  toUnixNanos: (monotonicNs: bigint) => UnixNanos;
}

export type HttpOutcome =
  | { kind: "span"; span: AgentSpan }
  | { kind: "unsampled" }
  | { kind: "unreadable"; reason: string };

export class HttpTelemetry {
  readonly server = new HistogramAggregator(
    "http.server.request.duration",
    "s",
    "Duration of HTTP server requests, seen by the eBPF agent",
    HTTP_DURATION_BOUNDS,
  );
  readonly client = new HistogramAggregator(
    "http.client.request.duration",
    "s",
    "Duration of HTTP client requests, seen by the eBPF agent",
    HTTP_DURATION_BOUNDS,
  );

  constructor(private readonly options: HttpTelemetryOptions) {}

  handle(exchange: HttpExchange, process: ProcessInfo): HttpOutcome {
    const view = readExchange(
      exchange,
      (path) => this.options.routes.route(process.serviceName, path),
      this.options.toUnixNanos,
    );
    if (!view) return { kind: "unreadable", reason: "the captured request is not an HTTP/1.x request line" };
    const context = chooseContext(view.head, this.options.sampleRatio);
    const span = context.sampled ? buildSpan(view, context, process.resource) : undefined;
    const error = isError(view);
    const attributes: Record<string, string | number> = { "http.request.method": view.head.method };
    if (view.statusCode !== undefined) attributes["http.response.status_code"] = view.statusCode;
    if (error) attributes["error.type"] = String(view.statusCode);
    const duration = Number(view.endTimeUnixNano - view.startTimeUnixNano) / 1e9;
    const observation = {
      value: duration,
      timeUnixNano: view.endTimeUnixNano,
      ...(span ? { trace: { traceId: span.traceId, spanId: span.spanId, error } } : {}),
    };
    // The series key from the values, in a fixed order: cheaper than keying the object.
    const key = `${view.head.method} ${view.statusCode} ${exchange.direction === "server" ? view.route : view.serverAddress}`;
    if (exchange.direction === "server") {
      attributes["http.route"] = view.route;
      attributes["server.port"] = exchange.localPort;
      this.server.record(process.key, process.resource, attributes, observation, `${key} ${exchange.localPort}`);
    } else {
      attributes["server.address"] = view.serverAddress;
      attributes["server.port"] = exchange.peerPort;
      this.client.record(process.key, process.resource, attributes, observation, `${key} ${exchange.peerPort}`);
    }
    return span ? { kind: "span", span } : { kind: "unsampled" };
  }

  collect(now: UnixNanos): ResourceMetric[] {
    return [...this.server.collect(now), ...this.client.collect(now)];
  }
}
