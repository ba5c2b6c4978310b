// Copies of the committed migration folders that a test may add to or edit, and a database
// left as the WebAssembly schema engine left it (test/fixtures/wasm-engine-history.*.sql).
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "libsql";
import pg from "pg";
import type { Provider } from "../../src/database-url.ts";
import { ensurePostgresDatabase } from "../../src/migration-driver-postgres.ts";
import { MIGRATIONS_DIRS } from "../../src/paths.ts";

export function committedMigrations(provider: Provider): string[] {
  return readdirSync(MIGRATIONS_DIRS[provider], { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** `<dir>/migrations`, a copy of the provider's committed folder. */
export function copyOfMigrations(provider: Provider, dir: string): string {
  const copy = join(dir, "migrations");
  cpSync(MIGRATIONS_DIRS[provider], copy, { recursive: true });
  return copy;
}

export function addMigration(migrationsDir: string, name: string, sql: string): string {
  mkdirSync(join(migrationsDir, name), { recursive: true });
  const path = join(migrationsDir, name, "migration.sql");
  writeFileSync(path, sql);
  return path;
}

const fixturePath = (provider: Provider) =>
  join(import.meta.dirname, `../fixtures/wasm-engine-history.${provider}.sql`);

/** The migrations the engine had applied in the fixture. */
export function wasmEngineMigrations(provider: Provider): string[] {
  return [...readFileSync(fixturePath(provider), "utf8").matchAll(/'(\d{14}_\w+)'/g)].map((m) => m[1]!);
}

/**
 * A database (a SQLite path or a PostgreSQL URL) as the engine left it: the schema its
 * migrations made (their files run as they are) and its `_prisma_migrations`, table and rows
 * verbatim.
 */
export async function seedAsWasmEngineDid(provider: Provider, target: string): Promise<void> {
  const scripts = wasmEngineMigrations(provider).map((name) =>
    readFileSync(join(MIGRATIONS_DIRS[provider], name, "migration.sql"), "utf8"),
  );
  scripts.push(readFileSync(fixturePath(provider), "utf8"));
  if (provider === "sqlite") {
    const db = new Database(target);
    for (const script of scripts) db.exec(script);
    db.close();
    return;
  }
  await ensurePostgresDatabase(target);
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    for (const script of scripts) await client.query(script);
  } finally {
    await client.end();
  }
}
