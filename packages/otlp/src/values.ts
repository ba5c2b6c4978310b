// How OTLP values become the strings the exporter's tables hold, shared by both decoders.
// The rules follow pdata's Value.AsString(), which the Collector's ClickHouse exporter uses:
// strings as they are, numbers and booleans as text, bytes as standard base64, arrays and
// key/value lists as JSON (keys sorted, the last duplicate wins, like Go's map encoding).
import type { AttributeMap, SpanKindName, StatusCodeName } from "./rows.ts";

/** AnyValue nesting deeper than this is refused: the request fails with OtlpDecodeError. */
export const MAX_ANY_VALUE_DEPTH = 32;

const SPAN_KINDS: readonly SpanKindName[] = ["Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"];
const STATUS_CODES: readonly StatusCodeName[] = ["Unset", "Ok", "Error"];

/** Unknown enum numbers map to the zero value rather than refusing the span. */
export function spanKindName(kind: number): SpanKindName {
  return SPAN_KINDS[kind] ?? "Unspecified";
}

export function statusCodeName(code: number): StatusCodeName {
  return STATUS_CODES[code] ?? "Unset";
}

/**
 * A double as text. Go formats like ES6 Number#toString, so `String` matches for finite values;
 * non-finite values get JavaScript's names ("NaN", "Infinity", "-Infinity").
 */
export function doubleText(value: number): string {
  return String(value);
}

/** A double inside JSON: non-finite values have no JSON number, so they become JSON strings. */
export function doubleJson(value: number): string {
  return Number.isFinite(value) ? String(value) : `"${String(value)}"`;
}

/** JSON object text of key/value pairs whose values are already JSON text. */
export function kvlistJson(keys: string[], values: string[]): string {
  const latest = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) latest.set(keys[i] as string, values[i] as string);
  const sorted = [...latest.keys()].sort(compareUtf8);
  let out = "{";
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i] as string;
    if (i > 0) out += ",";
    out += `${JSON.stringify(key)}:${latest.get(key)}`;
  }
  return `${out}}`;
}

/** Go sorts map keys by bytes; comparing code points gives the same order as UTF-8 bytes. */
function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * Stores an attribute. `__proto__` is a legal attribute key that a plain assignment would
 * swallow (it sets the prototype), so it gets a real own property instead.
 */
export function setAttribute(map: AttributeMap, key: string, value: string): void {
  if (key === "__proto__") {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}
