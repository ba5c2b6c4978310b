// otel_traces rows straight from an ExportTraceServiceRequest: one pass over the protobuf
// writes each span's fields into their column buffers; no row objects, no bigint, no string
// per value. Takes only requests it can store exactly as the row path (@tracelight/otlp's
// decodeTraces, then encodeSpans) would, byte for byte: on anything else — a span to refuse
// or mend (bad IDs, a time outside the window), a key or value attributes.ts turns away, a
// malformed body — it returns undefined and the caller takes the row path, which says why.
import { allZero, fields, type Reader } from "@tracelight/otlp/wire";
import { TABLES } from "../../tables.ts";
import { T } from "../column-writer.ts";
import type { EncodedRows } from "../encoded.ts";
import { SPAN_COLUMNS } from "../spans.ts";
import { type EncodedResource, type EncodedScope, KeySet, keyValueInto } from "./attributes.ts";
import { assembleBlock, ColumnBuffer } from "./column-buffer.ts";
import { readItems, rowPath } from "./request.ts";
import { type DirectTimeWindow, earliestNs, TimeRange } from "./time-range.ts";

const SPAN_KNOWN = fields(1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 15);
const EVENT_KNOWN = fields(1, 2, 3);
const LINK_KNOWN = fields(1, 2, 3, 4);
const STATUS_KNOWN = fields(2, 3);
const NAMES = { request: "ExportTraceServiceRequest", resource: "ResourceSpans", scope: "ScopeSpans" };

const encoded = (texts: readonly string[]) => texts.map((t) => Buffer.from([t.length, ...Buffer.from(t)]));
// The names spanKindName and statusCodeName (@tracelight/otlp) give; unknown numbers are the first.
const KINDS = encoded(["Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"]);
const STATUSES = encoded(["Unset", "Ok", "Error"]);

const column = () => new ColumnBuffer(16 * 1024);
// Reused by every request (encoding is synchronous: one request at a time).
const c = {
  timestamp: column(),
  traceId: column(),
  spanId: column(),
  parentSpanId: column(),
  traceState: column(),
  spanName: column(),
  spanKind: column(),
  serviceName: column(),
  resourceOffsets: column(),
  resourceKeys: column(),
  resourceValues: column(),
  scopeName: column(),
  scopeVersion: column(),
  attributeOffsets: column(),
  attributeKeys: column(),
  attributeValues: column(),
  duration: column(),
  statusCode: column(),
  statusMessage: column(),
  eventOffsets: column(),
  eventTimestamp: column(),
  eventName: column(),
  eventAttributeOffsets: column(),
  eventAttributeKeys: column(),
  eventAttributeValues: column(),
  linkOffsets: column(),
  linkTraceId: column(),
  linkSpanId: column(),
  linkTraceState: column(),
  linkAttributeOffsets: column(),
  linkAttributeKeys: column(),
  linkAttributeValues: column(),
};
const all = Object.values(c);

/** Running totals behind the offsets of the Map and Array columns. */
const totals = { rows: 0, resource: 0, attributes: 0, events: 0, eventAttributes: 0, links: 0, linkAttributes: 0 };
const spanKeys = new KeySet();
const nestedKeys = new KeySet();

interface Ranges {
  span: TimeRange;
  end: TimeRange;
  event: TimeRange;
}

