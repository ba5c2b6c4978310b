// The search language over log rows already decoded (live tail): the semantics of
// search-condition.ts in TypeScript, so a tail shows what a search over the same moment finds.
import { SERVICE_NAME_KEY } from "@tracelight/contracts";
import type { LogRow } from "@tracelight/otlp";
import { parseSearchQuery, type SearchNode, SearchQueryError } from "@tracelight/search-query";
import { textTokens } from "./log-text.ts";
import { severityBounds } from "./search-condition.ts";

type Test = (row: LogRow) => boolean;
/** null: the term has nothing to search for and is left out (as in search-condition.ts). */
type MaybeTest = Test | null;
type Match = Extract<SearchNode, { type: "match" }>;

// Map lookups as SQL does them: a missing key reads as "".
const own = (row: LogRow, key: string): string =>
  Object.hasOwn(row.LogAttributes, key) ? (row.LogAttributes[key] as string) : "";
const resource = (row: LogRow, key: string): string =>
  Object.hasOwn(row.ResourceAttributes, key) ? (row.ResourceAttributes[key] as string) : "";

/** toFloat64OrNull of ClickHouse for the decimal numbers people write (else null). */
const toNumber = (s: string): number | null => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : null);

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
};

const bodyHasTokens = (words: string[]): MaybeTest => {
  const wanted = [...new Set(words)];
  if (wanted.length === 0) return null;
  return (row) => {
    const tokens = new Set(textTokens(row.Body));
    return wanted.every((w) => tokens.has(w));
  };
};

function phrase(text: string): Test {
  const tokens = bodyHasTokens(textTokens(text)) ?? (() => true);
  const lower = text.toLowerCase();
  return (row) => tokens(row) && row.Body.toLowerCase().includes(lower);
}

const equals = (m: Match, value: (row: LogRow) => string): Test =>
  m.prefix ? (row) => value(row).startsWith(m.value) : (row) => value(row) === m.value;

function severity(q: string, op: Parameters<typeof severityBounds>[0], level: string, offset: number): Test {
  const bounds = severityBounds(op, level);
  if (bounds === null)
    throw new SearchQueryError("unknown severity", offset, q, "trace, debug, info, warn, error, fatal");
  const [min, below] = bounds;
  // The column is UInt8: compare what is stored.
  return (row) => (row.SeverityNumber & 0xff) >= min && (below === null || (row.SeverityNumber & 0xff) < below);
}

function compile(q: string, n: SearchNode): MaybeTest {
  switch (n.type) {
    case "and": {
      const words = n.children.flatMap((c) => (c.type === "word" ? textTokens(c.text) : []));
      const others = n.children.filter((c) => c.type !== "word").map((c) => compile(q, c));
      const tests = [bodyHasTokens(words), ...others].filter((t) => t !== null);
      return tests.length === 0 ? null : (row) => tests.every((t) => t(row));
    }
    case "or": {
      const tests = n.children.map((c) => compile(q, c));
      if (tests.includes(null)) return null;
      return (row) => tests.some((t) => (t as Test)(row));
    }
    case "not": {
      const test = compile(q, n.child);
      return test === null ? null : (row) => !test(row);
    }
    case "word":
      return bodyHasTokens(textTokens(n.text));
    case "phrase":
      return phrase(n.text);
    case "traceId":
      return (row) => row.TraceId === n.id;
    case "match": {
      const field = n.field.toLowerCase();
      if (field === "service" || n.field === SERVICE_NAME_KEY) return equals(n, (row) => row.ServiceName);
      if (field === "trace_id") return equals({ ...n, value: n.value.toLowerCase() }, (row) => row.TraceId);
      if (field === "span_id") return equals({ ...n, value: n.value.toLowerCase() }, (row) => row.SpanId);
      if (field === "severity" || field === "level") return severity(q, ":", n.value, n.valueOffset);
      if (field === "body") return phrase(n.value);
      const inOwn = equals(n, (row) => own(row, n.field));
      const inResource = equals(n, (row) => resource(row, n.field));
      return (row) => inOwn(row) || inResource(row);
    }
    case "compare": {
      const field = n.field.toLowerCase();
      if (field === "severity" || field === "level") return severity(q, n.op, n.text, n.valueOffset);
      if (["service", "trace_id", "span_id", "body"].includes(field))
        throw new SearchQueryError(`${n.field} takes no comparison`, n.offset, q, `'${n.field}:'`);
      const limit = n.number;
      if (limit === null) throw new SearchQueryError("not a number", n.valueOffset, q, "a number");
      const cmp = COMPARE[n.op] as (a: number, b: number) => boolean;
      const ok = (s: string) => {
        const v = toNumber(s);
        return v !== null && cmp(v, limit);
      };
      return (row) => ok(own(row, n.field)) || ok(resource(row, n.field));
    }
  }
}

/** A test of log rows for a search query (null: no terms). Throws SearchQueryError like the SQL. */
export function compileLogSearch(q: string | undefined): Test | null {
  if (q === undefined) return null;
  const ast = parseSearchQuery(q);
  return ast === null ? null : compile(q, ast);
}
