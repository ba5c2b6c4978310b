// A BoundQuery rendered as one SQL text, for chDB only. The binding runs every parameterised
// query through one process-wide chain (a libchdb race in parameter state, see
// node_modules/chdb/index.js), so a slow search held every lookup and /readyz behind it;
// parameter-free statements run in parallel on separate sessions. Each `{name:Type}` becomes
// `_CAST(<literal>, 'Type')`, the expression ClickHouse itself substitutes for a parameter.
import type { BoundQuery } from "./sql.ts";

const PLACEHOLDER = /\{(\w+):([^}]+)\}/g;

/** Replaces every placeholder with its value as a literal, in one pass over the code's text. */
export function renderBoundQuery(q: BoundQuery): string {
  return q.text.replace(PLACEHOLDER, (_m, name: string, type: string) => {
    if (!Object.hasOwn(q.params, name)) throw new TypeError(`sql: no value for parameter ${name}`);
    return `_CAST(${literal(q.params[name], type)}, ${quoteBytes(new TextEncoder().encode(type))})`;
  });
}

function literal(value: unknown, type: string): string {
  if (value === null || value === undefined) return "NULL";
  switch (typeof value) {
    case "string":
      return quoteBytes(new TextEncoder().encode(value));
    case "number":
      return numberLiteral(value, type);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
  }
  if (value instanceof Uint8Array) return quoteBytes(value);
  const inner = innerTypes(type);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, inner[0] ?? "")).join(", ")}]`;
  if (value instanceof Map || isPlainObject(value)) {
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    const parts = entries.flatMap(([k, v]) => [literal(k, inner[0] ?? ""), literal(v, inner[1] ?? "")]);
    return `map(${parts.join(", ")})`;
  }
  throw new TypeError(`sql: cannot render a ${Object.prototype.toString.call(value)} as ${type}`);
}

function numberLiteral(value: number, type: string): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  // An integer type given a float or an unsafe integer would be cast silently wrong.
  if (/^U?Int/.test(type) && !Number.isSafeInteger(value)) {
    throw new TypeError(`sql: ${value} is not an exact ${type}; pass a bigint`);
  }
  return String(value);
}

/**
 * Bytes as a ClickHouse string literal: printable ASCII as is, everything else (quotes,
 * backslash, control bytes, NUL, each byte of a UTF-8 sequence) as \xHH, so no byte can end
 * the literal and invalid UTF-8 arrives exactly as given.
 */
function quoteBytes(bytes: Uint8Array): string {
  let out = "'";
  for (const b of bytes) {
    if (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return `${out}'`;
}

/** `Array(T)` → [T]; `Map(K, V)` → [K, V]; nested parentheses kept whole. */
function innerTypes(type: string): string[] {
  const open = type.indexOf("(");
  if (open < 0 || !type.endsWith(")")) return [];
  const parts: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = start; i < type.length - 1; i++) {
    const c = type[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(type.slice(start, -1).trim());
  return parts;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
