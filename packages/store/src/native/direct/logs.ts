// otel_logs rows straight from an ExportLogsServiceRequest, as spans.ts does for spans: exact
// or not at all (undefined: the caller decodes to rows, which refuse or report what this
// path turns away — a bad ID, a time outside the window, invalid UTF-8, an oversized value).
import { allZero, fields, type Reader } from "@tracelight/otlp/wire";
import { TABLES } from "../../tables.ts";
import { T } from "../column-writer.ts";
import type { EncodedRows } from "../encoded.ts";
import { LOG_COLUMNS } from "../logs.ts";
import { anyValueInto, type EncodedResource, type EncodedScope, KeySet, keyValueInto } from "./attributes.ts";
import { assembleBlock, ColumnBuffer } from "./column-buffer.ts";
import { readItems, rowPath } from "./request.ts";
import { type DirectTimeWindow, earliestNs, TimeRange } from "./time-range.ts";

const LOG_KNOWN = fields(1, 2, 3, 5, 6, 8, 9, 10, 11, 12);
const NAMES = { request: "ExportLogsServiceRequest", resource: "ResourceLogs", scope: "ScopeLogs" };

const column = () => new ColumnBuffer(16 * 1024);
// Reused by every request (encoding is synchronous: one request at a time).
const c = {
  timestamp: column(),
  traceId: column(),
  spanId: column(),
  traceFlags: column(),
  severityText: column(),
  severityNumber: column(),
  serviceName: column(),
  body: column(),
  resourceSchemaUrl: column(),
  resourceOffsets: column(),
  resourceKeys: column(),
  resourceValues: column(),
  scopeSchemaUrl: column(),
  scopeName: column(),
  scopeVersion: column(),
  scopeOffsets: column(),
  scopeKeys: column(),
  scopeValues: column(),
  attributeOffsets: column(),
  attributeKeys: column(),
  attributeValues: column(),
  eventName: column(),
};
const all = Object.values(c);
const totals = { rows: 0, resource: 0, scope: 0, attributes: 0 };
const keys = new KeySet();

/** The request's log records as one otel_logs Native block, or undefined: take the row path. */
export function encodeLogsFromOtlp(body: Uint8Array, window: DirectTimeWindow): EncodedRows | undefined {
  for (const b of all) b.reset();
  totals.rows = totals.resource = totals.scope = totals.attributes = 0;
  const range = new TimeRange(earliestNs(window), window.maxNs);
  const read = readItems(body, NAMES, (r, end, resource, scope) => readLogRecord(r, end, resource, scope, range));
  if (!read || totals.rows === 0) return undefined;
  return assembleBlock(TABLES.logs, LOG_COLUMNS, totals.rows, [
    { name: "Timestamp", type: T.dateTime64, parts: [c.timestamp] },
    { name: "TraceId", type: T.string, parts: [c.traceId] },
    { name: "SpanId", type: T.string, parts: [c.spanId] },
    { name: "TraceFlags", type: T.uint8, parts: [c.traceFlags] },
    { name: "SeverityText", type: T.string, parts: [c.severityText] },
    { name: "SeverityNumber", type: T.uint8, parts: [c.severityNumber] },
    { name: "ServiceName", type: T.string, parts: [c.serviceName] },
    { name: "Body", type: T.string, parts: [c.body] },
    { name: "ResourceSchemaUrl", type: T.string, parts: [c.resourceSchemaUrl] },
    { name: "ResourceAttributes", type: T.map, parts: [c.resourceOffsets, c.resourceKeys, c.resourceValues] },
    { name: "ScopeSchemaUrl", type: T.string, parts: [c.scopeSchemaUrl] },
    { name: "ScopeName", type: T.string, parts: [c.scopeName] },
    { name: "ScopeVersion", type: T.string, parts: [c.scopeVersion] },
    { name: "ScopeAttributes", type: T.map, parts: [c.scopeOffsets, c.scopeKeys, c.scopeValues] },
    { name: "LogAttributes", type: T.map, parts: [c.attributeOffsets, c.attributeKeys, c.attributeValues] },
    { name: "EventName", type: T.string, parts: [c.eventName] },
  ]);
}

