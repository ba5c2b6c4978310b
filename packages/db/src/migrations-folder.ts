// The committed migrations as `prisma migrate` lays them out, `<dir>/<timestamp>_<name>/migration.sql`,
// and the checksums Prisma keeps of them in `_prisma_migrations`.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Provider } from "./database-url.ts";
import { MIGRATIONS_DIRS, REPO_ROOT } from "./paths.ts";

export interface Migration {
  /** The folder's name, which `_prisma_migrations.migration_name` records. */
  name: string;
  script: string;
  /** sha256 of the file, lowercase hex: what Prisma writes. */
  checksum: string;
  /** The file, for messages (relative to the repository when inside it). */
  path: string;
}

/** The folder's migrations, oldest first (Prisma orders them by folder name). */
export async function readMigrationsFolder(provider: Provider, dir = MIGRATIONS_DIRS[provider]): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  await checkLockfile(provider, dir);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name, "migration.sql");
      const script = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new Error(`migration ${name} has no readable migration.sql (${error.code ?? error.message})`);
      });
      return { name, script, checksum: checksumOf(script), path: displayPath(file) };
    }),
  );
}

// Prisma refuses a folder whose lockfile names another provider (P3019); so does this: a
// PostgreSQL database must not receive the SQLite history.
async function checkLockfile(provider: Provider, dir: string): Promise<void> {
  const lockfile = await readFile(join(dir, "migration_lock.toml"), "utf8").catch(() => null);
  const locked = lockfile && /^\s*provider\s*=\s*"([^"]+)"/m.exec(lockfile)?.[1];
  if (locked && locked !== provider) {
    throw new Error(
      `${displayPath(dir)} holds ${locked} migrations (migration_lock.toml) but the database is ${provider}; ` +
        `its migrations are in ${displayPath(MIGRATIONS_DIRS[provider])}`,
    );
  }
}

export function checksumOf(script: string): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * Whether a recorded checksum is the script's, as Prisma's schema engine decides it: the file
 * may have had its line endings changed by git since (LF ↔ CRLF), and checksums written by
 * early Prisma versions have no zero padding within each byte's hex.
 */
export function matchesChecksum(script: string, recorded: string): boolean {
  const unpadded = recorded !== "" && recorded.length !== 64;
  return [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")].some((variant) => {
    const digest = createHash("sha256").update(variant).digest();
    const hex = unpadded ? [...digest].map((byte) => byte.toString(16)).join("") : digest.toString("hex");
    return hex === recorded;
  });
}

function displayPath(path: string): string {
  const inRepo = relative(REPO_ROOT, path);
  return inRepo.startsWith("..") ? path : inRepo;
}
