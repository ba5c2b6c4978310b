// OTLP/JSON ExportTraceServiceRequest -> otel_traces rows (same rules as protobuf/traces.ts).
import type { Outcome } from "../outcome.ts";
import type { SpanEventRow, SpanLinkRow, SpanRow } from "../rows.ts";
import { spanKindName, statusCodeName } from "../values.ts";
import { array, asObject, attributes, get, parseBody, readId, readResource, readScope, string } from "./common.ts";
import { enumeration, type JsonObject, uint64 } from "./fields.ts";

const SPAN_KINDS = [
  "SPAN_KIND_UNSPECIFIED",
  "SPAN_KIND_INTERNAL",
  "SPAN_KIND_SERVER",
  "SPAN_KIND_CLIENT",
  "SPAN_KIND_PRODUCER",
  "SPAN_KIND_CONSUMER",
];
const STATUS_CODES = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

export function readTracesJson(body: Uint8Array, out: Outcome, exact: boolean): SpanRow[] {
  const rows: SpanRow[] = [];
  const request = parseBody(body, out, exact);
  for (const rsValue of array(request, "resourceSpans", "request")) {
    const rs = asObject(rsValue, "resourceSpans[]");
    const resource = readResource(rs, "resourceSpans[]");
    for (const ssValue of array(rs, "scopeSpans", "resourceSpans[]")) {
      const ss = asObject(ssValue, "scopeSpans[]");
      const scope = readScope(ss, "scopeSpans[]");
      for (const spanValue of array(ss, "spans", "scopeSpans[]")) {
        const span = asObject(spanValue, "span");
        const traceId = readId(span, "traceId", "trace_id", 16, true);
        const spanId = readId(span, "spanId", "span_id", 8, true);
        const parent = readId(span, "parentSpanId", "parent_span_id", 8, false);
        const links: SpanLinkRow[] = [];
        let problem = traceId.problem ?? spanId.problem ?? parent.problem;
        for (const linkValue of array(span, "links", "span")) {
          problem = readLink(asObject(linkValue, "span.links[]"), links) ?? problem;
        }
        const status = get(span, "status");
        const statusObject: JsonObject = status === undefined ? {} : asObject(status, "span.status");
        const events = array(span, "events", "span").map((e) => readEvent(asObject(e, "span.events[]")));
        const start = uint64(span, "startTimeUnixNano", "span");
        const end = uint64(span, "endTimeUnixNano", "span");
        const row: SpanRow = {
          Timestamp: start,
          TraceId: traceId.hex,
          SpanId: spanId.hex,
          ParentSpanId: parent.hex,
          TraceState: string(span, "traceState", "span"),
          SpanName: string(span, "name", "span"),
          SpanKind: spanKindName(enumeration(span, "kind", SPAN_KINDS, "span")),
          ServiceName: resource.serviceName,
          ResourceAttributes: resource.attributes,
          ScopeName: scope.name,
          ScopeVersion: scope.version,
          SpanAttributes: attributes(span, "attributes", "span"),
          Duration: end > start ? end - start : 0n,
          StatusCode: statusCodeName(enumeration(statusObject, "code", STATUS_CODES, "span.status")),
          StatusMessage: string(statusObject, "message", "span.status"),
          Events: events,
          Links: links,
        };
        if (problem !== undefined) out.reject(`span with ${problem}`);
        else rows.push(row);
      }
    }
  }
  return rows;
}

function readEvent(e: JsonObject): SpanEventRow {
  return {
    Timestamp: uint64(e, "timeUnixNano", "span.events[]"),
    Name: string(e, "name", "span.events[]"),
    Attributes: attributes(e, "attributes", "span.events[]"),
  };
}

function readLink(link: JsonObject, into: SpanLinkRow[]): string | undefined {
  const traceId = readId(link, "traceId", "link trace_id", 16, true);
  const spanId = readId(link, "spanId", "link span_id", 8, true);
  const problem = traceId.problem ?? spanId.problem;
  if (problem !== undefined) return problem;
  into.push({
    TraceId: traceId.hex,
    SpanId: spanId.hex,
    TraceState: string(link, "traceState", "span.links[]"),
    Attributes: attributes(link, "attributes", "span.links[]"),
  });
  return undefined;
}