/** An optional ID: empty or all zeros is "" (absent), else exactly `size` bytes as hex. */
function optionalId(out: ColumnBuffer, bytes: Uint8Array, start: number, end: number, size: number): void {
  if (start === end || (end - start === size && allZero(bytes, start, end))) out.uint8(0);
  else if (end - start === size) out.hexFrom(bytes, start, end);
  else rowPath();
}

function readLogRecord(r: Reader, end: number, resource: EncodedResource, scope: EncodedScope, range: TimeRange) {
  let timeLo = 0;
  let timeHi = 0;
  let observedLo = 0;
  let observedHi = 0;
  let severityNumber = 0;
  let severityStart = 0;
  let severityEnd = 0;
  let bodyStart = -1;
  let bodyEnd = -1;
  let attributes = 0;
  let flags = 0;
  let traceStart = 0;
  let traceEnd = 0;
  let spanStart = 0;
  let spanEnd = 0;
  let eventStart = 0;
  let eventEnd = 0;
  keys.clear();
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 9:
        timeLo = r.fixed32();
        timeHi = r.fixed32();
        break;
      case 16:
        severityNumber = r.uint32();
        break;
      case 26:
        severityEnd = r.lenEnd();
        severityStart = r.pos;
        r.pos = severityEnd;
        break;
      case 42:
        bodyEnd = r.lenEnd();
        bodyStart = r.pos;
        r.pos = bodyEnd;
        break;
      case 50:
        if (!keyValueInto(r, r.lenEnd(), c.attributeKeys, c.attributeValues, keys)) rowPath();
        attributes++;
        break;
      case 69:
        flags = r.fixed32();
        break;
      case 74:
        traceEnd = r.lenEnd();
        traceStart = r.pos;
        r.pos = traceEnd;
        break;
      case 82:
        spanEnd = r.lenEnd();
        spanStart = r.pos;
        r.pos = spanEnd;
        break;
      case 89:
        observedLo = r.fixed32();
        observedHi = r.fixed32();
        break;
      case 98:
        eventEnd = r.lenEnd();
        eventStart = r.pos;
        r.pos = eventEnd;
        break;
      default:
        r.unknown(tag, LOG_KNOWN, "LogRecord");
    }
  }
  r.end(end, "LogRecord");

  // A record without its own time is stored at its observed time, as OTLP allows.
  if (timeLo === 0 && timeHi === 0) {
    timeLo = observedLo;
    timeHi = observedHi;
  }
  if (!range.has(timeLo, timeHi)) rowPath();
  const bytes = r.bytes;
  c.timestamp.uint64Parts(timeLo, timeHi);
  optionalId(c.traceId, bytes, traceStart, traceEnd, 16);
  optionalId(c.spanId, bytes, spanStart, spanEnd, 8);
  c.traceFlags.uint8(flags & 0xff);
  if (!c.severityText.utf8From(bytes, severityStart, severityEnd)) rowPath();
  c.severityNumber.uint8(severityNumber & 0xff);
  c.serviceName.append(resource.serviceName);
  if (bodyStart < 0) c.body.uint8(0);
  else {
    const at = r.pos;
    if (!anyValueInto(r, bodyStart, bodyEnd, c.body)) rowPath();
    r.pos = at;
  }
  c.resourceSchemaUrl.append(resource.schemaUrl);
  totals.resource += resource.attributes.count;
  c.resourceOffsets.uint64FromNumber(totals.resource);
  c.resourceKeys.append(resource.attributes.keys);
  c.resourceValues.append(resource.attributes.values);
  c.scopeSchemaUrl.append(scope.schemaUrl);
  c.scopeName.append(scope.name);
  c.scopeVersion.append(scope.version);
  totals.scope += scope.attributes.count;
  c.scopeOffsets.uint64FromNumber(totals.scope);
  c.scopeKeys.append(scope.attributes.keys);
  c.scopeValues.append(scope.attributes.values);
  totals.attributes += attributes;
  c.attributeOffsets.uint64FromNumber(totals.attributes);
  if (!c.eventName.utf8From(bytes, eventStart, eventEnd)) rowPath();
  totals.rows++;
}
