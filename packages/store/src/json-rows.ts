// Rows out of ClickHouse JSON, the same on both transports, with 64-bit integers exact.
// JSON.parse rounds any number beyond 2^53, so the engine quotes (U)Int64/128/256 and the
// column types (JSONCompactEachRowWithNamesAndTypes) say which strings were integers: those
// within ±(2^53 − 1) become numbers as before, larger ones stay exact decimal strings.

/** The result format both transports ask for. */
export const ROWS_FORMAT = "JSONCompactEachRowWithNamesAndTypes";

/**
 * Output settings pinned on every read, so a server's profile (or chDB's defaults, which
 * differ from older servers') cannot change what the rows look like.
 */
export const JSON_OUTPUT_SETTINGS = {
  output_format_json_quote_64bit_integers: 1,
  output_format_json_quote_64bit_floats: 0,
  output_format_json_quote_decimals: 0,
  date_time_output_format: "simple",
} as const;

type Convert = (value: unknown) => unknown;

/** Objects from the format's lines, parsed: [names, types, ...rows]. */
export function rowsFromCompact<Row>(lines: readonly unknown[][]): Row[] {
  const [names = [], types = [], ...rows] = lines;
  const keys = names.map(String);
  const converters = keys.map((_, i) => converterFor(String(types[i] ?? "")));
  const out: Row[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r] as unknown[];
    const row: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const convert = converters[i];
      row[keys[i] as string] = convert ? convert(values[i]) : values[i];
    }
    out[r] = row as Row;
  }
  return out;
}

/** The format's text (one JSON array per line). */
export function rowsFromCompactText<Row>(text: string): Row[] {
  const lines: unknown[][] = [];
  for (const line of text.split("\n")) if (line.length > 0) lines.push(JSON.parse(line) as unknown[]);
  return rowsFromCompact<Row>(lines);
}

const WIDE_INT = /^U?Int(64|128|256)$/;

/** A converter for values of `type`, or undefined when no wide integer can be inside it. */
export function converterFor(type: string): Convert | undefined {
  if (!/Int(64|128|256)/.test(type)) return undefined;
  const t = type.trim();
  if (WIDE_INT.test(t)) return exactInteger;
  const open = t.indexOf("(");
  if (open < 0 || !t.endsWith(")")) return undefined;
  const head = t.slice(0, open);
  const args = splitArgs(t.slice(open + 1, -1));
  switch (head) {
    case "Nullable":
    case "LowCardinality":
      return converterFor(args[0] ?? "");
    case "SimpleAggregateFunction":
      return converterFor(args[1] ?? "");
    case "Array": {
      const inner = converterFor(args[0] ?? "");
      return inner && ((v) => (Array.isArray(v) ? v.map(inner) : v));
    }
    case "Map": {
      const inner = converterFor(args[1] ?? "");
      return inner && ((v) => (isObject(v) ? mapValues(v, () => inner) : v));
    }
    case "Tuple": {
      const elements = args.map(tupleElement);
      if (elements.every((e) => e.convert === undefined)) return undefined;
      return (v) => {
        if (Array.isArray(v)) return v.map((x, i) => elements[i]?.convert?.(x) ?? x);
        if (!isObject(v)) return v;
        const byName = new Map(elements.map((e) => [e.name, e.convert]));
        return mapValues(v, (k) => byName.get(k));
      };
    }
    default:
      return undefined;
  }
}

/** A quoted wide integer: a number when exact, else its decimal string. */
function exactInteger(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** `name Type` (a named tuple element) or `Type`. */
function tupleElement(arg: string): { name: string | undefined; convert: Convert | undefined } {
  const named = /^(`[^`]+`|[A-Za-z_]\w*)\s+(\S[\s\S]*)$/.exec(arg);
  if (named) return { name: (named[1] as string).replace(/^`|`$/g, ""), convert: converterFor(named[2] as string) };
  return { name: undefined, convert: converterFor(arg) };
}

/** Top-level comma-separated arguments of a type, nested parentheses and quotes kept whole. */
function splitArgs(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === "'") quoted = false;
    } else if (c === "'") quoted = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(inner.slice(start).trim());
  return parts;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function mapValues(
  v: Record<string, unknown>,
  convertOf: (key: string) => Convert | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const convert = convertOf(k);
    out[k] = convert ? convert(x) : x;
  }
  return out;
}