/** The request's spans as one otel_traces Native block, or undefined: take the row path. */
export function encodeSpansFromOtlp(body: Uint8Array, window: DirectTimeWindow): EncodedRows | undefined {
  for (const b of all) b.reset();
  for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] = 0;
  const ranges: Ranges = {
    span: new TimeRange(earliestNs(window), window.maxNs),
    end: new TimeRange(0n, window.maxNs),
    event: new TimeRange(window.minNs, window.maxNs),
  };
  const read = readItems(body, NAMES, (r, end, resource, scope) => readSpan(r, end, resource, scope, ranges));
  if (!read || totals.rows === 0) return undefined;
  return assembleBlock(TABLES.traces, SPAN_COLUMNS, totals.rows, [
    { name: "Timestamp", type: T.dateTime64, parts: [c.timestamp] },
    { name: "TraceId", type: T.string, parts: [c.traceId] },
    { name: "SpanId", type: T.string, parts: [c.spanId] },
    { name: "ParentSpanId", type: T.string, parts: [c.parentSpanId] },
    { name: "TraceState", type: T.string, parts: [c.traceState] },
    { name: "SpanName", type: T.string, parts: [c.spanName] },
    { name: "SpanKind", type: T.string, parts: [c.spanKind] },
    { name: "ServiceName", type: T.string, parts: [c.serviceName] },
    { name: "ResourceAttributes", type: T.map, parts: [c.resourceOffsets, c.resourceKeys, c.resourceValues] },
    { name: "ScopeName", type: T.string, parts: [c.scopeName] },
    { name: "ScopeVersion", type: T.string, parts: [c.scopeVersion] },
    { name: "SpanAttributes", type: T.map, parts: [c.attributeOffsets, c.attributeKeys, c.attributeValues] },
    { name: "Duration", type: T.uint64, parts: [c.duration] },
    { name: "StatusCode", type: T.string, parts: [c.statusCode] },
    { name: "StatusMessage", type: T.string, parts: [c.statusMessage] },
    { name: "Events.Timestamp", type: T.dateTime64s, parts: [c.eventOffsets, c.eventTimestamp] },
    { name: "Events.Name", type: T.strings, parts: [c.eventOffsets, c.eventName] },
    {
      name: "Events.Attributes",
      type: T.maps,
      parts: [c.eventOffsets, c.eventAttributeOffsets, c.eventAttributeKeys, c.eventAttributeValues],
    },
    { name: "Links.TraceId", type: T.strings, parts: [c.linkOffsets, c.linkTraceId] },
    { name: "Links.SpanId", type: T.strings, parts: [c.linkOffsets, c.linkSpanId] },
    { name: "Links.TraceState", type: T.strings, parts: [c.linkOffsets, c.linkTraceState] },
    {
      name: "Links.Attributes",
      type: T.maps,
      parts: [c.linkOffsets, c.linkAttributeOffsets, c.linkAttributeKeys, c.linkAttributeValues],
    },
  ]);
}

/** A required ID: exactly `size` bytes, not all zeros. */
const validId = (bytes: Uint8Array, start: number, end: number, size: number) =>
  end - start === size && !allZero(bytes, start, end);

