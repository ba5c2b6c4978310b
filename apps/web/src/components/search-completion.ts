// Which token of a search query (packages/search-query) the cursor is completing, and the query
// once a suggestion replaces it. Pure. Whether a value can go bare or needs quotes, and whether a
// key can be a field at all, is asked of the language's own parser, so the box never inserts
// text the API would read differently.
import { parseSearchQuery } from "@tracelight/search-query";

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
 * Scans the query up to the cursor as the lexer would: where the run holding the cursor starts
 * and, if the cursor is inside a phrase, where that phrase opened.
 */
function runAt(q: string, cursor: number): { start: number; open: number | undefined } {
  let start = 0;
  let open: number | undefined;
  for (let i = 0; i < cursor; i++) {
    const c = q[i] as string;
    if (open !== undefined) {
      if (c === "\\") i++;
      else if (c === '"') {
        open = undefined;
        start = i + 1;
      }
    } else if (c === '"') open = i;
    else if (ends(c)) start = i + 1;
  }
  return { start, open };
}

/** The token the cursor is completing, or undefined (inside a plain phrase, after a comparison). */
export function completionAt(q: string, cursor: number): Completion | undefined {
  const { start: runStart, open } = runAt(q, cursor);
  // A leading minus negates what it touches (`-service:x`).
  const start = q[runStart] === "-" && runStart < cursor ? runStart + 1 : runStart;
  const head = q.slice(start, open ?? cursor);
  const op = head.search(/[:<>]/);
  if (op === -1) {
    if (open !== undefined) return undefined;
    let end = cursor;
    while (!ends(q[end]) && !/[:<>]/.test(q[end] as string)) end++;
    return { kind: "field", prefix: head, start, end };
  }
  const field = head.slice(0, op);
  if (q[start + op] !== ":" || !isFieldName(field)) return undefined;
  const valueStart = start + op + 1;
  if (open !== undefined) {
    if (open !== valueStart) return undefined;
    return { kind: "value", field, prefix: phraseText(q, open, cursor), start: open, end: phraseEnd(q, open) };
  }
  const typed = q.slice(valueStart, cursor);
  // `field:>5` compares; `field:"…` is handled above.
  if (/^[<>]/.test(typed)) return undefined;
  let end = cursor;
  if (q[end] === '"' && end === valueStart) end = phraseEnd(q, end);
  else while (!ends(q[end])) end++;
  return { kind: "value", field, prefix: typed, start: valueStart, end };
}

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

/** A value as the language reads it back exactly: bare when it can be, else a "phrase". */
export function quoteValue(value: string): string {
  try {
    const node = parseSearchQuery(`f:${value}`);
    if (node?.type === "match" && node.value === value && !node.prefix && node.valueOffset === 2) return value;
  } catch {
    // Not readable bare: quoted below.
  }
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
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
