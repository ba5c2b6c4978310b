// Recursive descent over the tokens:
//   query   := or?
//   or      := and ("OR" and)*
//   and     := unary (("AND")? unary)*        adjacent terms are ANDed
//   unary   := ("NOT" | "-") unary | primary
//   primary := "(" or ")" | field value | field":(" or ")" | "phrase" | word
// Inside a field group (`service:(a OR b)`, Lucene's) every word or phrase is a value of that
// field, so the group is the same as `(service:a OR service:b)`, and that is what it parses to.
import type { SearchNode } from "./ast.ts";
import { SearchQueryError } from "./errors.ts";
import { lex, type Token } from "./lexer.ts";
import { parseDurationNs, parseNumber } from "./values.ts";

export const MAX_QUERY_LENGTH = 2_000;
/** Words, phrases, fields and trace IDs together. */
export const MAX_TERMS = 64;
/** Parentheses and NOTs inside one another. */
export const MAX_DEPTH = 16;

const TRACE_ID = /^[0-9a-fA-F]{32}$/;
type FieldToken = Extract<Token, { kind: "field" }>;

const describe = (t: Token | undefined): string => {
  if (t === undefined) return "the end of the query";
  if (t.kind === "word") return `'${t.text}'`;
  if (t.kind === "phrase") return "a phrase";
  if (t.kind === "field") return `'${t.name}${t.op}'`;
  return { lparen: "'('", rparen: "')'", and: "AND", or: "OR", not: "NOT" }[t.kind];
};

class Parser {
  private at = 0;
  private terms = 0;
  private depth = 0;
  /** The field whose group is being read: its words and phrases are its values. */
  private group: FieldToken | undefined;
  constructor(
    private readonly q: string,
    private readonly tokens: Token[],
  ) {}

  private fail(expected: string, offset = this.tokens[this.at]?.offset ?? this.q.length): never {
    const found = describe(this.tokens[this.at]);
    throw new SearchQueryError(`expected ${expected}, found ${found}`, offset, this.q, expected);
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  query(): SearchNode | null {
    if (this.tokens.length === 0) return null;
    const node = this.or();
    if (this.peek() !== undefined) this.fail("a term, AND, OR or the end of the query");
    return node;
  }

  private or(): SearchNode {
    const children = [this.and()];
    while (this.peek()?.kind === "or") {
      this.at++;
      children.push(this.and());
    }
    return children.length === 1 ? (children[0] as SearchNode) : { type: "or", children };
  }

  private and(): SearchNode {
    const children = [this.unary()];
    for (;;) {
      const t = this.peek();
      if (t === undefined || t.kind === "or" || t.kind === "rparen") break;
      if (t.kind === "and") this.at++;
      children.push(this.unary());
    }
    return children.length === 1 ? (children[0] as SearchNode) : { type: "and", children };
  }

  private nest<T>(offset: number, inner: () => T): T {
    if (++this.depth > MAX_DEPTH)
      throw new SearchQueryError(`the query nests deeper than ${MAX_DEPTH} levels`, offset, this.q);
    const node = inner();
    this.depth--;
    return node;
  }

  private unary(): SearchNode {
    const t = this.peek();
    if (t?.kind === "not") {
      this.at++;
      return this.nest(t.offset, () => ({ type: "not", child: this.unary() }));
    }
    return this.primary();
  }

  private countTerm(offset: number): void {
    if (++this.terms > MAX_TERMS)
      throw new SearchQueryError(`the query has more than ${MAX_TERMS} terms`, offset, this.q);
  }

  private primary(): SearchNode {
    const t = this.peek();
    if (t === undefined || t.kind === "rparen" || t.kind === "and" || t.kind === "or")
      this.fail("a word, a phrase, field:value, NOT or '('");
    this.at++;
    if (t.kind === "lparen") {
      const node = this.nest(t.offset, () => this.or());
      if (this.peek()?.kind !== "rparen") this.fail("')'");
      this.at++;
      return node;
    }
    this.countTerm(t.offset);
    if (this.group !== undefined) return this.groupValue(this.group, t);
    if (t.kind === "phrase") return { type: "phrase", text: t.text, offset: t.offset };
    if (t.kind === "word")
      return TRACE_ID.test(t.text)
        ? { type: "traceId", id: t.text.toLowerCase(), offset: t.offset }
        : { type: "word", text: t.text, offset: t.offset };
    if (t.kind !== "field") return this.fail("a term");
    const v = this.peek();
    if (t.op === ":" && v?.kind === "lparen" && v.offset === t.end) return this.fieldGroup(t, v.offset);
    if (v === undefined || (v.kind !== "word" && v.kind !== "phrase") || v.offset !== t.end)
      this.fail(`a value right after '${t.name}${t.op}'`, t.end);
    this.at++;
    if (t.op === ":") return this.groupValue(t, v);
    const number = parseNumber(v.text);
    const durationNs = parseDurationNs(v.text);
    return {
      type: "compare",
      field: t.name,
      op: t.op,
      text: v.text,
      number,
      durationNs,
      offset: t.offset,
      valueOffset: v.offset,
    };
  }

  /** `field:(…)`: its terms, each word or phrase a value of the field. */
  private fieldGroup(field: FieldToken, open: number): SearchNode {
    this.at++;
    // The field token counted as a term; its values count instead.
    this.terms--;
    this.group = field;
    const node = this.nest(open, () => this.or());
    if (this.peek()?.kind !== "rparen") this.fail("')'");
    this.at++;
    this.group = undefined;
    return node;
  }

  /** `field:value`; a word ending in `*` is a prefix. */
  private groupValue(field: FieldToken, v: Token): SearchNode {
    if (v.kind !== "word" && v.kind !== "phrase")
      return this.fail(`a value of '${field.name}:' (a word or a phrase)`, v.offset);
    const prefix = v.kind === "word" && v.text.endsWith("*");
    const value = prefix ? v.text.slice(0, -1) : v.text;
    return { type: "match", field: field.name, value, prefix, offset: field.offset, valueOffset: v.offset };
  }
}

/** The query's AST, or null for a query with no terms (matches everything). */
export function parseSearchQuery(q: string): SearchNode | null {
  if (q.length > MAX_QUERY_LENGTH)
    throw new SearchQueryError(`the query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH, q);
  return new Parser(q, lex(q)).query();
}
