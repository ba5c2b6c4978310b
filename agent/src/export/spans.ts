// AgentSpan → OTLP protobuf ExportTraceServiceRequest, the body of POST /v1/traces, written field
// by field into a reused buffer (proto-writer.ts): no SDK span objects, no generated message
// objects. Field numbers are those of opentelemetry/proto/trace/v1/trace.proto and
// common/v1/common.proto; spans with equal resource attributes share one ResourceSpans.
import type { InstrumentationScope } from "@opentelemetry/core";
import { attributesKey } from "../telemetry/attributes-key.ts";
import type { AgentSpan, Attributes } from "../telemetry/model.ts";
import { ProtoWriter } from "./proto-writer.ts";

/** SpanKind: SERVER 2, CLIENT 3. */
const KIND: Readonly<Record<AgentSpan["kind"], number>> = { server: 2, client: 3 };
const STATUS_CODE_ERROR = 2;
/** Span flags: W3C sampled, and whether the parent's remoteness is known (it is) and true. */
const FLAGS_SAMPLED = 0x01;
const FLAGS_HAS_IS_REMOTE = 0x100;
const FLAGS_IS_REMOTE = 0x200;

const writer = new ProtoWriter();

/** KeyValue (repeated `field`): string, bool, int64 for integers, double otherwise. */
function writeAttributes(w: ProtoWriter, field: number, attributes: Attributes): void {
  for (const key in attributes) {
    const value = attributes[key]!;
    const kv = w.open(field);
    w.string(1, key);
    const any = w.open(2);
    if (typeof value === "string") w.string(1, value);
    else if (typeof value === "boolean") w.bool(2, value);
    else if (Number.isSafeInteger(value)) w.int64(3, value);
    else w.double(4, value);
    w.close(any);
    w.close(kv);
  }
}

function writeSpan(w: ProtoWriter, span: AgentSpan): void {
  const at = w.open(2, 2);
  w.hex(1, span.traceId);
  w.hex(2, span.spanId);
  if (span.parentSpanId) w.hex(4, span.parentSpanId);
  w.string(5, span.name);
  w.uint(6, KIND[span.kind]);
  w.fixed64(7, span.startTimeUnixNano);
  w.fixed64(8, span.endTimeUnixNano);
  writeAttributes(w, 9, span.attributes);
  // The dropped counts and an unset status as the SDK's serializer writes them (explicit zeros),
  // so the two encodings are the same bytes (spans.test.ts).
  w.uint(10, 0);
  w.uint(12, 0);
  w.uint(14, 0);
  const status = w.open(15);
  w.uint(3, span.status === "error" ? STATUS_CODE_ERROR : 0);
  w.close(status);
  // The agent exports only spans it recorded: sampled by definition.
  w.fixed32(16, FLAGS_SAMPLED | FLAGS_HAS_IS_REMOTE | (span.parentSpanId && span.parentIsRemote ? FLAGS_IS_REMOTE : 0));
  w.close(at);
}

/** The spans grouped by resource attributes, in order; the key is built once per resource object. */
function byResource(spans: readonly AgentSpan[]): Map<string, { resource: Attributes; spans: AgentSpan[] }> {
  const groups = new Map<string, { resource: Attributes; spans: AgentSpan[] }>();
  const byObject = new Map<Attributes, AgentSpan[]>();
  for (const span of spans) {
    let list = byObject.get(span.resource);
    if (!list) {
      const key = attributesKey(span.resource);
      let group = groups.get(key);
      if (!group) {
        group = { resource: span.resource, spans: [] };
        groups.set(key, group);
      }
      list = group.spans;
      byObject.set(span.resource, list);
    }
    list.push(span);
  }
  return groups;
}

/** The protobuf ExportTraceServiceRequest for `spans`. */
export function encodeSpans(spans: readonly AgentSpan[], scope: InstrumentationScope): Uint8Array {
  const w = writer;
  w.reset();
  for (const { resource, spans: list } of byResource(spans).values()) {
    const resourceSpans = w.open(1, 3);
    const r = w.open(1, 2);
    writeAttributes(w, 1, resource);
    w.uint(2, 0);
    w.close(r);
    const scopeSpans = w.open(2, 3);
    const s = w.open(1);
    w.string(1, scope.name);
    if (scope.version) w.string(2, scope.version);
    w.close(s);
    for (const span of list) writeSpan(w, span);
    w.close(scopeSpans);
    w.close(resourceSpans);
  }
  return w.finish();
}
