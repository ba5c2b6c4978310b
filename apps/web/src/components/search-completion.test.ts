import { parseSearchQuery } from "@tracelight/search-query";
import { describe, expect, it } from "vitest";
import { applySuggestion, completionAt, isFieldName, quoteValue } from "./search-completion.ts";

/** The completion at the `|` of a query written with its cursor. */
const at = (withCursor: string) => completionAt(withCursor.replace("|", ""), withCursor.indexOf("|"));
/** The query (with `|` at the new cursor) after accepting `text` at the `|` of `withCursor`. */
const accept = (withCursor: string, text: string) => {
  const q = withCursor.replace("|", "");
  const c = completionAt(q, withCursor.indexOf("|"));
  if (c === undefined) throw new Error(`nothing to complete in ${withCursor}`);
  const next = applySuggestion(q, c, text);
  return `${next.query.slice(0, next.cursor)}|${next.query.slice(next.cursor)}`;
};

describe("completionAt", () => {
  it("completes a field name at the start, after a space, NOT, a minus or a parenthesis", () => {
    expect(at("serv|")).toEqual({ kind: "field", prefix: "serv", start: 0, end: 4 });
    expect(at("card serv|")).toEqual({ kind: "field", prefix: "serv", start: 5, end: 9 });
    expect(at("NOT serv|")).toMatchObject({ kind: "field", prefix: "serv", start: 4 });
    expect(at("-serv|")).toMatchObject({ kind: "field", prefix: "serv", start: 1 });
    expect(at("(a OR (serv|")).toMatchObject({ kind: "field", prefix: "serv", start: 7 });
    expect(at("a |")).toMatchObject({ kind: "field", prefix: "" });
  });

  it("takes the whole name under the cursor, up to an operator after it", () => {
    expect(at("ser|vice b")).toEqual({ kind: "field", prefix: "ser", start: 0, end: 7 });
    expect(at("ser|v:checkout")).toEqual({ kind: "field", prefix: "ser", start: 0, end: 4 });
  });

  it("completes the value of field:, bare or in an open or closed quote", () => {
    expect(at("service:ch|")).toEqual({ kind: "value", field: "service", prefix: "ch", start: 8, end: 10 });
    expect(at("a (-http.route:/ca|rt) b")).toEqual({
      kind: "value",
      field: "http.route",
      prefix: "/ca",
      start: 15,
      end: 20,
    });
    expect(at('k8s.pod.name:"api \\"x|')).toMatchObject({ kind: "value", prefix: 'api "x', start: 13, end: 21 });
    expect(at('name:"GET /|a" b')).toMatchObject({ kind: "value", prefix: "GET /", start: 5, end: 13 });
    expect(at("service:|")).toMatchObject({ kind: "value", field: "service", prefix: "" });
  });

  it("completes the values of a field group, bare or quoted, but not a field after a plain '('", () => {
    expect(at("service:(cart OR ch|")).toEqual({ kind: "value", field: "service", prefix: "ch", start: 17, end: 19 });
    expect(at("-service:(|")).toMatchObject({ kind: "value", field: "service", prefix: "", start: 10 });
    expect(at('name:(a "GET /|')).toMatchObject({ kind: "value", field: "name", prefix: "GET /", start: 8 });
    expect(at("x (ch|")).toMatchObject({ kind: "field", prefix: "ch" });
  });

  it("offers nothing inside a plain phrase or after a comparison", () => {
    expect(at('"card decl|')).toBeUndefined();
    expect(at('a "b" "c|"')).toBeUndefined();
    expect(at("duration>5|")).toBeUndefined();
    expect(at("status_code:>=5|")).toBeUndefined();
  });
});

describe("applySuggestion", () => {
  it("puts a field's colon after its name and the cursor after the colon", () => {
    expect(accept("serv|", "service")).toBe("service:|");
    expect(accept("a NOT serv|", "service")).toBe("a NOT service:|");
    expect(accept("(x OR serv|) y", "service")).toBe("(x OR service:|) y");
    expect(accept("ser|v:checkout", "service")).toBe("service:|checkout");
    expect(accept("-http.r|", "http.route")).toBe("-http.route:|");
  });

  it("replaces the value typed so far, quoting one that needs it", () => {
    expect(accept("service:ch|", "checkout")).toBe("service:checkout|");
    expect(accept("service:ch|eck b", "checkout")).toBe("service:checkout| b");
    expect(accept("(a OR name:GE|)", "GET /checkout")).toBe('(a OR name:"GET /checkout"|)');
    expect(accept('name:"GE|', "GET /cart")).toBe('name:"GET /cart"|');
    expect(accept('name:"GE|" x', "GET")).toBe("name:GET| x");
    expect(accept("service:(cart OR ch|)", "checkout")).toBe("service:(cart OR checkout|)");
    expect(accept("name:(a GE|", "GET /x")).toBe('name:(a "GET /x"|');
  });
});

describe("quoteValue", () => {
  it.each([
    "checkout",
    "/api/items/:id",
    "a b",
    "",
    "api-*",
    'say "hi"',
    "back\\slash",
    "(x)",
    ">=5",
    "OR",
    "-1",
    "é🚀",
  ])("the parser reads %j back exactly", (value) => {
    const node = parseSearchQuery(`f:${quoteValue(value)}`);
    expect(node).toMatchObject({ type: "match", field: "f", value, prefix: false });
  });

  it("quotes only what needs it", () => {
    expect(quoteValue("checkout")).toBe("checkout");
    expect(quoteValue("GET /cart")).toBe('"GET /cart"');
    expect(quoteValue("api-*")).toBe('"api-*"');
    expect(quoteValue('a"b')).toBe('"a\\"b"');
  });
});

describe("isFieldName", () => {
  it("accepts keys the language reads as fields, not others", () => {
    expect(isFieldName("http.response.status_code")).toBe(true);
    expect(isFieldName("k8s.pod.name")).toBe(true);
    expect(isFieldName("with space")).toBe(false);
    expect(isFieldName("1abc")).toBe(false);
    expect(isFieldName("")).toBe(false);
  });
});
