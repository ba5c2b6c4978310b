// Polls until a read gives a value, or fails saying what it waited for and what it last saw.

export interface UntilOptions {
  /** How long to keep reading before failing (default 15 s). */
  timeoutMs?: number;
  /** The pause between reads (default 50 ms). */
  intervalMs?: number;
}

/** Nothing yet: `undefined`, `null` or `false` (a condition that does not hold). */
type Pending = undefined | null | false;

/**
 * Resolves with the first value `read` gives that is not undefined, null or false, so a
 * condition (`() => n === 3`) and a lookup (`() => rows[0]`) both fit; 0 and "" are values. A
 * read that throws is read again (what it reads may not be up yet) and its error is reported
 * if the deadline passes, so a read can throw to say what it sees instead ("2 of 3 spans").
 */
export async function until<T>(
  what: string,
  read: () => Promise<T | Pending> | T | Pending,
  { timeoutMs = 15_000, intervalMs = 50 }: UntilOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: unknown } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined && value !== null && value !== false) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${seen(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function seen(last: { value: unknown } | { error: unknown } | undefined): string {
  if (last && "error" in last) {
    return `the last read threw: ${last.error instanceof Error ? last.error.message : String(last.error)}`;
  }
  return `the last read gave ${String(last?.value)}`;
}
