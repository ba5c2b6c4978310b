// Which token of a search query (packages/search-query) the cursor is completing, and the query
// once a suggestion replaces it. Pure. How a value is written (bare or quoted) is the language's
// own printer's choice, and whether a key can be a field at all its parser's, so the box never
// inserts text the API would read differently.
import { parseSearchQuery, printSearchQuery } from "@tracelight/search-query";

export type Completion =
  /** A field name: [start, end) is the name typed so far (an operator after it stays). */
  | { kind: "field"; prefix: string; start: number; end: number }
  /** The value of `field:`: [start, end) is the value typed so far, quotes included. */
  | { kind: "value"; field: string; prefix: string; start: number; end: number };

/** Where a bare run of characters ends (as the language's lexer reads it). */
const ends = (c: string | undefined) => c === undefined || /\s/.test(c) || c === "(" || c === ")" || c === '"';

/** The text of a phrase from its opening quote up to `stop`, with its escapes read. */
function phraseText(q: string, open: number, stop: number): string {
  let text = "";
  for (let i = open + 1; i < stop; i++) {
    if (q[i] === "\\" && i + 1 < stop) i++;
    text += q[i];
  }
  return text;
}

/** Where the phrase opened at `open` ends (after its closing quote), or the query's end. */
function phraseEnd(q: string, open: number): number {
  for (let i = open + 1; i < q.length; i++) {
    if (q[i] === "\\") i++;
    else if (q[i] === '"') return i + 1;
  }
  return q.length;
}

/**
 * Scans the query up to the cursor as the lexer would: where the run holding the cursor starts,
 * if the cursor is inside a phrase where that phrase opened, and the innermost '(' still open.
 */
function runAt(q: string, cursor: number): { start: number; open: number | undefined; paren: number | undefined } {
  let start = 0;
  let open: number | undefined;
  const parens: number[] = [];
  for (let i = 0; i < cursor; i++) {
    const c = q[i] as string;
    if (open !== undefined) {
      if (c === "\\") i++;
      else if (c === '"') {
        open = undefined;
        start = i + 1;
      }
    } else if (c === '"') open = i;
    else {
      if (c === "(") parens.push(i);
      else if (c === ")") parens.pop();
      if (ends(c)) start = i + 1;
    }
  }
  return { start, open, paren: parens.at(-1) };
}

/** The field of a group `field:(…)` whose '(' is at `paren`, or undefined for a plain '('. */
function groupField(q: string, paren: number | undefined): string | undefined {
  if (paren === undefined || q[paren - 1] !== ":") return undefined;
  let start = paren - 1;
  while (start > 0 && !ends(q[start - 1])) start--;
  const name = q.slice(q[start] === "-" ? start + 1 : start, paren - 1);
  return isFieldName(name) ? name : undefined;
}

/** The token the cursor is completing, or undefined (inside a plain phrase, after a comparison). */
export function completionAt(q: string, cursor: number): Completion | undefined {
  const { start: runStart, open, paren } = runAt(q, cursor);
  // A leading minus negates what it touches (`-service:x`).
  const start = q[runStart] === "-" && runStart < cursor ? runStart + 1 : runStart;
  const head = q.slice(start, open ?? cursor);
  const op = head.search(/[:<>]/);
  // In `service:(a OR b)` every word or phrase is a value of the field.
  const group = op === -1 ? groupField(q, paren) : undefined;
  if (group !== undefined && open !== undefined) return head === "" ? phraseValue(q, group, open, cursor) : undefined;
  if (op === -1) {
    if (open !== undefined) return undefined;
    let end = cursor;
    while (!ends(q[end]) && !/[:<>]/.test(q[end] as string)) end++;
    if (group !== undefined) {
      while (!ends(q[end])) end++;
      return { kind: "value", field: group, prefix: head, start, end };
    }
    return { kind: "field", prefix: head, start, end };
  }
  const field = head.slice(0, op);
  if (q[start + op] !== ":" || !isFieldName(field)) return undefined;
  const valueStart = start + op + 1;
  if (open !== undefined) return open === valueStart ? phraseValue(q, field, open, cursor) : undefined;
  const typed = q.slice(valueStart, cursor);
  // `field:>5` compares, `field:(` opens a group; `field:"…` is handled above.
  if (/^[<>(]/.test(typed)) return undefined;
  let end = cursor;
  if (q[end] === '"' && end === valueStart) end = phraseEnd(q, end);
  else while (!ends(q[end])) end++;
  return { kind: "value", field, prefix: typed, start: valueStart, end };
}

/** A value being typed in the phrase opened at `open`. */
const phraseValue = (q: string, field: string, open: number, cursor: number): Completion => ({
  kind: "value",
  field,
  prefix: phraseText(q, open, cursor),
  start: open,
  end: phraseEnd(q, open),
});

/** Whether `name:x` reads as that field (keys with spaces or quotes cannot be typed as fields). */
export function isFieldName(name: string): boolean {
  if (name === "") return false;
  try {
    const node = parseSearchQuery(`${name}:x`);
    return node?.type === "match" && node.field === name;
  } catch {
    return false;
  }
}

/** A value as the language writes it (printSearchQuery): bare when it reads back as itself, else a "phrase". */
export function quoteValue(value: string): string {
  const match = { type: "match", field: "f", value, prefix: false, offset: 0, valueOffset: 2 } as const;
  return printSearchQuery(match).slice("f:".length);
}

/** The query with `text` in place of the completed token, and where the cursor goes. */
export function applySuggestion(q: string, c: Completion, text: string): { query: string; cursor: number } {
  if (c.kind === "field") {
    // An operator already after the name (`serv|:x`) is kept; otherwise the field gets its `:`.
    const colon = /[:<>]/.test(q[c.end] ?? "") ? "" : ":";
    const query = `${q.slice(0, c.start)}${text}${colon}${q.slice(c.end)}`;
    const cursor = c.start + text.length + (colon === "" && q[c.end] === ":" ? 1 : colon.length);
    return { query, cursor };
  }
  const value = quoteValue(text);
  return { query: `${q.slice(0, c.start)}${value}${q.slice(c.end)}`, cursor: c.start + value.length };
}
