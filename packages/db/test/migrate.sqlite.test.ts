// Migrations on real SQLite files through the WebAssembly schema engine.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  createMigration,
  MIGRATIONS_DIRS,
  migrateDeploy,
  migrationStatus,
  openDatabase,
  resolveMigration,
} from "../src/index.ts";
import { SCHEMA_PATH } from "../src/paths.ts";
import { exerciseModels } from "./support/models-scenario.ts";
import { tempDir } from "./support/temp-dir.ts";

const committed = readdirSync(MIGRATIONS_DIRS.sqlite, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function copyOfMigrations(dir: string): string {
  const copy = join(dir, "migrations");
  cpSync(MIGRATIONS_DIRS.sqlite, copy, { recursive: true });
  return copy;
}

describe("migrateDeploy on SQLite", () => {
  test("applies the committed migrations to a fresh file once; a second run applies nothing", async () => {
    const url = `file:${join(tempDir(), "nested/dir/tracelight.db")}`;
    expect(committed.length).toBeGreaterThan(0);
    expect(await migrateDeploy(url)).toEqual({ applied: committed });
    expect(await migrateDeploy(url)).toEqual({ applied: [] });
    expect(await migrationStatus(url)).toEqual({
      upToDate: true,
      pending: [],
      unknownToFolder: [],
      failed: [],
      edited: [],
    });

    const db = await openDatabase(url);
    try {
      const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; finished_at: unknown }[]>(
        `SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(committed);
      expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    } finally {
      await db.close();
    }
  });

  test("the client reads and writes every model on the migrated file (Json columns, cascades)", async () => {
    const url = `file:${join(tempDir(), "tracelight.db")}`;
    await migrateDeploy(url);
    const db = await openDatabase(url);
    try {
      await exerciseModels(db.prisma);
    } finally {
      await db.close();
    }
  });

  test("status lists the migrations a database has not applied", async () => {
    const url = `file:${join(tempDir(), "tracelight.db")}`;
    const status = await migrationStatus(url);
    expect(status.upToDate).toBe(false);
    expect(status.pending).toEqual(committed);
  });

  test("a failing migration is named with the database's error; deploy refuses until it is resolved", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations(dir);
    const broken = "29990101000000_broken";
    mkdirSync(join(migrationsDir, broken));
    writeFileSync(join(migrationsDir, broken, "migration.sql"), 'CREATE TABLE "Channel" ("id" TEXT);\n');
    const url = `file:${join(dir, "tracelight.db")}`;

    await expect(migrateDeploy(url, { migrationsDir })).rejects.toThrow(
      /^migrate deploy on file:.* failed: migration 29990101000000_broken: .*table "Channel" already exists$/,
    );
    const status = await migrationStatus(url, { migrationsDir });
    expect(status).toMatchObject({ upToDate: false, failed: [broken] });
    await expect(migrateDeploy(url, { migrationsDir })).rejects.toThrow(
      /P3009[\s\S]*29990101000000_broken[\s\S]*resolve --rolled-back/,
    );

    writeFileSync(
      join(migrationsDir, broken, "migration.sql"),
      'CREATE TABLE "Extra" ("id" TEXT NOT NULL PRIMARY KEY);\n',
    );
    await resolveMigration(url, broken, "rolled-back", { migrationsDir });
    expect(await migrateDeploy(url, { migrationsDir })).toEqual({ applied: [broken] });
    expect((await migrationStatus(url, { migrationsDir })).upToDate).toBe(true);
  });

  test("an unreadable database is a clear error naming the URL", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "not-a-db"), "this is not a SQLite file, just text that is long enough to have a header");
    await expect(migrateDeploy(`file:${join(dir, "not-a-db")}`)).rejects.toThrow(
      /^migrate deploy on file:.*not-a-db failed: .*(not a database|file is encrypted)/,
    );
  });
});

describe("createMigration (db:migrate dev) on SQLite", () => {
  test("the committed migrations produce exactly prisma/schema.prisma (no migration is missing)", async () => {
    const dir = tempDir();
    const created = await createMigration(`file:${join(dir, "dev.db")}`, "check", {
      migrationsDir: copyOfMigrations(dir),
      createOnly: true,
    });
    expect(created).toEqual({ name: null, path: null, sql: null });
  });

  test("writes a migration from the schema difference and applies it; a second run writes none", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations(dir);
    const schemaPath = join(dir, "schema.prisma");
    writeFileSync(
      schemaPath,
      `${readFileSync(SCHEMA_PATH, "utf8")}\nmodel Extra {\n  id   String  @id\n  note String?\n\n  @@index([note])\n}\n`,
    );
    const url = `file:${join(dir, "dev.db")}`;

    const created = await createMigration(url, "add_extra", { migrationsDir, schemaPath });
    expect(created.name).toMatch(/^\d{14}_add_extra$/);
    expect(created.sql).toContain('CREATE TABLE "Extra"');
    expect(created.sql).toContain('CREATE INDEX "Extra_note_idx"');
    expect(created.path && existsSync(created.path)).toBe(true);
    expect(readFileSync(join(migrationsDir, "migration_lock.toml"), "utf8")).toContain('provider = "sqlite"');
    expect((await migrationStatus(url, { migrationsDir })).upToDate).toBe(true);

    expect((await createMigration(url, "again", { migrationsDir, schemaPath })).name).toBeNull();
    await expect(createMigration(url, "bad name!", { migrationsDir, schemaPath })).rejects.toThrow(/migration name/);
  });
});
