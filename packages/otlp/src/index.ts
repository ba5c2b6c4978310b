// OTLP request bodies (protobuf or JSON, after any gunzip) -> rows of the exporter's tables.
// Pure: no I/O. A body that cannot be read throws OtlpDecodeError (answer 400 with its message);
// items with bad IDs are refused one by one and reported for the OTLP partial-success response.
import { OtlpDecodeError, type OtlpEncoding } from "./errors.ts";
import { InexactInteger } from "./json/exact-json.ts";
import { readLogsJson } from "./json/logs.ts";
import { readMetricsJson } from "./json/metrics.ts";
import { readTracesJson } from "./json/traces.ts";
import { Outcome } from "./outcome.ts";
import { readLogsRequest } from "./protobuf/logs.ts";
import { readMetricsRequest } from "./protobuf/metrics.ts";
import { Reader } from "./protobuf/reader.ts";
import { readTraceRequest } from "./protobuf/traces.ts";
import type { Decoded, LogRow, MetricRows, SpanRow } from "./rows.ts";

export * from "./rows.ts";
export { OtlpDecodeError, type OtlpEncoding };

export function decodeTraces(body: Uint8Array, encoding: OtlpEncoding): Decoded<SpanRow[]> {
  return decode(body, encoding, readTraceRequest, readTracesJson);
}

export function decodeLogs(body: Uint8Array, encoding: OtlpEncoding): Decoded<LogRow[]> {
  return decode(body, encoding, readLogsRequest, readLogsJson);
}

export function decodeMetrics(body: Uint8Array, encoding: OtlpEncoding): Decoded<MetricRows> {
  return decode(body, encoding, readMetricsRequest, readMetricsJson);
}

function decode<Rows>(
  body: Uint8Array,
  encoding: OtlpEncoding,
  fromProtobuf: (r: Reader, out: Outcome) => Rows,
  fromJson: (body: Uint8Array, out: Outcome, exact: boolean) => Rows,
): Decoded<Rows> {
  if (encoding === "protobuf") {
    const out = new Outcome();
    const reader = new Reader(body);
    const rows = fromProtobuf(reader, out);
    out.noteInvalidUtf8(reader.invalidUtf8);
    return out.finish(rows);
  }
  if (encoding === "json") {
    try {
      const out = new Outcome();
      return out.finish(fromJson(body, out, false));
    } catch (error) {
      if (!(error instanceof InexactInteger)) throw error;
    }
    const out = new Outcome();
    return out.finish(fromJson(body, out, true));
  }
  throw new OtlpDecodeError(`unsupported encoding ${JSON.stringify(encoding)}`);
}
