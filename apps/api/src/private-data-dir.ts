// The data directory holds the metadata database (password hashes, session and token records,
// channel URLs with their credentials) and the telemetry itself: on a shared host only the
// service's own user may read it.
import { chmodSync, mkdirSync, statSync } from "node:fs";

/** Creates `dir` as 0700, or takes group and other access away from an existing one. */
export function makePrivateDir(dir: string): "created" | "tightened" | "private" {
  const made = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (made !== undefined) return "created";
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return "private";
  chmodSync(dir, mode & 0o700);
  return "tightened";
}
