// AgentSpan → the SDK's ReadableSpan shape → OTLP protobuf (ExportTraceServiceRequest), the body
// of POST /v1/traces. The transformer's encoder does the wire format; this file only maps fields.
import { type SpanContext, SpanKind, SpanStatusCode, TraceFlags } from "@opentelemetry/api";
import type { InstrumentationScope } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { AgentSpan } from "../telemetry/model.ts";
import { nanosToHrTime } from "./hr-time.ts";
import { ResourceCache } from "./resources.ts";

const KIND: Readonly<Record<AgentSpan["kind"], SpanKind>> = { server: SpanKind.SERVER, client: SpanKind.CLIENT };

/**
 * The spans as ReadableSpans of `scope`. Spans with equal resource attributes share one Resource
 * object, so the encoder writes one ResourceSpans per distinct resource.
 */
export function toReadableSpans(spans: readonly AgentSpan[], scope: InstrumentationScope): ReadableSpan[] {
  const resources = new ResourceCache();
  return spans.map((span) => {
    // The agent exports only spans it recorded: sampled by definition.
    const context: SpanContext = { traceId: span.traceId, spanId: span.spanId, traceFlags: TraceFlags.SAMPLED };
    const parent: SpanContext | undefined = span.parentSpanId
      ? {
          traceId: span.traceId,
          spanId: span.parentSpanId,
          traceFlags: TraceFlags.SAMPLED,
          isRemote: span.parentIsRemote === true,
        }
      : undefined;
    return {
      name: span.name,
      kind: KIND[span.kind],
      spanContext: () => context,
      parentSpanContext: parent,
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
}

/** The protobuf ExportTraceServiceRequest for `spans`. */
export function encodeSpans(spans: readonly AgentSpan[], scope: InstrumentationScope): Uint8Array {
  const body = ProtobufTraceSerializer.serializeRequest(toReadableSpans(spans, scope));
  if (!body) throw new Error("ProtobufTraceSerializer produced no request");
  return body;
}
