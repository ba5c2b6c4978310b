// ExportLogsServiceRequest (opentelemetry/proto/collector/logs/v1) -> otel_logs rows.

import type { ResourceInfo, ScopeInfo } from "../context.ts";
import { idProblem } from "../ids.ts";
import type { Outcome } from "../outcome.ts";
import type { AttributeMap, LogRow } from "../rows.ts";
import { anyValueText, optionalHex, readAttribute } from "./common.ts";
import { readRequest } from "./envelope.ts";
import { fields, type Reader } from "./reader.ts";

const LOG_KNOWN = fields(1, 2, 3, 5, 6, 8, 9, 10, 11, 12);
const NAMES = { request: "ExportLogsServiceRequest", resource: "ResourceLogs", scope: "ScopeLogs" };

export function readLogsRequest(r: Reader, out: Outcome): LogRow[] {
  const rows: LogRow[] = [];
  readRequest(
    r,
    NAMES,
    (r, end, resource, scope, out) => {
      const row = readLogRecord(r, end, resource, scope, out);
      if (row !== undefined) rows.push(row);
    },
    out,
  );
  return rows;
}

function readLogRecord(
  r: Reader,
  end: number,
  resource: ResourceInfo,
  scope: ScopeInfo,
  out: Outcome,
): LogRow | undefined {
  let time = 0n;
  let observed = 0n;
  let severityNumber = 0;
  let severityText = "";
  let body = "";
  const attributes: AttributeMap = {};
  let flags = 0;
  let traceStart = 0;
  let traceEnd = 0;
  let spanStart = 0;
  let spanEnd = 0;
  let eventName = "";
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 9:
        time = r.fixed64Big();
        break;
      case 16:
        severityNumber = r.uint32();
        break;
      case 26:
        severityText = r.string();
        break;
      case 42:
        body = anyValueText(r, r.lenEnd());
        break;
      case 50:
        readAttribute(r, attributes);
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
        observed = r.fixed64Big();
        break;
      case 98:
        eventName = r.string();
        break;
      default:
        r.unknown(tag, LOG_KNOWN, "LogRecord");
    }
  }
  r.end(end, "LogRecord");

  const problem =
    idProblem("trace_id", traceEnd - traceStart, false, 16, false) ??
    idProblem("span_id", spanEnd - spanStart, false, 8, false);
  if (problem !== undefined) {
    out.reject(`log record with ${problem}`);
    return undefined;
  }
  return {
    Timestamp: time !== 0n ? time : observed,
    TraceId: optionalHex(r, traceStart, traceEnd),
    SpanId: optionalHex(r, spanStart, spanEnd),
    // The columns are UInt8, as in the exporter (uint8 conversions).
    TraceFlags: flags & 0xff,
    SeverityText: severityText,
    SeverityNumber: severityNumber & 0xff,
    ServiceName: resource.serviceName,
    Body: body,
    ResourceSchemaUrl: resource.schemaUrl,
    ResourceAttributes: resource.attributes,
    ScopeSchemaUrl: scope.schemaUrl,
    ScopeName: scope.name,
    ScopeVersion: scope.version,
    ScopeAttributes: scope.attributes,
    LogAttributes: attributes,
    EventName: eventName,
  };
}
