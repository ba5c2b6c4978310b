// Dashboard variables inside a search query (`q`): `$name` is replaced in the parsed query, not in
// its text, so a value is always one value — `service:$service` with [a, "b c"] becomes
// `service:(a OR "b c")`, a bare `$name` the phrase of each value ORed — and no value (spaces,
// quotes, OR, parentheses) can change the query's structure. A term whose variable is empty
// ("all") goes, and with it an OR or NOT around it (anything OR all is all). Pure.
import {
  parseDurationNs,
  parseNumber,
  parseSearchQuery,
  printSearchQuery,
  type SearchNode,
  SearchQueryError,
} from "@tracelight/search-query";

/** Expands one text's references: one text per combination of values, none when one is empty. */
export type Expand = (text: string) => string[];

/** null: the term referred to an empty variable and goes. */
function substitute(n: SearchNode, expand: Expand, refers: (text: string) => boolean): SearchNode | null {
  const each = (text: string, make: (text: string) => SearchNode): SearchNode | null => {
    if (!refers(text)) return n;
    const nodes = expand(text).map(make);
    if (nodes.length === 0) return null;
    return nodes.length === 1 ? (nodes[0] as SearchNode) : { type: "or", children: nodes };
  };
  switch (n.type) {
    case "and": {
      const kept = n.children.map((c) => substitute(c, expand, refers)).filter((c) => c !== null);
      if (kept.length === 0) return null;
      return kept.length === 1 ? (kept[0] as SearchNode) : { type: "and", children: kept };
    }
    case "or": {
      const all = n.children.map((c) => substitute(c, expand, refers));
      return all.includes(null) ? null : { type: "or", children: all as SearchNode[] };
    }
    case "not": {
      const child = substitute(n.child, expand, refers);
      return child === null ? null : { type: "not", child };
    }
    case "traceId":
      return n;
    // A free-text reference is each value as a phrase: a value is text to find, never syntax.
    case "word":
    case "phrase":
      return each(n.text, (text) => ({ type: "phrase", text, offset: n.offset }));
    case "match":
      return each(n.value, (value) => ({ ...n, value }));
    case "compare":
      return each(n.text, (text) => ({ ...n, text, number: parseNumber(text), durationNs: parseDurationNs(text) }));
  }
}

/**
 * `q` with its references replaced; undefined when every term referred to an empty variable.
 * A query that does not parse is sent as typed, so the route's error points into what was written.
 */
export function substituteSearchQuery(
  q: string,
  expand: Expand,
  refers: (text: string) => boolean,
): string | undefined {
  if (!refers(q)) return q;
  let ast: SearchNode | null;
  try {
    ast = parseSearchQuery(q);
  } catch (error) {
    if (error instanceof SearchQueryError) return q;
    throw error;
  }
  if (ast === null) return q;
  const out = substitute(ast, expand, refers);
  return out === null ? undefined : printSearchQuery(out);
}
