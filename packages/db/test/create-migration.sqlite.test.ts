// The development-time migration writer (scripts/authoring, the WebAssembly schema engine) on
// real SQLite files.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createMigration } from "../scripts/authoring/create-migration.ts";
import { migrationStatus } from "../src/index.ts";
import { SCHEMA_PATH } from "../src/paths.ts";
import { copyOfMigrations } from "./support/migration-folders.ts";
import { tempDir } from "./support/temp-dir.ts";

describe("createMigration (db:migrate:dev) on SQLite", () => {
  test("the committed migrations produce exactly prisma/schema.prisma (no migration is missing)", async () => {
    const dir = tempDir();
    const created = await createMigration(`file:${join(dir, "dev.db")}`, "check", {
      migrationsDir: copyOfMigrations("sqlite", dir),
      createOnly: true,
    });
    expect(created).toEqual({ name: null, path: null, sql: null });
  });

  test("writes a migration from the schema difference and applies it; a second run writes none", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations("sqlite", dir);
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
