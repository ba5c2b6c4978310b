// Attributes and the resource/scope columns for the direct path. A request takes the row path
// instead (the caller gets `false`) wherever a row object would not be stored byte for byte
// the same: a key the object would reorder (an integer-like key goes first in a JS object) or
// merge (a duplicate key keeps its first place with the last value), invalid UTF-8, a value
// over MAX_VALUE_BYTES. Senders almost never do any of these.
import type { AttributeMap } from "@tracelight/otlp";
import { anyValueText, fields, type Reader, type ResourceInfo, type ScopeInfo } from "@tracelight/otlp/wire";
import { ByteWriter } from "../byte-writer.ts";
import type { ColumnBuffer } from "./column-buffer.ts";

const KEY_VALUE_KNOWN = fields(1, 2);

/** Where one row's attribute keys sit in the request, to find a repeated key. */
export class KeySet {
  private starts: number[] = [];
  private ends: number[] = [];
  private size = 0;

  clear(): void {
    this.size = 0;
  }

  /** Adds the key at `bytes[start, end)`; false if the row already has it. */
  add(bytes: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    for (let k = 0; k < this.size; k++) {
      const s = this.starts[k] as number;
      if ((this.ends[k] as number) - s !== n) continue;
      let i = 0;
      while (i < n && bytes[s + i] === bytes[start + i]) i++;
      if (i === n) return false;
    }
    this.starts[this.size] = start;
    this.ends[this.size] = end;
    this.size++;
    return true;
  }
}

/**
 * One KeyValue (ending at `end`) appended to a map column's keys and values; false when the
 * request must take the row path. `keys` of this row so far are in `seen`.
 */
export function keyValueInto(r: Reader, end: number, keys: ColumnBuffer, values: ColumnBuffer, seen: KeySet): boolean {
  let keyStart = -1;
  let keyEnd = -1;
  let valueStart = -1;
  let valueEnd = -1;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 10) {
      if (keyStart >= 0) return false;
      keyEnd = r.lenEnd();
      keyStart = r.pos;
      r.pos = keyEnd;
    } else if (tag === 18) {
      if (valueStart >= 0) return false;
      valueEnd = r.lenEnd();
      valueStart = r.pos;
      r.pos = valueEnd;
    } else r.unknown(tag, KEY_VALUE_KNOWN, "KeyValue");
  }
  r.end(end, "KeyValue");
  const bytes = r.bytes;
  if (keyStart < 0) keyStart = keyEnd = 0;
  // "0".."9" first: a key like "42" would sort ahead of the others in the row's object.
  const first = keyEnd > keyStart ? (bytes[keyStart] as number) : 0;
  if (first >= 0x30 && first <= 0x39) return false;
  if (!seen.add(bytes, keyStart, keyEnd) || !keys.utf8From(bytes, keyStart, keyEnd)) return false;
  if (valueStart < 0) {
    values.uint8(0);
    return true;
  }
  const stored = anyValueInto(r, valueStart, valueEnd, values);
  r.pos = end;
  return stored;
}

/** An AnyValue at [start, end) as its String column value: a lone string copied, others flattened as the decoders do. */
export function anyValueInto(r: Reader, start: number, end: number, out: ColumnBuffer): boolean {
  const bytes = r.bytes;
  if (start < end && bytes[start] === 10) {
    r.pos = start + 1;
    const stringEnd = r.lenEnd();
    if (stringEnd === end) {
      const stringStart = r.pos;
      r.pos = end;
      return out.utf8From(bytes, stringStart, end);
    }
  }
  r.pos = start;
  const before = r.invalidUtf8;
  out.string(anyValueText(r, end));
  return r.invalidUtf8 === before && out.truncatedValues === 0;
}

/** A map's keys and values as encoded column data, and how many entries it has. */
export interface EncodedMap {
  count: number;
  keys: Buffer;
  values: Buffer;
}

function encodeMap(map: AttributeMap): EncodedMap | undefined {
  const keys = new ByteWriter(256);
  const values = new ByteWriter(256);
  let count = 0;
  for (const key in map) {
    keys.string(key);
    values.string(map[key] as string);
    count++;
  }
  if (keys.truncatedValues + values.truncatedValues > 0) return undefined;
  return { count, keys: keys.bytes(), values: values.bytes() };
}

function encodeString(s: string): Buffer | undefined {
  const w = new ByteWriter(s.length * 3 + 8);
  w.string(s);
  return w.truncatedValues > 0 ? undefined : w.bytes();
}

/** What a resource gives every row under it, encoded once. */
export interface EncodedResource {
  attributes: EncodedMap;
  serviceName: Buffer;
  schemaUrl: Buffer;
}

export function encodeResource(resource: ResourceInfo): EncodedResource | undefined {
  const attributes = encodeMap(resource.attributes);
  const serviceName = encodeString(resource.serviceName);
  const schemaUrl = encodeString(resource.schemaUrl);
  if (!attributes || !serviceName || !schemaUrl) return undefined;
  return { attributes, serviceName, schemaUrl };
}

/** What a scope gives every row under it, encoded once. */
export interface EncodedScope {
  name: Buffer;
  version: Buffer;
  attributes: EncodedMap;
  schemaUrl: Buffer;
}

export function encodeScope(scope: ScopeInfo): EncodedScope | undefined {
  const name = encodeString(scope.name);
  const version = encodeString(scope.version);
  const attributes = encodeMap(scope.attributes);
  const schemaUrl = encodeString(scope.schemaUrl);
  if (!name || !version || !attributes || !schemaUrl) return undefined;
  return { name, version, attributes, schemaUrl };
}
