// Typed access to parsed OTLP/JSON (protobuf's JSON mapping): camelCase names with the proto
// snake_case names accepted too, 64-bit integers as strings or numbers, enums as numbers or
// names, null meaning "absent". A value of the wrong type fails the whole request.
import { OtlpDecodeError } from "../errors.ts";
import { InexactInteger } from "./exact-json.ts";

export type JsonObject = Record<string, unknown>;

export function invalid(problem: string): never {
  throw new OtlpDecodeError(`invalid OTLP/JSON: ${problem}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "object") return "an object";
  return String(value);
}

const snakeNames = new Map<string, string>();

function snake(camel: string): string {
  let name = snakeNames.get(camel);
  if (name === undefined) {
    name = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(camel, name);
  }
  return name;
}

/** The field's value under its JSON name or its proto name; undefined when absent or null. */
export function get(o: JsonObject, name: string): unknown {
  let v = o[name];
  if (v === undefined) v = o[snake(name)];
  return v === null ? undefined : v;
}

export function asObject(value: unknown, what: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    invalid(`${what} must be an object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

export function optionalObject(o: JsonObject, name: string, what: string): JsonObject | undefined {
  const v = get(o, name);
  return v === undefined ? undefined : asObject(v, `${what}.${name}`);
}

export function array(o: JsonObject, name: string, what: string): unknown[] {
  const v = get(o, name);
  if (v === undefined) return [];
  if (!Array.isArray(v)) invalid(`${what}.${name} must be an array, got ${describe(v)}`);
  return v;
}

export function string(o: JsonObject, name: string, what: string): string {
  const v = get(o, name);
  if (v === undefined) return "";
  if (typeof v !== "string") invalid(`${what}.${name} must be a string, got ${describe(v)}`);
  return v;
}

export function boolean(o: JsonObject, name: string, what: string): boolean {
  const v = get(o, name);
  if (v === undefined) return false;
  if (typeof v !== "boolean") invalid(`${what}.${name} must be true or false, got ${describe(v)}`);
  return v;
}

const INTEGER = /^-?\d+$/;

/** An int64/uint64/fixed64 as a bigint: protojson writes them as strings, many senders as numbers. */
export function bigintValue(v: unknown, what: string): bigint {
  if (typeof v === "string" && INTEGER.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isInteger(v)) {
    if (!Number.isSafeInteger(v)) throw new InexactInteger(`${what} lost digits in JSON.parse`);
    return BigInt(v);
  }
  return invalid(`${what} must be an integer (number or decimal string), got ${describe(v)}`);
}

export function uint64(o: JsonObject, name: string, what: string): bigint {
  const v = get(o, name);
  if (v === undefined) return 0n;
  const n = bigintValue(v, `${what}.${name}`);
  if (n < 0n) invalid(`${what}.${name} must not be negative, got ${describe(v)}`);
  return n;
}

/** int32/uint32/sint32 fields, and int64 values the tables hold as doubles. */
export function integer(o: JsonObject, name: string, what: string): number {
  const v = get(o, name);
  if (v === undefined) return 0;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && INTEGER.test(v)) return Number(v);
  return invalid(`${what}.${name} must be an integer, got ${describe(v)}`);
}

export function doubleValue(v: unknown, what: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    // protojson spells non-finite doubles as these strings and allows numbers in strings.
    if (v === "NaN") return Number.NaN;
    if (v === "Infinity") return Number.POSITIVE_INFINITY;
    if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
    const n = Number(v);
    if (v.trim() !== "" && Number.isFinite(n)) return n;
  }
  return invalid(`${what} must be a number, got ${describe(v)}`);
}

export function double(o: JsonObject, name: string, what: string): number {
  const v = get(o, name);
  return v === undefined ? 0 : doubleValue(v, `${what}.${name}`);
}

/** An enum as its number or its proto name (e.g. "SPAN_KIND_SERVER"). */
export function enumeration(o: JsonObject, name: string, names: readonly string[], what: string): number {
  const v = get(o, name);
  if (v === undefined) return 0;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") {
    const index = names.indexOf(v);
    if (index >= 0) return index;
  }
  return invalid(`${what}.${name} must be an enum number or one of ${names.join(", ")}, got ${describe(v)}`);
}
