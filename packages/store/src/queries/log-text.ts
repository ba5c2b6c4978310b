// Full-text conditions on log bodies: the query is split into words the way ClickHouse
// tokenizes (runs of ASCII letters and digits; other bytes, including non-ASCII, are part of
// words), and every word must appear as a whole token, case-insensitively.
import { type BoundQuery, sql } from "../sql.ts";

/** At most this many words count; the rest of a longer query is ignored. */
export const MAX_WORDS = 16;

// Every ASCII byte that is not a letter or digit separates tokens (built, not a literal, to
// keep control characters out of the source).
const NON_TOKEN = new RegExp(`[${String.fromCharCode(0)}-/:-@[-\`{-${String.fromCharCode(127)}]+`);

/** ClickHouse's lower() folds ASCII only: fold the words the same way so they can match. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The tokens of a text as lower(Body) has them: ASCII folded, split at non-token bytes. */
export function textTokens(text: string): string[] {
  return text
    .split(NON_TOKEN)
    .filter((w) => w !== "")
    .map(asciiLower);
}

export function textWords(q: string): string[] {
  return [...new Set(textTokens(q))].slice(0, MAX_WORDS);
}

/**
 * Every word is a token of the lower-cased body; null when the query has no words.
 * hasAllTokens over lower(Body) is answered by a text index on lower(Body) when the table has
 * one (measured here: 3 ms vs 18 ms for hasToken with the same index, 2 M rows, because it
 * can read the index alone), and still works, by scanning, when it has none.
 */
export function bodyHasAllWords(q: string): BoundQuery | null {
  const words = textWords(q);
  if (words.length === 0) return null;
  return sql`hasAllTokens(lower(Body), ${words})`;
}
