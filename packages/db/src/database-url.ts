// Which database a URL names: `file:` URLs and plain paths are SQLite files, `postgres://`
// and `postgresql://` are PostgreSQL servers.
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type Provider = "sqlite" | "postgresql";

export type DatabaseTarget = { provider: "sqlite"; path: string } | { provider: "postgresql"; url: string };

export function parseDatabaseUrl(url: string): DatabaseTarget {
  const trimmed = url.trim();
  if (trimmed === "") throw new Error("database URL is empty: expected file:<path>, a path, or postgresql://...");
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { provider: "postgresql", url: trimmed };
  if (/^file:/i.test(trimmed)) return { provider: "sqlite", path: sqlitePathOf(trimmed) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new Error(`unsupported database URL scheme in ${redactUrl(trimmed)}: expected file: or postgresql://`);
  }
  return { provider: "sqlite", path: resolve(trimmed) };
}

// `file:./x.db` and `file:x.db` are relative to the working directory (as in Prisma's
// docs); `file:/abs` and `file:///abs` are absolute. Query strings are not supported.
function sqlitePathOf(url: string): string {
  if (url.includes("?")) throw new Error(`SQLite URL ${url} has options; only file:<path> is supported`);
  if (url.startsWith("file://")) return fileURLToPath(url);
  const path = decodeURIComponent(url.slice("file:".length));
  if (path === "" || path === ":memory:") throw new Error(`SQLite URL ${url} names no file`);
  return isAbsolute(path) ? path : resolve(path);
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+:)[^@/]*@/i, "$1***@");
}
