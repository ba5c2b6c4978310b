// PostgreSQL through DATABASE_URL, against a real server this test starts (PostgreSQL 15 on
// these machines; the test skips, saying why, where no server binary exists): the migrator,
// and the development-time migration writer (scripts/authoring).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMigration } from "../scripts/authoring/create-migration.ts";
import { migrateDeploy, migrationStatus, openDatabase, resolveMigration } from "../src/index.ts";
import { SCHEMA_PATH } from "../src/paths.ts";
import { deployInChildren } from "./support/deploy-in-children.ts";
import {
  addMigration,
  committedMigrations,
  copyOfMigrations,
  seedAsWasmEngineDid,
  wasmEngineMigrations,
} from "./support/migration-folders.ts";
import { exerciseModels } from "./support/models-scenario.ts";
import { findPostgresBin, type PostgresServer, startPostgres } from "./support/postgres-server.ts";
import { tempDir } from "./support/temp-dir.ts";

const PORT = 4201;
const bin = findPostgresBin();
if ("missing" in bin) {
  console.warn(`\n!!! SKIPPING the PostgreSQL tests: ${bin.missing}. Install PostgreSQL to run them.\n`);
}

const committed = committedMigrations("postgresql");

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

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
    const rows = await query(url, "SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations");
    expect(rows.map((r) => r.migration_name).sort()).toEqual(committed);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.applied_steps_count === 1)).toBe(true);
  });

  test("status on a database that does not exist yet lists every migration and creates nothing", async () => {
    expect(await migrationStatus(server.urlFor("not_created"))).toMatchObject({ upToDate: false, pending: committed });
    const databases = await query<{ datname: string }>(server.urlFor("postgres"), "SELECT datname FROM pg_database");
    expect(databases.map((r) => r.datname)).not.toContain("not_created");
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
    const migrationsDir = copyOfMigrations("postgresql", tempDir());
    const created = await createMigration(server.urlFor("schema_check"), "check", { migrationsDir, createOnly: true });
    expect(created.name).toBeNull();
  });

  test("dev writes a migration from the schema difference (shadow database made and dropped)", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations("postgresql", dir);
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

    const databases = await query<{ datname: string }>(server.urlFor("postgres"), "SELECT datname FROM pg_database");
    expect(databases.map((r) => r.datname).filter((name) => name.includes("shadow"))).toEqual([]);
  });

  test("a failing migration is rolled back whole, named with the server's error and line, and blocks deploy", async () => {
    const migrationsDir = copyOfMigrations("postgresql", tempDir());
    const broken = "29990101000000_broken";
    addMigration(migrationsDir, broken, 'CREATE TABLE "Extra" ("id" TEXT);\n\nUPDATE "Channel" SET "nope" = 1;\n');
    const url = server.urlFor("failing");
    await expect(migrateDeploy(url, { migrationsDir })).rejects.toThrow(
      /failed: migration 29990101000000_broken: ERROR: column "nope" of relation "Channel" does not exist at line 3 of migration.sql\nIt was rolled back/,
    );
    expect(await query(url, `SELECT to_regclass('"Extra"') AS extra`)).toEqual([{ extra: null }]);
    await expect(migrateDeploy(url, { migrationsDir })).rejects.toThrow(/P3009[\s\S]*29990101000000_broken \(started/);

    addMigration(migrationsDir, broken, 'CREATE TABLE "Extra" ("id" TEXT);\n');
    await resolveMigration(url, broken, "rolled-back", { migrationsDir });
    expect(await migrateDeploy(url, { migrationsDir })).toEqual({ applied: [broken] });
  });

  test("a script PostgreSQL splits itself: dollar quotes, DO blocks, semicolons in strings and comments", async () => {
    const migrationsDir = copyOfMigrations("postgresql", tempDir());
    addMigration(
      migrationsDir,
      "29990101000000_function",
      `-- a comment; with a semicolon
CREATE FUNCTION "touch"() RETURNS trigger AS $$
BEGIN NEW."updatedAt" := now(); RETURN NEW; END;
$$ LANGUAGE plpgsql;
DO $do$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'touch') THEN RAISE 'missing;'; END IF; END $do$;
/* block; comment */ INSERT INTO "InstanceSetting" ("key", "value") VALUES ('a;b', 'it''s; fine');
`,
    );
    const url = server.urlFor("splitting");
    await migrateDeploy(url, { migrationsDir });
    expect(await query(url, `SELECT "key", "value" FROM "InstanceSetting"`)).toEqual([
      { key: "a;b", value: "it's; fine" },
    ]);
  });

  test("a database the WebAssembly engine migrated gets nothing applied again, only what is newer", async () => {
    const url = server.urlFor("wasm_engine");
    await seedAsWasmEngineDid("postgresql", url);
    const byEngine = wasmEngineMigrations("postgresql");
    expect(byEngine).toHaveLength(5);
    expect(await migrateDeploy(url)).toEqual({ applied: committed.filter((name) => !byEngine.includes(name)) });
    expect((await migrationStatus(url)).upToDate).toBe(true);
  });

  test("processes deploying at the same time take turns (Prisma's advisory lock) and apply each migration once", async () => {
    const url = server.urlFor("concurrent");
    const results = await deployInChildren(url, 3);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(committed);
    expect((await migrationStatus(url)).upToDate).toBe(true);
  });
});