function readSpan(r: Reader, end: number, resource: EncodedResource, scope: EncodedScope, ranges: Ranges): void {
  let traceStart = 0;
  let traceEnd = 0;
  let spanStart = 0;
  let spanEnd = 0;
  let parentStart = 0;
  let parentEnd = 0;
  let stateStart = 0;
  let stateEnd = 0;
  let nameStart = 0;
  let nameEnd = 0;
  let kind = 0;
  let startLo = 0;
  let startHi = 0;
  let endLo = 0;
  let endHi = 0;
  let attributes = 0;
  let events = 0;
  let links = 0;
  let statusCode = 0;
  let messageStart = 0;
  let messageEnd = 0;
  spanKeys.clear();
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
        stateEnd = r.lenEnd();
        stateStart = r.pos;
        r.pos = stateEnd;
        break;
      case 34:
        parentEnd = r.lenEnd();
        parentStart = r.pos;
        r.pos = parentEnd;
        break;
      case 42:
        nameEnd = r.lenEnd();
        nameStart = r.pos;
        r.pos = nameEnd;
        break;
      case 48:
        kind = r.uint32();
        break;
      case 57:
        startLo = r.fixed32();
        startHi = r.fixed32();
        break;
      case 65:
        endLo = r.fixed32();
        endHi = r.fixed32();
        break;
      case 74:
        if (!keyValueInto(r, r.lenEnd(), c.attributeKeys, c.attributeValues, spanKeys)) rowPath();
        attributes++;
        break;
      case 90:
        readEvent(r, r.lenEnd(), ranges.event);
        events++;
        break;
      case 106:
        readLink(r, r.lenEnd());
        links++;
        break;
      case 122: {
        const statusEnd = r.lenEnd();
        while (r.pos < statusEnd) {
          const statusTag = r.tag();
          if (statusTag === 18) {
            messageEnd = r.lenEnd();
            messageStart = r.pos;
            r.pos = messageEnd;
          } else if (statusTag === 24) statusCode = r.uint32();
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
  if (!validId(bytes, traceStart, traceEnd, 16) || !validId(bytes, spanStart, spanEnd, 8)) rowPath();
  if (parentEnd !== parentStart && parentEnd - parentStart !== 8) rowPath();
  // A span that ends before it starts has Duration 0 and "ends" at its start.
  const positive = endHi > startHi || (endHi === startHi && endLo > startLo);
  if (!ranges.span.has(startLo, startHi)) rowPath();
  if (positive && !ranges.end.has(endLo, endHi)) rowPath();

  c.timestamp.uint64Parts(startLo, startHi);
  c.traceId.hexFrom(bytes, traceStart, traceEnd);
  c.spanId.hexFrom(bytes, spanStart, spanEnd);
  if (parentEnd === parentStart || allZero(bytes, parentStart, parentEnd)) c.parentSpanId.uint8(0);
  else c.parentSpanId.hexFrom(bytes, parentStart, parentEnd);
  if (!c.traceState.utf8From(bytes, stateStart, stateEnd)) rowPath();
  if (!c.spanName.utf8From(bytes, nameStart, nameEnd)) rowPath();
  c.spanKind.append((KINDS[kind] ?? KINDS[0]) as Buffer);
  c.serviceName.append(resource.serviceName);
  totals.resource += resource.attributes.count;
  c.resourceOffsets.uint64FromNumber(totals.resource);
  c.resourceKeys.append(resource.attributes.keys);
  c.resourceValues.append(resource.attributes.values);
  c.scopeName.append(scope.name);
  c.scopeVersion.append(scope.version);
  totals.attributes += attributes;
  c.attributeOffsets.uint64FromNumber(totals.attributes);
  if (positive) {
    const lo = endLo - startLo;
    c.duration.uint64Parts(lo >>> 0, endHi - startHi - (lo < 0 ? 1 : 0));
  } else c.duration.uint64Parts(0, 0);
  c.statusCode.append((STATUSES[statusCode] ?? STATUSES[0]) as Buffer);
  if (!c.statusMessage.utf8From(bytes, messageStart, messageEnd)) rowPath();
  totals.events += events;
  c.eventOffsets.uint64FromNumber(totals.events);
  totals.links += links;
  c.linkOffsets.uint64FromNumber(totals.links);
  totals.rows++;
}

function readEvent(r: Reader, end: number, range: TimeRange): void {
  let lo = 0;
  let hi = 0;
  let nameStart = 0;
  let nameEnd = 0;
  let attributes = 0;
  nestedKeys.clear();
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 9) {
      lo = r.fixed32();
      hi = r.fixed32();
    } else if (tag === 18) {
      nameEnd = r.lenEnd();
      nameStart = r.pos;
      r.pos = nameEnd;
    } else if (tag === 26) {
      if (!keyValueInto(r, r.lenEnd(), c.eventAttributeKeys, c.eventAttributeValues, nestedKeys)) rowPath();
      attributes++;
    } else r.unknown(tag, EVENT_KNOWN, "Span.Event");
  }
  r.end(end, "Span.Event");
  // The row path moves an event outside the window to its span's start, and says so.
  if (!range.has(lo, hi)) rowPath();
  c.eventTimestamp.uint64Parts(lo, hi);
  if (!c.eventName.utf8From(r.bytes, nameStart, nameEnd)) rowPath();
  totals.eventAttributes += attributes;
  c.eventAttributeOffsets.uint64FromNumber(totals.eventAttributes);
}

function readLink(r: Reader, end: number): void {
  let traceStart = 0;
  let traceEnd = 0;
  let spanStart = 0;
  let spanEnd = 0;
  let stateStart = 0;
  let stateEnd = 0;
  let attributes = 0;
  nestedKeys.clear();
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
    } else if (tag === 26) {
      stateEnd = r.lenEnd();
      stateStart = r.pos;
      r.pos = stateEnd;
    } else if (tag === 34) {
      if (!keyValueInto(r, r.lenEnd(), c.linkAttributeKeys, c.linkAttributeValues, nestedKeys)) rowPath();
      attributes++;
    } else r.unknown(tag, LINK_KNOWN, "Span.Link");
  }
  r.end(end, "Span.Link");
  const bytes = r.bytes;
  if (!validId(bytes, traceStart, traceEnd, 16) || !validId(bytes, spanStart, spanEnd, 8)) rowPath();
  c.linkTraceId.hexFrom(bytes, traceStart, traceEnd);
  c.linkSpanId.hexFrom(bytes, spanStart, spanEnd);
  if (!c.linkTraceState.utf8From(bytes, stateStart, stateEnd)) rowPath();
  totals.linkAttributes += attributes;
  c.linkAttributeOffsets.uint64FromNumber(totals.linkAttributes);
}
