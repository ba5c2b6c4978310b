// Messages every signal shares: KeyValue attributes, AnyValue, Resource, InstrumentationScope
// (opentelemetry/proto/common/v1/common.proto, resource/v1/resource.proto).
import { type ResourceInfo, resourceInfo, type ScopeInfo } from "../context.ts";
import { allZero, hexOf } from "../hex.ts";
import type { AttributeMap } from "../rows.ts";
import { doubleJson, doubleText, kvlistJson, MAX_ANY_VALUE_DEPTH, setAttribute } from "../values.ts";
import { fields, type Reader } from "./reader.ts";

// Tags are (field << 3) | wire type, matched whole so the usual case is one integer compare.
const KEY_VALUE_KNOWN = fields(1, 2);
const ANY_VALUE_KNOWN = fields(1, 2, 3, 4, 5, 6, 7);
const LIST_KNOWN = fields(1);

/** One KeyValue message (ends at `end`) added to `into`. */
export function readKeyValue(r: Reader, end: number, into: AttributeMap): void {
  let key = "";
  let value = "";
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) key = r.string();
    else if (tag === 18) {
      const valueEnd = r.lenEnd();
      value = anyValueText(r, valueEnd);
    } else r.unknown(tag, KEY_VALUE_KNOWN, "KeyValue");
  }
  r.end(end, "KeyValue");
  setAttribute(into, key, value);
}

/** Reads a length-delimited KeyValue field (the tag already read) into `into`. */
export function readAttribute(r: Reader, into: AttributeMap): void {
  const end = r.lenEnd();
  readKeyValue(r, end, into);
}

/** An AnyValue flattened the exporter's way: scalars as text, arrays and maps as JSON. */
export function anyValueText(r: Reader, end: number): string {
  let out = "";
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 10:
        out = r.string();
        break;
      case 16:
        out = r.bool() ? "true" : "false";
        break;
      case 24:
        out = r.int64Text();
        break;
      case 33:
        out = doubleText(r.double());
        break;
      case 42:
        out = arrayJson(r, r.lenEnd(), 1);
        break;
      case 50:
        out = kvlistValueJson(r, r.lenEnd(), 1);
        break;
      case 58:
        out = r.base64();
        break;
      default:
        r.unknown(tag, ANY_VALUE_KNOWN, "AnyValue");
    }
  }
  r.end(end, "AnyValue");
  return out;
}

/** An AnyValue as JSON text, for values nested in arrays and maps; empty is `null`. */
function anyValueJson(r: Reader, end: number, depth: number): string {
  if (depth > MAX_ANY_VALUE_DEPTH) r.fail(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  let out = "null";
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case 10:
        out = JSON.stringify(r.string());
        break;
      case 16:
        out = r.bool() ? "true" : "false";
        break;
      case 24:
        out = r.int64Text();
        break;
      case 33:
        out = doubleJson(r.double());
        break;
      case 42:
        out = arrayJson(r, r.lenEnd(), depth + 1);
        break;
      case 50:
        out = kvlistValueJson(r, r.lenEnd(), depth + 1);
        break;
      case 58:
        out = `"${r.base64()}"`;
        break;
      default:
        r.unknown(tag, ANY_VALUE_KNOWN, "AnyValue");
    }
  }
  r.end(end, "AnyValue");
  return out;
}

function arrayJson(r: Reader, end: number, depth: number): string {
  if (depth > MAX_ANY_VALUE_DEPTH) r.fail(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  let out = "[";
  let first = true;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      const itemEnd = r.lenEnd();
      out += (first ? "" : ",") + anyValueJson(r, itemEnd, depth);
      first = false;
    } else r.unknown(tag, LIST_KNOWN, "ArrayValue");
  }
  r.end(end, "ArrayValue");
  return `${out}]`;
}

function kvlistValueJson(r: Reader, end: number, depth: number): string {
  if (depth > MAX_ANY_VALUE_DEPTH) r.fail(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const keys: string[] = [];
  const values: string[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      const kvEnd = r.lenEnd();
      let key = "";
      let value = "null";
      while (r.pos < kvEnd) {
        const kvTag = r.tag();
        if (kvTag === 10) key = r.string();
        else if (kvTag === 18) value = anyValueJson(r, r.lenEnd(), depth);
        else r.unknown(kvTag, KEY_VALUE_KNOWN, "KeyValue");
      }
      r.end(kvEnd, "KeyValue");
      keys.push(key);
      values.push(value);
    } else r.unknown(tag, LIST_KNOWN, "KeyValueList");
  }
  r.end(end, "KeyValueList");
  return kvlistJson(keys, values);
}

const RESOURCE_KNOWN = fields(1);

/** Reads the Resource at [start, end) (start -1: none, only a schema URL). Moves `r.pos`. */
export function readResource(r: Reader, start: number, end: number, schemaUrl: string): ResourceInfo {
  const attributes: AttributeMap = {};
  r.pos = start < 0 ? end : start;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) readAttribute(r, attributes);
    else r.unknown(tag, RESOURCE_KNOWN, "Resource");
  }
  r.end(end, "Resource");
  return resourceInfo(attributes, schemaUrl);
}

export const EMPTY_RESOURCE: ResourceInfo = Object.freeze({
  attributes: Object.freeze({}) as AttributeMap,
  serviceName: "",
  schemaUrl: "",
});

const SCOPE_KNOWN = fields(1, 2, 3, 4);

/** Reads the InstrumentationScope at [start, end). Moves `r.pos`. */
export function readScope(r: Reader, start: number, end: number, schemaUrl: string): ScopeInfo {
  r.pos = start;
  let name = "";
  let version = "";
  let dropped = 0;
  const attributes: AttributeMap = {};
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) name = r.string();
    else if (tag === 18) version = r.string();
    else if (tag === 26) readAttribute(r, attributes);
    else if (tag === 32) dropped = r.uint32();
    else r.unknown(tag, SCOPE_KNOWN, "InstrumentationScope");
  }
  r.end(end, "InstrumentationScope");
  return { name, version, attributes, droppedAttributesCount: dropped, schemaUrl };
}

export function emptyScope(schemaUrl: string): ScopeInfo {
  return { name: "", version: "", attributes: Object.freeze({}) as AttributeMap, droppedAttributesCount: 0, schemaUrl };
}

/** Empty and all-zero optional IDs are both "absent" (stored as ""). */
export function optionalHex(r: Reader, start: number, end: number): string {
  return start === end || allZero(r.bytes, start, end) ? "" : hexOf(r.buf, start, end);
}
