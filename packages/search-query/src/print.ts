// An AST written back as query text that parses to the same terms, for queries built or changed
// by code (a dashboard variable's values put into `service:$service`): every value that would
// read differently bare (spaces, quotes, parentheses, a keyword, a leading minus, a colon) is
// quoted and escaped, so no value can change the query's structure.
import type { SearchNode } from "./ast.ts";
import { lex } from "./lexer.ts";

const TRACE_ID = /^[0-9a-fA-F]{32}$/;
/** A field value that reads as itself after `field:` and inside `field:(…)`. */
const BARE_VALUE = /^[\p{L}\p{N}_.@/][\p{L}\p{N}_.@/-]*$/u;
/** A comparison value: numbers (`-1.5e3`), durations (`500ms`, `2µs`), severity names. */
const BARE_COMPARED = /^[\p{L}\p{N}_.+-]+$/u;
const KEYWORDS = new Set(["AND", "OR", "NOT"]);

const quote = (text: string): string => `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;

const bareValue = (v: string) => BARE_VALUE.test(v) && !KEYWORDS.has(v);

/** A free-text word stays bare when it lexes back as that one word (not a field, keyword or trace ID). */
function word(text: string): string {
  // A quote would open a phrase (and lex refuses an unterminated one).
  if (text.includes('"')) return quote(text);
  const tokens = lex(text);
  const [t] = tokens;
  const same = tokens.length === 1 && t?.kind === "word" && t.text === text && !TRACE_ID.test(text);
  return same ? text : quote(text);
}

type Match = Extract<SearchNode, { type: "match" }>;

/** A match's value; a prefix that cannot be written bare becomes an exact (quoted) value. */
function matchValue(m: Match): string {
  if (m.prefix && (m.value === "" || bareValue(m.value))) return `${m.value}*`;
  return bareValue(m.value) ? m.value : quote(m.value);
}

/** `field:(a OR b)` for an OR of plain matches of one field. */
function fieldGroup(n: { children: readonly SearchNode[] }): string | null {
  const [first] = n.children;
  if (first?.type !== "match") return null;
  const same = n.children.every((c): c is Match => c.type === "match" && c.field === first.field);
  return same ? `${first.field}:(${(n.children as Match[]).map(matchValue).join(" OR ")})` : null;
}

/** A node that needs no parentheses beside others. */
function primary(n: SearchNode): string {
  const text = print(n);
  if (n.type === "and" || (n.type === "or" && fieldGroup(n) === null)) return `(${text})`;
  return text;
}

function print(n: SearchNode): string {
  switch (n.type) {
    case "and":
      return n.children.map(primary).join(" ");
    case "or":
      return fieldGroup(n) ?? n.children.map((c) => (c.type === "and" ? primary(c) : print(c))).join(" OR ");
    case "not":
      return `NOT ${primary(n.child)}`;
    case "word":
      return word(n.text);
    case "phrase":
      return quote(n.text);
    case "traceId":
      return n.id;
    case "match":
      return `${n.field}:${matchValue(n)}`;
    case "compare":
      return `${n.field}${n.op}${BARE_COMPARED.test(n.text) ? n.text : quote(n.text)}`;
  }
}

/** Query text for the AST; "" for null (no terms). */
export function printSearchQuery(node: SearchNode | null): string {
  return node === null ? "" : print(node);
}
