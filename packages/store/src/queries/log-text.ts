// Words of log bodies as ClickHouse tokenizes them (runs of ASCII letters and digits; other
// bytes, including non-ASCII, are part of words): a search word must appear as a whole token,
// case-insensitively (search-condition.ts, search-match.ts).

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
