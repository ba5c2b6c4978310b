// An HTTP exchange seen by the kernel → a span in OpenTelemetry's HTTP semantic conventions,
// joined to the caller's trace when the request carried a W3C traceparent.
import type { HttpExchange } from "../probes/records.ts";
import type { AgentSpan, Attributes, UnixNanos } from "../telemetry/model.ts";
import { randomHexId } from "./ids.ts";
import { parseRequestHead, parseStatusCode, type RequestHead } from "./message.ts";
import { parseTraceParent } from "./traceparent.ts";

/** One HTTP exchange read from its bytes, with its times in Unix nanoseconds. */
export interface HttpRequestView {
  exchange: HttpExchange;
  head: RequestHead;
  /** Undefined when the captured response bytes hold no status line. */
  statusCode: number | undefined;
  route: string;
  /** The Host header's host, else the server's IP address. */
  serverAddress: string;
  startTimeUnixNano: UnixNanos;
  endTimeUnixNano: UnixNanos;
}

export function readExchange(
  exchange: HttpExchange,
  route: (path: string) => string,
  toUnixNanos: (monotonicNs: bigint) => UnixNanos,
): HttpRequestView | undefined {
  const head = parseRequestHead(exchange.request);
  if (!head) return undefined;
  const start = toUnixNanos(exchange.startNs);
  // A clock read out of order on another CPU can put the end a hair before the start.
  const end = exchange.endNs > exchange.startNs ? toUnixNanos(exchange.endNs) : start;
  const serverIp = exchange.direction === "server" ? exchange.localAddr : exchange.peerAddr;
  return {
    exchange,
    head,
    statusCode: parseStatusCode(exchange.response),
    route: route(head.path),
    serverAddress: hostOf(head.headers.get("host")) ?? serverIp,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
  };
}

/** Server spans fail on 5xx; client spans on any 4xx/5xx (semantic conventions). */
export function isError(view: HttpRequestView): boolean {
  const status = view.statusCode;
  if (status === undefined) return false;
  return view.exchange.direction === "server" ? status >= 500 : status >= 400;
}

/** The host of a Host header's value (no port, no brackets); undefined when none or unreadable. */
export function hostOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(value);
  return match ? match[1]!.replace(/^\[|\]$/g, "") : undefined;
}

function spanAttributes(view: HttpRequestView): Attributes {
  const { exchange, head, statusCode } = view;
  const attrs: Record<string, string | number | boolean> = {
    "http.request.method": head.method,
    "http.route": view.route,
    "network.protocol.version": head.version,
  };
  if (statusCode !== undefined) attrs["http.response.status_code"] = statusCode;
  if (statusCode !== undefined && isError(view)) attrs["error.type"] = String(statusCode);
  const userAgent = head.headers.get("user-agent");
  if (userAgent) attrs["user_agent.original"] = userAgent;
  if (exchange.direction === "server") {
    attrs["url.path"] = head.path;
    if (head.query !== undefined) attrs["url.query"] = head.query;
    attrs["url.scheme"] = "http";
    attrs["server.address"] = view.serverAddress;
    attrs["server.port"] = exchange.localPort;
    attrs["client.address"] = exchange.peerAddr;
    attrs["client.port"] = exchange.peerPort;
  } else {
    const server = view.serverAddress;
    attrs["server.address"] = server;
    attrs["server.port"] = exchange.peerPort;
    // The IP actually connected to, when the Host header named the server otherwise.
    if (server !== exchange.peerAddr) attrs["network.peer.address"] = exchange.peerAddr;
    const authority = server.includes(":") ? `[${server}]` : server;
    attrs["url.full"] =
      `http://${authority}:${exchange.peerPort}${head.target.startsWith("/") ? head.target : head.path}`;
  }
  if (head.truncated) attrs["tracelight.http.head_truncated"] = true;
  return attrs;
}

export interface SpanContextChoice {
  traceId: string;
  parentSpanId: string | undefined;
}

/**
 * The trace this request belongs to: the caller's (traceparent) or a new one. Whether it is kept
 * was decided before (the loader samples, bpf/http-red.c): every exchange that reaches here is.
 */
export function chooseContext(head: RequestHead): SpanContextChoice {
  const parent = parseTraceParent(head.headers.get("traceparent"));
  if (parent) return { traceId: parent.traceId, parentSpanId: parent.parentSpanId };
  return { traceId: randomHexId(16), parentSpanId: undefined };
}

export function buildSpan(
  view: HttpRequestView,
  context: SpanContextChoice,
  resource: Attributes,
  spanId: string = randomHexId(8),
): AgentSpan {
  const span: AgentSpan = {
    traceId: context.traceId,
    spanId,
    name: `${view.head.method} ${view.route}`,
    kind: view.exchange.direction,
    startTimeUnixNano: view.startTimeUnixNano,
    endTimeUnixNano: view.endTimeUnixNano,
    attributes: spanAttributes(view),
    status: isError(view) ? "error" : "unset",
    resource,
  };
  if (context.parentSpanId !== undefined) {
    span.parentSpanId = context.parentSpanId;
    span.parentIsRemote = true;
  }
  return span;
}
