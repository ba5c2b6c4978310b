// The search language's SQL: text and bound parameters per query, positioned errors for what
// it cannot compile, and hostile values only ever in the parameters.
import { SEARCH_FIELD_ALIASES, SEARCH_FIELDS, SEARCH_SIGNALS, type SearchField } from "@tracelight/contracts";
import { SearchQueryError } from "@tracelight/search-query";
import { describe, expect, it } from "vitest";
import { type SearchTarget, searchCondition } from "./search-condition.ts";

const compiled = (q: string, target: SearchTarget = "logs") => searchCondition(q, target);

describe("searchCondition", () => {
  it.each<[string, SearchTarget, string, Record<string, unknown>]>([
    ["card DECLINED", "logs", "hasAllTokens(lower(Body), {p0:Array(String)})", { p0: ["card", "declined"] }],
    // Plain words split as the index tokenizes, as the search always did.
    [
      "user_id=42 it's",
      "logs",
      "hasAllTokens(lower(Body), {p0:Array(String)})",
      { p0: ["user", "id", "42", "it", "s"] },
    ],
    [
      '"card declined"',
      "logs",
      "(hasAllTokens(lower(Body), {p0:Array(String)}) AND positionCaseInsensitiveUTF8(Body, {p1:String}) > 0)",
      { p0: ["card", "declined"], p1: "card declined" },
    ],
    ["checkout", "traces", "positionCaseInsensitiveUTF8(SpanName, {p0:String}) > 0", { p0: "checkout" }],
    ["4BF92F3577B34DA6A3CE929D0E0E4736", "logs", "TraceId = {p0:String}", { p0: "4bf92f3577b34da6a3ce929d0e0e4736" }],
    [
      'service:checkout severity>=error "card"',
      "logs",
      "(ServiceName = {p0:String} AND SeverityNumber >= {p1:UInt8} AND (hasAllTokens(lower(Body), {p2:Array(String)}) AND positionCaseInsensitiveUTF8(Body, {p3:String}) > 0))",
      { p0: "checkout", p1: 17, p2: ["card"], p3: "card" },
    ],
    ["level:warn", "logs", "(SeverityNumber >= {p0:UInt8} AND SeverityNumber < {p1:UInt8})", { p0: 13, p1: 17 }],
    ["severity<info", "logs", "SeverityNumber < {p0:UInt8}", { p0: 9 }],
    ["-service:frontend", "logs", "NOT (ServiceName = {p0:String})", { p0: "frontend" }],
    // A field group is the OR of the field's matches (the engine reads an OR of equalities as IN).
    [
      'service:(a OR "b) OR (c")',
      "traces",
      "(ServiceName = {p0:String} OR ServiceName = {p1:String})",
      { p0: "a", p1: "b) OR (c" },
    ],
    [
      "k8s.pod.name:api-*",
      "logs",
      "(startsWith(LogAttributes[{p0:String}], {p1:String}) OR startsWith(ResourceAttributes[{p2:String}], {p3:String}))",
      { p0: "k8s.pod.name", p1: "api-", p2: "k8s.pod.name", p3: "api-" },
    ],
    [
      "http.route:/checkout",
      "traces",
      "(SpanAttributes[{p0:String}] = {p1:String} OR ResourceAttributes[{p2:String}] = {p3:String})",
      { p0: "http.route", p1: "/checkout", p2: "http.route", p3: "/checkout" },
    ],
    [
      "http.response.status_code>=500",
      "traces",
      "ifNull(toFloat64OrNull(SpanAttributes[{p0:String}]) >= {p1:Float64} OR toFloat64OrNull(ResourceAttributes[{p2:String}]) >= {p3:Float64}, 0)",
      { p0: "http.response.status_code", p1: 500, p2: "http.response.status_code", p3: 500 },
    ],
    ["duration>500ms", "traces", "Duration > {p0:Int64}", { p0: 500_000_000 }],
    ["duration<=2", "traces", "Duration <= {p0:Int64}", { p0: 2_000_000 }],
    ["status:error", "traces", "StatusCode IN {p0:Array(String)}", { p0: ["Error", "STATUS_CODE_ERROR"] }],
    ["kind:SPAN_KIND_SERVER", "traces", "SpanKind IN {p0:Array(String)}", { p0: ["Server", "SPAN_KIND_SERVER"] }],
    ["name:GET*", "traces", "startsWith(SpanName, {p0:String})", { p0: "GET" }],
    [
      "(service:a OR service:b) NOT timeout",
      "logs",
      "((ServiceName = {p0:String} OR ServiceName = {p1:String}) AND NOT (hasAllTokens(lower(Body), {p2:Array(String)})))",
      { p0: "a", p1: "b", p2: ["timeout"] },
    ],
    // A term with nothing to search for (no token) is left out, also under NOT and OR.
    ["--- timeout", "logs", "hasAllTokens(lower(Body), {p0:Array(String)})", { p0: ["timeout"] }],
  ])("%j over %s", (q, target, text, params) => {
    expect(compiled(q, target)).toEqual({ text, params });
  });

  it("has no condition for a query with nothing to search for", () => {
    expect(searchCondition(undefined, "logs")).toBeNull();
    expect(searchCondition("  ", "traces")).toBeNull();
    expect(searchCondition("-...", "logs")).toBeNull();
    expect(searchCondition("a OR ...", "logs")).toBeNull();
  });

  it.each<[string, SearchTarget, number, string]>([
    ["severity:loud", "logs", 9, "trace, debug, info, warn, error, fatal"],
    ["status:broken", "traces", 7, "Unset, Ok, Error"],
    ["kind:sideways", "traces", 5, "Unspecified, Internal, Server, Client, Producer, Consumer"],
    ["duration>soon", "traces", 9, "a duration such as 500ms, 1.5s or 2m"],
    ["x service>3", "traces", 2, "'service:'"],
    ["http.status>5xx", "logs", 12, "a number"],
    ["http.status>1e999", "logs", 12, "a number"],
    ["duration>1e999", "traces", 9, "a duration such as 500ms, 1.5s or 2m"],
    ["duration>99999999999h", "traces", 9, "a duration such as 500ms, 1.5s or 2m"],
  ])("%j over %s fails at %i expecting %s", (q, target, offset, expected) => {
    expect(() => compiled(q, target)).toThrow(SearchQueryError);
    expect(() => compiled(q, target)).toThrow(
      expect.objectContaining({ position: { offset, column: offset + 1 }, expected }),
    );
  });

  const HOSTILE = [
    "x' OR 1=1 --",
    "'); DROP TABLE otel_logs; --",
    "back\\slash\\",
    "nul\0byte",
    "Übergröße 漢字 🚀",
    "{x:String}",
    "`tick`",
  ];

  it.each(HOSTILE)("%j appears only in the parameters", (evil) => {
    const quoted = `"${evil.replace(/["\\]/g, (c) => `\\${c}`)}"`;
    for (const target of ["logs", "traces"] as const) {
      for (const q of [quoted, `service:${quoted}`, `${quoted}:x`, `attr:${quoted}`, `NOT body:${quoted}`]) {
        let c: ReturnType<typeof searchCondition> = null;
        try {
          c = compiled(q, target);
        } catch (e) {
          expect(e).toBeInstanceOf(SearchQueryError);
          continue;
        }
        expect(c).not.toBeNull();
        for (const part of [evil, "DROP", "1=1", "\0", "🚀", "tick", "\\"]) expect(c?.text).not.toContain(part);
        expect(JSON.stringify(c?.params)).toContain(JSON.stringify(evil).slice(1, -1).slice(0, 4));
      }
    }
  });
});

