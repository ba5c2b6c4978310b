// PostgreSQL through DATABASE_URL, against a real server this test starts (PostgreSQL 15 on
// these machines; the test skips, saying why, where no server binary exists).
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMigration, MIGRATIONS_DIRS, migrateDeploy, migrationStatus, openDatabase } from "../src/index.ts";
import { SCHEMA_PATH } from "../src/paths.ts";
import { exerciseModels } from "./support/models-scenario.ts";
import { findPostgresBin, type PostgresServer, startPostgres } from "./support/postgres-server.ts";
import { tempDir } from "./support/temp-dir.ts";

const PORT = 4201;
const bin = findPostgresBin();
if ("missing" in bin) {
  console.warn(`\n!!! SKIPPING the PostgreSQL tests: ${bin.missing}. Install PostgreSQL to run them.\n`);
}

const committed = readdirSync(MIGRATIONS_DIRS.postgresql, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe.skipIf("missing" in bin)("PostgreSQL (real server)", () => {
  let server: PostgresServer;
  beforeAll(() => {
    if ("dir" in bin) server = startPostgres(bin.dir, PORT);
  });
  afterAll(() => server?.stop());

  test("deploy creates the database, applies the PostgreSQL migrations once, and status is up to date", async () => {
    const url = server.urlFor("deploy_twice");
    expect(committed.length).toBeGreaterThan(0);
    expect(await migrateDeploy(url)).toEqual({ applied: committed });
    expect(await migrateDeploy(url)).toEqual({ applied: [] });
    expect((await migrationStatus(url)).upToDate).toBe(true);
  });

  test("the client reads and writes every model (Json columns, cascades)", async () => {
    const url = server.urlFor("crud");
    await migrateDeploy(url);
    const db = await openDatabase(url);
    try {
      expect(db.provider).toBe("postgresql");
      await exerciseModels(db.prisma);
      const [column] = await db.prisma.$queryRawUnsafe<{ data_type: string }[]>(
        `SELECT data_type FROM information_schema.columns WHERE table_name = 'AlertRule' AND column_name = 'query'`,
      );
      expect(column?.data_type).toBe("jsonb");
    } finally {
      await db.close();
    }
  });

  test("the committed PostgreSQL migrations produce exactly prisma/schema.prisma", async () => {
    const dir = tempDir();
    const migrationsDir = join(dir, "migrations");
    cpSync(MIGRATIONS_DIRS.postgresql, migrationsDir, { recursive: true });
    const created = await createMigration(server.urlFor("schema_check"), "check", { migrationsDir, createOnly: true });
    expect(created.name).toBeNull();
  });

  test("dev writes a migration from the schema difference (shadow database made and dropped)", async () => {
    const dir = tempDir();
    const migrationsDir = join(dir, "migrations");
    cpSync(MIGRATIONS_DIRS.postgresql, migrationsDir, { recursive: true });
    const schemaPath = join(dir, "schema.prisma");
    writeFileSync(
      schemaPath,
      `${readFileSync(SCHEMA_PATH, "utf8")}\nmodel Extra {\n  id   String @id\n  tags Json\n}\n`,
    );
    const url = server.urlFor("dev_extra");

    const created = await createMigration(url, "add_extra", { migrationsDir, schemaPath });
    expect(created.sql).toContain('CREATE TABLE "Extra"');
    expect(created.sql).toContain('"tags" JSONB NOT NULL');
    expect((await migrationStatus(url, { migrationsDir })).upToDate).toBe(true);

    const admin = new pg.Client({ connectionString: server.urlFor("postgres") });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database");
      expect(rows.map((r) => r.datname).filter((name) => name.includes("shadow"))).toEqual([]);
    } finally {
      await admin.end();
    }
  });

  test("a failing migration is named with the server's error", async () => {
    const dir = tempDir();
    const migrationsDir = join(dir, "migrations");
    cpSync(MIGRATIONS_DIRS.postgresql, migrationsDir, { recursive: true });
    cpSync(join(migrationsDir, committed[0]!), join(migrationsDir, "29990101000000_again"), { recursive: true });
    await expect(migrateDeploy(server.urlFor("failing"), { migrationsDir })).rejects.toThrow(
      /failed: migration 29990101000000_again: ERROR: relation "Channel" already exists$/,
    );
  });
});
