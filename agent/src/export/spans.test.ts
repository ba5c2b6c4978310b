// Span encoding, read back by Tracelight's own OTLP decoder (@tracelight/otlp): every field the
// agent sets must come out of the decoder as the row it wrote, times to the nanosecond; and the
// bytes are those the OpenTelemetry SDK's serializer writes for the same spans.
import { type SpanContext, SpanKind, SpanStatusCode, TraceFlags } from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { decodeTraces, type SpanRow } from "@tracelight/otlp";
import { describe, expect, it } from "vitest";
import type { AgentSpan } from "../telemetry/model.ts";
import { nanosToHrTime } from "./hr-time.ts";
import { ResourceCache } from "./resources.ts";
import { encodeSpans } from "./spans.ts";

/** The same spans as the SDK's ReadableSpans, for its serializer: the reference encoding. */
function sdkEncoding(spans: readonly AgentSpan[], scope: InstrumentationScope): Uint8Array {
  const resources = new ResourceCache();
  const readable = spans.map((span): ReadableSpan => {
    const context: SpanContext = { traceId: span.traceId, spanId: span.spanId, traceFlags: TraceFlags.SAMPLED };
    return {
      name: span.name,
      kind: span.kind === "server" ? SpanKind.SERVER : SpanKind.CLIENT,
      spanContext: () => context,
      parentSpanContext: span.parentSpanId
        ? { traceId: span.traceId, spanId: span.parentSpanId, traceFlags: 1, isRemote: span.parentIsRemote === true }
        : undefined,
      startTime: nanosToHrTime(span.startTimeUnixNano),
      endTime: nanosToHrTime(span.endTimeUnixNano),
      duration: nanosToHrTime(span.endTimeUnixNano - span.startTimeUnixNano),
      status: { code: span.status === "error" ? SpanStatusCode.ERROR : SpanStatusCode.UNSET },
      attributes: span.attributes,
      links: [],
      events: [],
      ended: true,
      resource: resources.get(span.resource),
      instrumentationScope: scope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
  return ProtobufTraceSerializer.serializeRequest(readable)!;
}

const SCOPE = { name: "tracelight-ebpf-agent", version: "9.8.7" };
// 2026-01-01T00:00:00.123456789Z: far above 2^53 ns, so a float anywhere would lose the last digits.
const T0 = 1_767_225_600_123_456_789n;

const checkoutResource = { "service.name": "checkout", "process.pid": 4242, "host.name": "h1" };
const paymentsResource = { "service.name": "payments", "process.pid": 77 };

const spans: AgentSpan[] = [
  {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    parentSpanId: "00f067aa0ba902b7",
    parentIsRemote: true,
    name: "GET /orders/:id",
    kind: "server",
    startTimeUnixNano: T0,
    endTimeUnixNano: T0 + 1_234_567_891n,
    attributes: { "http.request.method": "GET", "http.response.status_code": 200, "network.peer.port": 51234 },
    status: "unset",
    resource: checkoutResource,
  },
  {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "1111111111111111",
    parentSpanId: "b7ad6b7169203331",
    parentIsRemote: false,
    name: "POST",
    kind: "client",
    startTimeUnixNano: T0 + 1n,
    endTimeUnixNano: T0 + 2n,
    attributes: { "server.address": "payments", "http.response.status_code": 503, "error.type": "503", retried: true },
    status: "error",
    // Equal to checkoutResource, but another object: must still share its ResourceSpans.
    resource: { ...checkoutResource },
  },
  {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "2222222222222222",
    name: "POST /pay",
    kind: "server",
    startTimeUnixNano: T0 + 999_999_999n,
    endTimeUnixNano: T0 + 1_000_000_000n,
    attributes: { "http.route": "/pay", ratio: 0.25 },
    status: "error",
    resource: paymentsResource,
  },
];

describe("encodeSpans", () => {
  it("is decoded by @tracelight/otlp into exactly the rows the agent meant", () => {
    const decoded = decodeTraces(encodeSpans(spans, SCOPE), "protobuf");
    expect(decoded.rejected).toBe(0);
    expect(decoded.errors).toEqual([]);
    const common = { TraceState: "", ScopeName: SCOPE.name, ScopeVersion: SCOPE.version, StatusMessage: "" };
    const checkout = { "service.name": "checkout", "process.pid": "4242", "host.name": "h1" };
    const expected: SpanRow[] = [
      {
        ...common,
        Timestamp: T0,
        TraceId: "0af7651916cd43dd8448eb211c80319c",
        SpanId: "b7ad6b7169203331",
        ParentSpanId: "00f067aa0ba902b7",
        SpanName: "GET /orders/:id",
        SpanKind: "Server",
        ServiceName: "checkout",
        ResourceAttributes: checkout,
        SpanAttributes: {
          "http.request.method": "GET",
          "http.response.status_code": "200",
          "network.peer.port": "51234",
        },
        Duration: 1_234_567_891n,
        StatusCode: "Unset",
        Events: [],
        Links: [],
      },
      {
        ...common,
        Timestamp: T0 + 1n,
        TraceId: "0af7651916cd43dd8448eb211c80319c",
        SpanId: "1111111111111111",
        ParentSpanId: "b7ad6b7169203331",
        SpanName: "POST",
        SpanKind: "Client",
        ServiceName: "checkout",
        ResourceAttributes: checkout,
        SpanAttributes: {
          "server.address": "payments",
          "http.response.status_code": "503",
          "error.type": "503",
          retried: "true",
        },
        Duration: 1n,
        StatusCode: "Error",
        Events: [],
        Links: [],
      },
      {
        ...common,
        Timestamp: T0 + 999_999_999n,
        TraceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        SpanId: "2222222222222222",
        ParentSpanId: "",
        SpanName: "POST /pay",
        SpanKind: "Server",
        ServiceName: "payments",
        ResourceAttributes: { "service.name": "payments", "process.pid": "77" },
        SpanAttributes: { "http.route": "/pay", ratio: "0.25" },
        Duration: 1n,
        StatusCode: "Error",
        Events: [],
        Links: [],
      },
    ];
    expect(decoded.rows).toEqual(expected);
  });

  it("writes the bytes the SDK's serializer writes: one ResourceSpans per distinct resource, remote parents in the flags", () => {
    expect(Buffer.from(encodeSpans(spans, SCOPE)).toString("hex")).toBe(
      Buffer.from(sdkEncoding(spans, SCOPE)).toString("hex"),
    );
  });

  it("writes a batch of thousands of spans (lengths of every size) as the SDK does, buffer reused", () => {
    const many: AgentSpan[] = Array.from({ length: 3000 }, (_, i) => ({
      ...spans[i % 3]!,
      spanId: (i + 1).toString(16).padStart(16, "0"),
      name: `GET /${"é".repeat(i % 70)}`,
      attributes: { ...spans[i % 3]!.attributes, "url.path": "/x".repeat(i % 200), n: -i, big: 2 ** 40 + i },
    }));
    for (const batch of [many, spans, many.slice(0, 7)])
      expect(Buffer.from(encodeSpans(batch, SCOPE)).equals(Buffer.from(sdkEncoding(batch, SCOPE)))).toBe(true);
  });

  it("encodes an empty batch as an empty request", () => {
    expect(decodeTraces(encodeSpans([], SCOPE), "protobuf").rows).toEqual([]);
  });
});
