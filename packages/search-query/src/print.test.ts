import { describe, expect, it } from "vitest";
import type { SearchNode } from "./ast.ts";
import { parseSearchQuery } from "./parser.ts";
import { printSearchQuery } from "./print.ts";

/** The AST without positions: what a query means. */
function terms(n: SearchNode | null): unknown {
  return JSON.parse(JSON.stringify(n, (key, value) => (key === "offset" || key === "valueOffset" ? undefined : value)));
}
const match = (field: string, value: string, prefix = false): SearchNode => ({
  type: "match",
  field,
  value,
  prefix,
  offset: 0,
  valueOffset: 0,
});

describe("printSearchQuery", () => {
  it.each([
    "timeout",
    "card declined",
    "a OR b c",
    "(a OR b) c",
    "-a NOT (b OR c)",
    "failed: card",
    "it's user-42",
    '"card \\"x\\" declined" body:"a\\\\b"',
    "4bf92f3577b34da6a3ce929d0e0e4736",
    "service:checkout k8s.pod.name:api-* region:*",
    "service:(a OR b) severity>=warn duration>500ms http.response.status_code<=-1.5e3",
    'service:(a OR "b c" OR d*) -http.route:("/x" OR "/y")',
    "(service:a OR name:b) AND NOT (x OR y)",
  ])("%s reads back as the same terms", (q) => {
    const ast = parseSearchQuery(q);
    expect(terms(parseSearchQuery(printSearchQuery(ast)))).toEqual(terms(ast));
  });

  it("writes an OR of one field's values as a field group, bare when safe", () => {
    const or: SearchNode = { type: "or", children: [match("service", "a"), match("service", "b c")] };
    expect(printSearchQuery(or)).toBe('service:(a OR "b c")');
    const mixed: SearchNode = { type: "or", children: [match("service", "a"), match("env", "b")] };
    expect(printSearchQuery({ type: "and", children: [mixed, match("x", "1")] })).toBe("(service:a OR env:b) x:1");
    expect(printSearchQuery(null)).toBe("");
  });

  const HOSTILE = [
    "a b",
    '"',
    '\\"',
    "\\",
    "OR",
    "AND",
    "NOT",
    "x) OR (y",
    "(x OR y)",
    "-x",
    "a:b",
    ">5",
    "*",
    "v*",
    "",
    "line\nbreak",
    "4bf92f3577b34da6a3ce929d0e0e4736",
    "é 漢字 🚀",
    "service:evil",
  ];

  it.each(HOSTILE)("a value %j stays one value of its field, alone or in a group", (value) => {
    const one = match("service", value);
    expect(terms(parseSearchQuery(printSearchQuery(one)))).toEqual(terms(one));
    const group: SearchNode = { type: "or", children: [match("service", value), match("service", "other")] };
    const query: SearchNode = { type: "and", children: [group, { type: "not", child: match("level", value) }] };
    expect(terms(parseSearchQuery(printSearchQuery(query)))).toEqual(terms(query));
    const phrase: SearchNode = { type: "phrase", text: value, offset: 0 };
    expect(terms(parseSearchQuery(printSearchQuery(phrase)))).toEqual(terms(phrase));
    // A word that would not read back as itself is written as its phrase.
    const word: SearchNode = { type: "word", text: value, offset: 0 };
    const back = parseSearchQuery(printSearchQuery({ type: "and", children: [word, match("x", "1")] }));
    expect(back).toMatchObject({ type: "and", children: [{}, { type: "match", field: "x" }] });
    expect([terms(word), terms(phrase)]).toContainEqual(terms((back as { children: SearchNode[] }).children[0]!));
  });
});
