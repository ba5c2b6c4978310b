// Marks the words of a search query in a log body. Words are matched the way the search
// matches them (the store's log-text.ts): whole tokens — runs of ASCII letters and digits,
// with non-ASCII characters part of a token — compared with ASCII case folded.
import { parseSearchQuery, type SearchNode } from "@tracelight/search-query";

export interface TextPart {
  text: string;
  match: boolean;
}

// One token: letters, digits or any non-ASCII character (the complement of the store's separators).
const TOKEN = /[0-9A-Za-z\u0080-\uffff]+/g;

const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The body text a query looks for: its words, phrases and body: values, except under NOT. */
function bodyTexts(n: SearchNode): string[] {
  if (n.type === "and" || n.type === "or") return n.children.flatMap(bodyTexts);
  if (n.type === "word" || n.type === "phrase") return [n.text];
  if (n.type === "match" && n.field.toLowerCase() === "body") return [n.value];
  return [];
}

/** The distinct words of a query's body terms, folded as the search folds them ([] if unreadable). */
export function queryWords(q: string): string[] {
  let ast: SearchNode | null;
  try {
    ast = parseSearchQuery(q);
  } catch {
    return [];
  }
  const texts = ast === null ? [] : bodyTexts(ast);
  return [...new Set(texts.flatMap((t) => t.match(TOKEN) ?? []).map(asciiLower))];
}

/** `text` split into runs, the tokens equal to one of `words` marked; adjacent runs merged. */
export function highlightParts(text: string, words: readonly string[]): TextPart[] {
  if (words.length === 0 || text === "") return text === "" ? [] : [{ text, match: false }];
  const wanted = new Set(words);
  const parts: TextPart[] = [];
  const push = (piece: string, match: boolean) => {
    if (piece === "") return;
    const last = parts[parts.length - 1];
    if (last !== undefined && last.match === match) last.text += piece;
    else parts.push({ text: piece, match });
  };
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    if (!wanted.has(asciiLower(m[0]))) continue;
    push(text.slice(at, start), false);
    push(m[0], true);
    at = start + m[0].length;
  }
  push(text.slice(at), false);
  return parts;
}

/** The first line of a body (what a collapsed row shows) and whether there is more. */
export function firstLine(body: string): { line: string; more: boolean } {
  const end = body.indexOf("\n");
  if (end < 0) return { line: body, more: false };
  return { line: body.slice(0, end).replace(/\r$/, ""), more: body.slice(end + 1).trim() !== "" };
}
