// OTLP/JSON ExportLogsServiceRequest -> otel_logs rows (same rules as protobuf/logs.ts).
import type { Outcome } from "../outcome.ts";
import type { LogRow } from "../rows.ts";
import {
  anyValueText,
  array,
  asObject,
  attributes,
  get,
  parseBody,
  readId,
  readResource,
  readScope,
  string,
} from "./common.ts";
import { enumeration, integer, uint64 } from "./fields.ts";

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
const SEVERITY_NUMBERS = [
  "SEVERITY_NUMBER_UNSPECIFIED",
  ...LEVELS.flatMap((level) => ["", "2", "3", "4"].map((n) => `SEVERITY_NUMBER_${level}${n}`)),
];

export function readLogsJson(body: Uint8Array, out: Outcome, exact: boolean): LogRow[] {
  const rows: LogRow[] = [];
  const request = parseBody(body, out, exact);
  for (const rlValue of array(request, "resourceLogs", "request")) {
    const rl = asObject(rlValue, "resourceLogs[]");
    const resource = readResource(rl, "resourceLogs[]");
    for (const slValue of array(rl, "scopeLogs", "resourceLogs[]")) {
      const sl = asObject(slValue, "scopeLogs[]");
      const scope = readScope(sl, "scopeLogs[]");
      for (const recordValue of array(sl, "logRecords", "scopeLogs[]")) {
        const record = asObject(recordValue, "log record");
        const traceId = readId(record, "traceId", "trace_id", 16, false);
        const spanId = readId(record, "spanId", "span_id", 8, false);
        const time = uint64(record, "timeUnixNano", "log record");
        const body = get(record, "body");
        const row: LogRow = {
          Timestamp: time !== 0n ? time : uint64(record, "observedTimeUnixNano", "log record"),
          TraceId: traceId.hex,
          SpanId: spanId.hex,
          TraceFlags: integer(record, "flags", "log record") & 0xff,
          SeverityText: string(record, "severityText", "log record"),
          SeverityNumber: enumeration(record, "severityNumber", SEVERITY_NUMBERS, "log record") & 0xff,
          ServiceName: resource.serviceName,
          Body: body === undefined ? "" : anyValueText(body),
          ResourceSchemaUrl: resource.schemaUrl,
          ResourceAttributes: resource.attributes,
          ScopeSchemaUrl: scope.schemaUrl,
          ScopeName: scope.name,
          ScopeVersion: scope.version,
          ScopeAttributes: scope.attributes,
          LogAttributes: attributes(record, "attributes", "log record"),
          EventName: string(record, "eventName", "log record"),
        };
        const problem = traceId.problem ?? spanId.problem;
        if (problem !== undefined) out.reject(`log record with ${problem}`);
        else rows.push(row);
      }
    }
  }
  return rows;
}