// Autocomplete lists the language's fields from contracts' SEARCH_FIELDS; the compiler names
// them in its own branches. This keeps the two the same: every listed field (and alias) is read
// by the compiler as its own, not as an attribute key, and an unlisted name is an attribute.
describe("the fields autocomplete lists are the compiler's", () => {
  const sample = (field: SearchField) =>
    Array.isArray(field.values)
      ? field.values[0]
      : field.name === "duration"
        ? "5ms"
        : field.name === "trace_id"
          ? "4bf92f3577b34da6a3ce929d0e0e4736"
          : "x";
  const readsAttributes = (q: string, target: SearchTarget) => /Attributes\[/.test(compiled(q, target)?.text ?? "");

  for (const target of SEARCH_SIGNALS) {
    it.each(SEARCH_FIELDS[target].map((f) => [f.name, f] as const))(`${target}: %s is a field`, (_, field) => {
      expect(readsAttributes(`${field.name}:${sample(field)}`, target)).toBe(false);
    });
    it(`${target}: aliases are fields, an unlisted name an attribute`, () => {
      for (const [alias, name] of Object.entries(SEARCH_FIELD_ALIASES)) {
        if (!SEARCH_FIELDS[target].some((f) => f.name === name)) continue;
        expect(readsAttributes(`${alias}:${name === "severity" ? "error" : "x"}`, target)).toBe(false);
      }
      expect(readsAttributes("http.route:x", target)).toBe(true);
    });
  }
});
