// The migrator on SQLite files that Prisma's engine migrated before it, and on edited history.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { migrateDeploy, migrationStatus, openDatabase } from "../src/index.ts";
import {
  committedMigrations,
  copyOfMigrations,
  seedAsWasmEngineDid,
  wasmEngineMigrations,
} from "./support/migration-folders.ts";
import { exerciseModels } from "./support/models-scenario.ts";
import { tempDir } from "./support/temp-dir.ts";

describe("history written by Prisma's engine (SQLite)", () => {
  test("a database the WebAssembly engine migrated gets nothing applied again, only what is newer", async () => {
    const path = join(tempDir(), "tracelight.db");
    await seedAsWasmEngineDid("sqlite", path);
    const byEngine = wasmEngineMigrations("sqlite");
    expect(byEngine).toHaveLength(5);

    const newer = committedMigrations("sqlite").filter((name) => !byEngine.includes(name));
    expect(await migrateDeploy(`file:${path}`)).toEqual({ applied: newer });
    expect((await migrationStatus(`file:${path}`)).upToDate).toBe(true);
    const db = await openDatabase(`file:${path}`);
    try {
      await exerciseModels(db.prisma);
    } finally {
      await db.close();
    }
  });

  test("an applied migration edited since is a checksum mismatch: deploy refuses and applies nothing", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations("sqlite", dir);
    const url = `file:${join(dir, "tracelight.db")}`;
    await migrateDeploy(url, { migrationsDir });

    const [first] = committedMigrations("sqlite");
    const file = join(migrationsDir, first!, "migration.sql");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n-- an afterthought\n`);
    expect(await migrationStatus(url, { migrationsDir })).toMatchObject({ upToDate: false, edited: [first] });
    await expect(migrateDeploy(url, { migrationsDir })).rejects.toThrow(
      new RegExp(
        `failed: checksum mismatch: a migration was edited after being applied[\\s\\S]*${first}/migration.sql`,
      ),
    );
  });

  test("line endings changed by git (LF to CRLF) are not an edit, as for Prisma", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations("sqlite", dir);
    const url = `file:${join(dir, "tracelight.db")}`;
    await migrateDeploy(url, { migrationsDir });
    for (const name of committedMigrations("sqlite")) {
      const file = join(migrationsDir, name, "migration.sql");
      writeFileSync(file, readFileSync(file, "utf8").replaceAll("\n", "\r\n"));
    }
    expect((await migrationStatus(url, { migrationsDir })).upToDate).toBe(true);
    expect(await migrateDeploy(url, { migrationsDir })).toEqual({ applied: [] });
  });

  test("a PostgreSQL folder is refused for a SQLite database (migration_lock.toml)", async () => {
    const migrationsDir = copyOfMigrations("postgresql", tempDir());
    await expect(migrateDeploy(`file:${join(tempDir(), "x.db")}`, { migrationsDir })).rejects.toThrow(
      /holds postgresql migrations \(migration_lock.toml\) but the database is sqlite; its migrations are in prisma\/migrations$/,
    );
  });
});
