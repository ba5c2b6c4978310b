// ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) -> otel_traces rows.
// This is the ingest hot path: one pass per span, no intermediate objects, strings and IDs
// sliced straight out of the request buffer.

import type { ResourceInfo, ScopeInfo } from "../context.ts";
import { allZero, hexOf } from "../hex.ts";
import { idProblem } from "../ids.ts";
import type { Outcome } from "../outcome.ts";
import type { AttributeMap, SpanEventRow, SpanLinkRow, SpanRow } from "../rows.ts";
import { spanKindName, statusCodeName } from "../values.ts";
import { optionalHex, readAttribute } from "./common.ts";
import { readRequest } from "./envelope.ts";
import { fields, type Reader } from "./reader.ts";

const SPAN_KNOWN = fields(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 15);
const EVENT_KNOWN = fields(1, 2, 3);
const LINK_KNOWN = fields(1, 2, 3, 4);
const STATUS_KNOWN = fields(2, 3);

const NAMES = { request: "ExportTraceServiceRequest", resource: "ResourceSpans", scope: "ScopeSpans" };

export function readTraceRequest(r: Reader, out: Outcome): SpanRow[] {
  const rows: SpanRow[] = [];
  readRequest(
    r,
    NAMES,
    (r, end, resource, scope, out) => {
      const row = readSpan(r, end, resource, scope, out);
      if (row !== undefined) rows.push(row);
    },
    out,
  );
  return rows;
}

function readSpan(r: Reader, end: number, resource: ResourceInfo, scope: ScopeInfo, out: Outcome): SpanRow | undefined {
  let traceStart = 0;
  let traceEnd = 0;
  let spanStart = 0;
  let spanEnd = 0;
  let parentStart = 0;
  let parentEnd = 0;
  let traceState = "";
  let name = "";
  let kind = 0;
  let startTime = 0n;
  let endTime = 0n;
  const attributes: AttributeMap = {};
  const events: SpanEventRow[] = [];
  const links: SpanLinkRow[] = [];
  let statusCode = 0;
  let statusMessage = "";
  let linkProblem: string | undefined;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 10:
        traceEnd = r.lenEnd();
        traceStart = r.pos;
        r.pos = traceEnd;
        break;
      case 18:
        spanEnd = r.lenEnd();
        spanStart = r.pos;
        r.pos = spanEnd;
        break;
      case 26:
        traceState = r.string();
        break;
      case 34:
        parentEnd = r.lenEnd();
        parentStart = r.pos;
        r.pos = parentEnd;
        break;
      case 42:
        name = r.string();
        break;
      case 48:
        kind = r.uint32();
        break;
      case 57:
        startTime = r.fixed64Big();
        break;
      case 65:
        endTime = r.fixed64Big();
        break;
      case 74:
        readAttribute(r, attributes);
        break;
      case 90:
        events.push(readEvent(r, r.lenEnd()));
        break;
      case 106:
        linkProblem = readLink(r, r.lenEnd(), links) ?? linkProblem;
        break;
      case 122: {
        const statusEnd = r.lenEnd();
        while (r.pos < statusEnd) {
          const statusTag = r.tag();
          if (statusTag === 18) statusMessage = r.string();
          else if (statusTag === 24) statusCode = r.uint32();
          else r.unknown(statusTag, STATUS_KNOWN, "Status");
        }
        r.end(statusEnd, "Status");
        break;
      }
      default:
        r.unknown(tag, SPAN_KNOWN, "Span");
    }
  }
  r.end(end, "Span");

  const bytes = r.bytes;
  const problem =
    idProblem("trace_id", traceEnd - traceStart, allZero(bytes, traceStart, traceEnd), 16, true) ??
    idProblem("span_id", spanEnd - spanStart, allZero(bytes, spanStart, spanEnd), 8, true) ??
    idProblem("parent_span_id", parentEnd - parentStart, false, 8, false) ??
    linkProblem;
  if (problem !== undefined) {
    out.reject(`span with ${problem}`);
    return undefined;
  }
  return {
    Timestamp: startTime,
    TraceId: hexOf(r.buf, traceStart, traceEnd),
    SpanId: hexOf(r.buf, spanStart, spanEnd),
    ParentSpanId: optionalHex(r, parentStart, parentEnd),
    TraceState: traceState,
    SpanName: name,
    SpanKind: spanKindName(kind),
    ServiceName: resource.serviceName,
    ResourceAttributes: resource.attributes,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    SpanAttributes: attributes,
    // The table's Duration is unsigned: a span that ends before it starts gets 0, not a wrap.
    Duration: endTime > startTime ? endTime - startTime : 0n,
    StatusCode: statusCodeName(statusCode),
    StatusMessage: statusMessage,
    Events: events,
    Links: links,
  };
}

function readEvent(r: Reader, end: number): SpanEventRow {
  let time = 0n;
  let name = "";
  const attributes: AttributeMap = {};
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 9) time = r.fixed64Big();
    else if (tag === 18) name = r.string();
    else if (tag === 26) readAttribute(r, attributes);
    else r.unknown(tag, EVENT_KNOWN, "Span.Event");
  }
  r.end(end, "Span.Event");
  return { Timestamp: time, Name: name, Attributes: attributes };
}

/** Adds the link to `links`, or returns why its IDs make the span unacceptable. */
function readLink(r: Reader, end: number, links: SpanLinkRow[]): string | undefined {
  let traceStart = 0;
  let traceEnd = 0;
  let spanStart = 0;
  let spanEnd = 0;
  let traceState = "";
  const attributes: AttributeMap = {};
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      traceEnd = r.lenEnd();
      traceStart = r.pos;
      r.pos = traceEnd;
    } else if (tag === 18) {
      spanEnd = r.lenEnd();
      spanStart = r.pos;
      r.pos = spanEnd;
    } else if (tag === 26) traceState = r.string();
    else if (tag === 34) readAttribute(r, attributes);
    else r.unknown(tag, LINK_KNOWN, "Span.Link");
  }
  r.end(end, "Span.Link");
  const bytes = r.bytes;
  const problem =
    idProblem("link trace_id", traceEnd - traceStart, allZero(bytes, traceStart, traceEnd), 16, true) ??
    idProblem("link span_id", spanEnd - spanStart, allZero(bytes, spanStart, spanEnd), 8, true);
  if (problem !== undefined) return problem;
  links.push({
    TraceId: hexOf(r.buf, traceStart, traceEnd),
    SpanId: hexOf(r.buf, spanStart, spanEnd),
    TraceState: traceState,
    Attributes: attributes,
  });
  return undefined;
}
