// The query's tokens. A bare run of characters (up to space, parenthesis or quote) is a word,
// an operator keyword (AND, OR, NOT: upper case only, so "and" stays a word), or a field
// followed by its operator (`key:`, `key>=`, `key:>=`) and the value that touches it (a word
// or a "phrase", or for `key:` a parenthesised group of values); without a value touching it,
// it is a word.
import { SearchQueryError } from "./errors.ts";

export type CompareOp = ">" | ">=" | "<" | "<=";

export type Token =
  | { kind: "lparen" | "rparen" | "and" | "or" | "not"; offset: number }
  | { kind: "word" | "phrase"; text: string; offset: number }
  /** `end`: where its value must start (values touch their field). */
  | { kind: "field"; name: string; op: ":" | CompareOp; offset: number; end: number };

const isSpace = (c: string) => /\s/.test(c);
const ends = (c: string | undefined) => c === undefined || isSpace(c) || c === "(" || c === ")" || c === '"';
/** Attribute keys as OpenTelemetry writes them: `http.response.status_code`, `k8s.pod.name`. */
const FIELD = /^[A-Za-z_@][\w.\-/@]*$/;
const OP = /^(>=|<=|>|<)/;
const KEYWORDS: Record<string, "and" | "or" | "not"> = { AND: "and", OR: "or", NOT: "not" };

function phrase(q: string, start: number): { text: string; end: number } {
  let text = "";
  for (let i = start + 1; i < q.length; i++) {
    const c = q[i] as string;
    if (c === '"') return { text, end: i + 1 };
    if (c === "\\" && i + 1 < q.length) {
      i++;
      text += q[i];
    } else text += c;
  }
  throw new SearchQueryError(`unterminated phrase: expected a closing '"'`, start, q, `'"'`);
}

/** The field part of a bare run: the name and where its operator ends, or null for a plain word. */
function fieldOf(run: string): { name: string; op: ":" | CompareOp; length: number } | null {
  const at = run.search(/[:<>]/);
  if (at <= 0) return null;
  const name = run.slice(0, at);
  if (!FIELD.test(name)) return null;
  let rest = run.slice(at);
  let length = at;
  let op: ":" | CompareOp = ":";
  if (rest.startsWith(":")) {
    length++;
    rest = rest.slice(1);
  }
  const cmp = OP.exec(rest);
  if (cmp !== null) {
    op = cmp[1] as CompareOp;
    length += op.length;
  }
  return { name, op, length };
}

export function lex(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i] as string;
    if (isSpace(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ kind: c === "(" ? "lparen" : "rparen", offset: i });
      i++;
    } else if (c === '"') {
      const p = phrase(q, i);
      tokens.push({ kind: "phrase", text: p.text, offset: i });
      i = p.end;
    } else if (c === "-" && !ends(q[i + 1]) && (i === 0 || ends(q[i - 1]))) {
      // A leading minus negates the term it touches; inside a word (`user-42`) it is text.
      tokens.push({ kind: "not", offset: i });
      i++;
    } else {
      let end = i;
      while (!ends(q[end])) end++;
      const run = q.slice(i, end);
      const keyword = KEYWORDS[run];
      const found = keyword === undefined ? fieldOf(run) : null;
      // A field with nothing touching it (`failed: card`, pasted log text) is a plain word;
      // `field:(` opens a group of its values.
      const touched = q[end] === '"' || (q[end] === "(" && found?.op === ":");
      const field = found !== null && (found.length < run.length || touched) ? found : null;
      if (keyword !== undefined) tokens.push({ kind: keyword, offset: i });
      else if (field === null) tokens.push({ kind: "word", text: run, offset: i });
      else {
        tokens.push({ kind: "field", name: field.name, op: field.op, offset: i, end: i + field.length });
        if (field.length < run.length)
          tokens.push({ kind: "word", text: run.slice(field.length), offset: i + field.length });
      }
      i = end;
    }
  }
  return tokens;
}
