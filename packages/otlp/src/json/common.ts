// OTLP/JSON pieces every signal shares: the body itself, attributes and AnyValue, resource,
// scope, and hex IDs.
import { Buffer } from "node:buffer";
import { type ResourceInfo, resourceInfo, type ScopeInfo } from "../context.ts";
import { hexAllZero, normaliseHexId } from "../hex.ts";
import { idProblem, notHexProblem } from "../ids.ts";
import type { Outcome } from "../outcome.ts";
import type { AttributeMap } from "../rows.ts";
import { doubleJson, doubleText, kvlistJson, MAX_ANY_VALUE_DEPTH, setAttribute } from "../values.ts";
import { parseJson } from "./exact-json.ts";
import { array, asObject, bigintValue, doubleValue, get, integer, invalid, type JsonObject, string } from "./fields.ts";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/**
 * The request object; `exact` keeps every digit of long integer numbers (see exact-json.ts).
 * Invalid UTF-8 is handled as in protobuf bodies: replaced with U+FFFD and reported as a
 * warning. An empty body is an empty request, as in protobuf.
 */
export function parseBody(body: Uint8Array, out: Outcome, exact: boolean): JsonObject {
  if (body.byteLength === 0) return {};
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    text = lenientUtf8.decode(body);
    out.warn("the JSON body had invalid UTF-8, stored with U+FFFD replacement characters (OTLP strings must be UTF-8)");
  }
  let parsed: unknown;
  try {
    parsed = parseJson(text, exact);
  } catch (err) {
    return invalid(`invalid JSON: ${(err as Error).message}`);
  }
  return asObject(parsed, "the request");
}

export function attributes(o: JsonObject, name: string, what: string): AttributeMap {
  const map: AttributeMap = {};
  for (const item of array(o, name, what)) {
    const kv = asObject(item, `${what}.${name}[]`);
    const value = get(kv, "value");
    setAttribute(map, string(kv, "key", "attribute"), value === undefined ? "" : anyValueText(value));
  }
  return map;
}

/** Which AnyValue field is set, in the proto's field order; the first one found wins. */
function valueField(v: JsonObject): ValueField | undefined {
  for (const name of VALUE_FIELDS) if (get(v, name) !== undefined) return name;
  return undefined;
}
const VALUE_FIELDS = [
  "stringValue",
  "boolValue",
  "intValue",
  "doubleValue",
  "arrayValue",
  "kvlistValue",
  "bytesValue",
] as const;
type ValueField = (typeof VALUE_FIELDS)[number];

/** An AnyValue flattened the exporter's way (see values.ts). */
export function anyValueText(value: unknown): string {
  const v = asObject(value, "AnyValue");
  const field = valueField(v);
  switch (field) {
    case undefined:
      return "";
    case "stringValue":
      return string(v, field, "AnyValue");
    case "doubleValue":
      return doubleText(doubleValue(get(v, field), "AnyValue.doubleValue"));
    case "bytesValue":
      return base64(v);
    default:
      return anyValueJson(v, 0);
  }
}

/** `depth` counts the arrays and maps around this value; at most MAX_ANY_VALUE_DEPTH. */
function anyValueJson(value: unknown, depth: number): string {
  const v = asObject(value, "AnyValue");
  const field = valueField(v);
  switch (field) {
    case undefined:
      return "null";
    case "stringValue":
      return JSON.stringify(string(v, field, "AnyValue"));
    case "boolValue": {
      const b = get(v, field);
      if (typeof b !== "boolean") invalid("AnyValue.boolValue must be true or false");
      return b ? "true" : "false";
    }
    case "intValue":
      return bigintValue(get(v, field), "AnyValue.intValue").toString();
    case "doubleValue":
      return doubleJson(doubleValue(get(v, field), "AnyValue.doubleValue"));
    case "bytesValue":
      return `"${base64(v)}"`;
    case "arrayValue": {
      tooDeep(depth + 1);
      const list = asObject(get(v, field), "AnyValue.arrayValue");
      return `[${array(list, "values", "AnyValue.arrayValue")
        .map((item) => anyValueJson(item, depth + 1))
        .join(",")}]`;
    }
    case "kvlistValue": {
      tooDeep(depth + 1);
      const list = asObject(get(v, field), "AnyValue.kvlistValue");
      const keys: string[] = [];
      const values: string[] = [];
      for (const item of array(list, "values", "AnyValue.kvlistValue")) {
        const kv = asObject(item, "AnyValue.kvlistValue.values[]");
        keys.push(string(kv, "key", "KeyValue"));
        const nested = get(kv, "value");
        values.push(nested === undefined ? "null" : anyValueJson(nested, depth + 1));
      }
      return kvlistJson(keys, values);
    }
  }
}

function tooDeep(depth: number): void {
  if (depth > MAX_ANY_VALUE_DEPTH) invalid(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
}

/** Bytes arrive as base64 (standard or URL-safe); stored as standard base64 like pdata does. */
function base64(v: JsonObject): string {
  const text = string(v, "bytesValue", "AnyValue");
  return Buffer.from(text, "base64").toString("base64");
}

export function readResource(container: JsonObject, what: string): ResourceInfo {
  const schemaUrl = string(container, "schemaUrl", what);
  const resource = get(container, "resource");
  const attrs =
    resource === undefined ? {} : attributes(asObject(resource, `${what}.resource`), "attributes", "resource");
  return resourceInfo(attrs, schemaUrl);
}

export function readScope(container: JsonObject, what: string): ScopeInfo {
  const schemaUrl = string(container, "schemaUrl", what);
  const value = get(container, "scope");
  if (value === undefined) return { name: "", version: "", attributes: {}, droppedAttributesCount: 0, schemaUrl };
  const scope = asObject(value, `${what}.scope`);
  return {
    name: string(scope, "name", "scope"),
    version: string(scope, "version", "scope"),
    attributes: attributes(scope, "attributes", "scope"),
    droppedAttributesCount: integer(scope, "droppedAttributesCount", "scope"),
    schemaUrl,
  };
}

/** Result of reading a hex ID: the lowercase hex ("" when absent), or why it is refused. */
export interface IdResult {
  hex: string;
  problem: string | undefined;
}

/** OTLP/JSON IDs are hex strings (not base64, unlike protobuf's generic JSON mapping). */
export function readId(o: JsonObject, name: string, field: string, size: 8 | 16, required: boolean): IdResult {
  const v = get(o, name);
  const text = v === undefined ? "" : v;
  if (typeof text !== "string") return { hex: "", problem: `invalid ${field} (must be a hex string)` };
  const hex = normaliseHexId(text);
  if (hex === undefined) return { hex: "", problem: notHexProblem(field, text) };
  const zero = hexAllZero(hex);
  const problem = idProblem(field, hex.length / 2, zero, size, required);
  return { hex: zero ? "" : hex, problem };
}

export { array, asObject, get, string };
