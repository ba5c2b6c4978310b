// The oldest ClickHouse that Tracelight's schema and queries run on, and the check each process
// makes at start, so an old server fails with its version named instead of a syntax error.
import { sql } from "./sql.ts";
import type { ClickHouseTransport } from "./transport.ts";

/**
 * The newest of the features used, each checked against ClickHouse's docs and the engine's own
 * system tables (chDB 26.7):
 * - text index `TYPE text(tokenizer = ...)` (migration 0006): generally available from 26.2,
 *   usable with no setting (the text index docs); system.settings_changes for 26.2 turns
 *   `enable_full_text_index` on with "The text index is now GA" — in 25.12 it was Beta and off.
 * - `hasAllTokens` (log search): introduced in 25.10 (system.functions.introduced_in).
 * - projection `WITH SETTINGS (index_granularity = ...)` (0006): ClickHouse pull request 90158,
 *   merged December 2025, in 25.12.
 */
export const MIN_ENGINE_VERSION = "26.2";
const NEEDED_FOR = "text indexes, hasAllTokens, projection settings";

/** `26.7.2.1`, `25.8.1.5101-lts`, `24.8.14.10459.altinitystable` → [26, 7, 2, 1]; undefined if not a version. */
export function parseEngineVersion(text: string): number[] | undefined {
  const m = /^\s*(\d+(?:\.\d+)*)/.exec(text);
  return m?.[1] ? m[1].split(".").map(Number) : undefined;
}

/** Negative when a is older than b; missing parts count as 0 (26.2 = 26.2.0.0). */
export function compareEngineVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export class EngineVersionError extends Error {
  override name = "EngineVersionError";
}

/** Throws EngineVersionError when `found` is older than `minimum` or unreadable. */
export function assertEngineVersion(found: string, minimum: string = MIN_ENGINE_VERSION): void {
  const version = parseEngineVersion(found);
  const needed = parseEngineVersion(minimum);
  if (!needed) throw new RangeError(`not a version: ${minimum}`);
  if (!version) throw new EngineVersionError(`ClickHouse answered version() with "${found}": not a version`);
  if (compareEngineVersions(version, needed) < 0) {
    throw new EngineVersionError(
      `ClickHouse ${found} is too old: Tracelight needs ${minimum} or newer (${NEEDED_FOR}); upgrade the server`,
    );
  }
}

/** Reads the engine's version and checks it; resolves with the version found. */
export async function checkEngineVersion(
  transport: ClickHouseTransport,
  minimum: string = MIN_ENGINE_VERSION,
): Promise<string> {
  const [row] = await transport.query<{ v: string }>(sql`SELECT version() AS v`, { class: "probe" });
  const found = row?.v ?? "";
  assertEngineVersion(found, minimum);
  return found;
}
