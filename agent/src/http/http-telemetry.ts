// HTTP exchanges → spans and RED metrics (request duration histograms, whose counts give rate
// and errors) with exemplars pointing at the spans that were kept. The loader counts every
// request (bpf/http-red.c) and passes on only the exchanges kept as spans.
import { HistogramAggregator, type ResourceMetric } from "../metrics/histogram.ts";
import type { HttpExchange, HttpRed } from "../probes/records.ts";
import type { AgentSpan, Attributes, UnixNanos } from "../telemetry/model.ts";
import { OTHER_ROUTE, type RouteNamer } from "./route.ts";
import { buildSpan, chooseContext, hostOf, readExchange } from "./spans.ts";

/** OpenTelemetry's advised buckets for HTTP durations, in seconds (bpf/http-red.h counts in the same). */
export const HTTP_DURATION_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface ProcessInfo {
  /** Identifies the resource across calls (the same process gives the same key). */
  key: string;
  serviceName: string;
  resource: Attributes;
}

export interface HttpTelemetryOptions {
  routes: RouteNamer;
  toUnixNanos: (monotonicNs: bigint) => UnixNanos;
}

export type HttpOutcome = { kind: "span"; span: AgentSpan } | { kind: "unreadable"; reason: string };

/** What names a RED series: its attributes and a key built from the same values. */
interface Series {
  attributes: Attributes;
  key: string;
  error: boolean;
}

function seriesOf(
  direction: "server" | "client",
  method: string,
  statusCode: number | undefined,
  /** Server: the route; client: the server's address. */
  target: string,
  port: number,
): Series {
  const error = statusCode !== undefined && statusCode >= (direction === "server" ? 500 : 400);
  const attributes: Record<string, string | number> = { "http.request.method": method };
  if (statusCode !== undefined) attributes["http.response.status_code"] = statusCode;
  if (error) attributes["error.type"] = String(statusCode);
  attributes[direction === "server" ? "http.route" : "server.address"] = target;
  attributes["server.port"] = port;
  // The key from the values, in a fixed order: cheaper than keying the object.
  return { attributes, key: `${method} ${statusCode} ${target} ${port}`, error };
}

/**
 * RED histograms from the loader's counts (every request, kind 5) and spans from the exchanges it
 * kept (kind 1), whose IDs become the histograms' exemplars.
 */
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

  /** A kept exchange: its span, offered to its series as an exemplar. */
  handle(exchange: HttpExchange, process: ProcessInfo): HttpOutcome {
    const view = readExchange(
      exchange,
      (path) => this.options.routes.route(process.serviceName, path),
      this.options.toUnixNanos,
    );
    if (!view) return { kind: "unreadable", reason: "the captured request is not an HTTP/1.x request line" };
    const span = buildSpan(view, chooseContext(view.head), process.resource);
    const server = exchange.direction === "server";
    const series = server
      ? seriesOf("server", view.head.method, view.statusCode, view.route, exchange.localPort)
      : seriesOf("client", view.head.method, view.statusCode, view.serverAddress, exchange.peerPort);
    const exemplar = {
      timeUnixNano: view.endTimeUnixNano,
      value: Number(view.endTimeUnixNano - view.startTimeUnixNano) / 1e9,
      traceId: span.traceId,
      spanId: span.spanId,
    };
    (server ? this.server : this.client).offerExemplar(
      process.key,
      process.resource,
      series.attributes,
      exemplar,
      series.error,
      series.key,
    );
    return { kind: "span", span };
  }

  /** A series the loader counted since its last dump: added to the cumulative histogram. */
  count(red: HttpRed, process: ProcessInfo, now: UnixNanos): void {
    const server = red.direction === "server";
    const target = server
      ? red.overflow
        ? OTHER_ROUTE
        : this.options.routes.route(process.serviceName, red.path)
      : (hostOf(red.host) ?? red.peerAddr);
    const series = seriesOf(red.direction, red.method, red.statusCode, target, server ? red.localPort : red.peerPort);
    const delta = {
      counts: red.buckets,
      count: red.count,
      sum: Number(red.sumNs) / 1e9,
      min: Number(red.minNs) / 1e9,
      max: Number(red.maxNs) / 1e9,
    };
    (server ? this.server : this.client).add(process.key, process.resource, series.attributes, delta, now, series.key);
  }

  collect(now: UnixNanos): ResourceMetric[] {
    return [...this.server.collect(now), ...this.client.collect(now)];
  }
}
