import { describe, expect, it } from "vitest";
import { SearchQueryError } from "./errors.ts";
import { MAX_DEPTH, MAX_QUERY_LENGTH, MAX_TERMS, parseSearchQuery } from "./parser.ts";

const w = (text: string, offset: number) => ({ type: "word", text, offset });

describe("parseSearchQuery", () => {
  it.each([
    ["", null],
    ["   ", null],
    ["timeout", w("timeout", 0)],
    ["card declined", { type: "and", children: [w("card", 0), w("declined", 5)] }],
    ["a AND b", { type: "and", children: [w("a", 0), w("b", 6)] }],
    ["a OR b c", { type: "or", children: [w("a", 0), { type: "and", children: [w("b", 5), w("c", 7)] }] }],
    ["(a OR b) c", { type: "and", children: [{ type: "or", children: [w("a", 1), w("b", 6)] }, w("c", 9)] }],
    ["-a", { type: "not", child: w("a", 1) }],
    ["NOT a", { type: "not", child: w("a", 4) }],
    ["user-42", w("user-42", 0)],
    // Pasted log text: a colon with nothing touching it is part of the word.
    ["failed: card", { type: "and", children: [w("failed:", 0), w("card", 8)] }],
    ["x duration>", { type: "and", children: [w("x", 0), w("duration>", 2)] }],
    ["and or", { type: "and", children: [w("and", 0), w("or", 4)] }],
    ['"card \\"x\\" declined"', { type: "phrase", text: 'card "x" declined', offset: 0 }],
    ["4BF92F3577B34DA6A3CE929D0E0E4736", { type: "traceId", id: "4bf92f3577b34da6a3ce929d0e0e4736", offset: 0 }],
    [
      "service:checkout",
      { type: "match", field: "service", value: "checkout", prefix: false, offset: 0, valueOffset: 8 },
    ],
    [
      "k8s.pod.name:api-*",
      { type: "match", field: "k8s.pod.name", value: "api-", prefix: true, offset: 0, valueOffset: 13 },
    ],
    [
      'http.route:"/a b"',
      { type: "match", field: "http.route", value: "/a b", prefix: false, offset: 0, valueOffset: 11 },
    ],
    [
      "duration>500ms",
      {
        type: "compare",
        field: "duration",
        op: ">",
        text: "500ms",
        number: null,
        durationNs: 500e6,
        offset: 0,
        valueOffset: 9,
      },
    ],
    [
      "duration:>=1.5s",
      {
        type: "compare",
        field: "duration",
        op: ">=",
        text: "1.5s",
        number: null,
        durationNs: 1.5e9,
        offset: 0,
        valueOffset: 11,
      },
    ],
    [
      "http.response.status_code<=500",
      {
        type: "compare",
        field: "http.response.status_code",
        op: "<=",
        text: "500",
        number: 500,
        durationNs: null,
        offset: 0,
        valueOffset: 27,
      },
    ],
  ])("%j", (q, ast) => {
    expect(parseSearchQuery(q)).toEqual(ast);
  });

  const m = (field: string, value: string, offset: number, valueOffset: number, prefix = false) => ({
    type: "match",
    field,
    value,
    prefix,
    offset,
    valueOffset,
  });
  it.each([
    ["service:(a OR b)", { type: "or", children: [m("service", "a", 0, 9), m("service", "b", 0, 14)] }],
    [
      'env:(prod OR "a b" OR c*) x',
      {
        type: "and",
        children: [
          { type: "or", children: [m("env", "prod", 0, 5), m("env", "a b", 0, 13), m("env", "c", 0, 22, true)] },
          w("x", 26),
        ],
      },
    ],
    // Inside a group a trace ID, a keyword-looking value in quotes and NOT are values and operators of the field.
    [
      'trace_id:(4bf92f3577b34da6a3ce929d0e0e4736 OR "OR") -k:(NOT v)',
      {
        type: "and",
        children: [
          {
            type: "or",
            children: [m("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", 0, 10), m("trace_id", "OR", 0, 46)],
          },
          { type: "not", child: { type: "not", child: m("k", "v", 53, 60) } },
        ],
      },
    ],
    // With a space it is pasted text, as before: a word, then a parenthesised term.
    ["failed: (card)", { type: "and", children: [w("failed:", 0), w("card", 9)] }],
  ])("field group %j", (q, ast) => {
    expect(parseSearchQuery(q)).toEqual(ast);
  });

  it.each([
    ["(a OR b", 7, "')'"],
    ["a OR", 4, "a word, a phrase, field:value, NOT or '('"],
    ["AND a", 0, "a word, a phrase, field:value, NOT or '('"],
    ["a)", 1, "a term, AND, OR or the end of the query"],
    ['x "open', 2, `'"'`],
    ["service:(x", 10, "')'"],
    ["-(a", 3, "')'"],
    ["service:()", 9, "a word, a phrase, field:value, NOT or '('"],
    ["service:(a OR name:b)", 14, "a value of 'service:' (a word or a phrase)"],
  ])("%j fails at %i expecting %s", (q, offset, expected) => {
    const e = (() => {
      try {
        parseSearchQuery(q);
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(SearchQueryError);
    expect(e).toMatchObject({ position: { offset, column: offset + 1 }, expected });
  });

  it("reports the column on the query's line", () => {
    expect(() => parseSearchQuery("a\n(b")).toThrow(expect.objectContaining({ position: { offset: 4, column: 3 } }));
  });

  it("names each limit", () => {
    expect(() => parseSearchQuery("a".repeat(MAX_QUERY_LENGTH + 1))).toThrow(`longer than ${MAX_QUERY_LENGTH}`);
    expect(parseSearchQuery("a".repeat(MAX_QUERY_LENGTH))).not.toBeNull();
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
    expect(parseSearchQuery(terms(MAX_TERMS))).not.toBeNull();
    expect(() => parseSearchQuery(terms(MAX_TERMS + 1))).toThrow(`more than ${MAX_TERMS} terms`);
    const nested = (n: number) => `${"(".repeat(n)}a${")".repeat(n)}`;
    expect(parseSearchQuery(nested(MAX_DEPTH))).toEqual(w("a", MAX_DEPTH));
    expect(() => parseSearchQuery(nested(MAX_DEPTH + 1))).toThrow(`deeper than ${MAX_DEPTH}`);
    // Only a minus after a space negates: "---a" is NOT "--a".
    expect(parseSearchQuery(`${"-".repeat(MAX_DEPTH + 1)}a`)).toEqual({
      type: "not",
      child: w(`${"-".repeat(MAX_DEPTH)}a`, 1),
    });
    expect(() => parseSearchQuery(`${"NOT ".repeat(MAX_DEPTH + 1)}a`)).toThrow(`deeper than ${MAX_DEPTH}`);
    // A field group's values are its terms.
    const values = (n: number) => `k:(${Array.from({ length: n }, (_, i) => `v${i}`).join(" OR ")})`;
    expect(parseSearchQuery(values(MAX_TERMS))).not.toBeNull();
    expect(() => parseSearchQuery(values(MAX_TERMS + 1))).toThrow(`more than ${MAX_TERMS} terms`);
  });
});
