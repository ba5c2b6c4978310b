// The migrator on real SQLite files: deploy, status, failures and resolve.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "libsql";
import { describe, expect, test } from "vitest";
import { migrateDeploy, migrationStatus, openDatabase, resolveMigration } from "../src/index.ts";
import { deployInChildren } from "./support/deploy-in-children.ts";
import { addMigration, committedMigrations, copyOfMigrations } from "./support/migration-folders.ts";
import { exerciseModels } from "./support/models-scenario.ts";
import { tempDir } from "./support/temp-dir.ts";

const committed = committedMigrations("sqlite");

function readRows(path: string) {
  const db = new Database(path);
  try {
    return db
      .prepare(
        `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count
         FROM "_prisma_migrations" ORDER BY started_at`,
      )
      .all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe("migrateDeploy on SQLite", () => {
  test("applies the committed migrations to a fresh file once, recorded as Prisma records them", async () => {
    const path = join(tempDir(), "nested/dir/tracelight.db");
    expect(committed.length).toBeGreaterThan(0);
    expect(await migrateDeploy(`file:${path}`)).toEqual({ applied: committed });
    expect(await migrateDeploy(`file:${path}`)).toEqual({ applied: [] });
    expect(await migrationStatus(`file:${path}`)).toEqual({
      upToDate: true,
      pending: [],
      unknownToFolder: [],
      failed: [],
      edited: [],
    });
    const rows = readRows(path);
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
    for (const row of rows) {
      expect(row).toMatchObject({
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        logs: null,
        rolled_back_at: null,
      });
      expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(row.applied_steps_count).toBe(1);
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

  test("status lists the migrations a database has not applied, without creating the file", async () => {
    const path = join(tempDir(), "tracelight.db");
    const status = await migrationStatus(`file:${path}`);
    expect(status).toMatchObject({ upToDate: false, pending: committed });
    expect(existsSync(path)).toBe(false);
  });

  test("a failing migration is rolled back and named; deploy refuses (P3009) until it is resolved", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations("sqlite", dir);
    const broken = "29990101000000_broken";
    addMigration(migrationsDir, broken, 'CREATE TABLE "Extra" ("id" TEXT);\nCREATE TABLE "Channel" ("id" TEXT);\n');
    const path = join(dir, "tracelight.db");
    const url = `file:${path}`;

    await expect(migrateDeploy(url, { migrationsDir })).rejects.toThrow(
      /^migrate deploy on file:.* failed: migration 29990101000000_broken: SQLITE_ERROR: table "?Channel"? already exists\nIt was rolled back.*resolve --rolled-back 29990101000000_broken/,
    );
    // Its first statement did not stay behind.
    const db = new Database(path);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'Extra'`).all()).toEqual([]);
    db.close();
    expect(readRows(path).at(-1)).toMatchObject({ migration_name: broken, finished_at: null, applied_steps_count: 0 });
    expect(await migrationStatus(url, { migrationsDir })).toMatchObject({ upToDate: false, failed: [broken] });
    await expect(migrateDeploy(url, { migrationsDir })).rejects.toThrow(
      /P3009 failed migrations[\s\S]*29990101000000_broken \(started .*\): SQLITE_ERROR: table "?Channel"? already exists[\s\S]*resolve --rolled-back <name>/,
    );
    await expect(resolveMigration(url, committed[0]!, "rolled-back", { migrationsDir })).rejects.toThrow(
      /is not a failed migration/,
    );

    addMigration(migrationsDir, broken, 'CREATE TABLE "Extra" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    await resolveMigration(url, broken, "rolled-back", { migrationsDir });
    expect(await migrateDeploy(url, { migrationsDir })).toEqual({ applied: [broken] });
    expect((await migrationStatus(url, { migrationsDir })).upToDate).toBe(true);
  });

  test("resolve --applied records a migration repaired by hand, without running it", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations("sqlite", dir);
    const name = "29990101000000_by_hand";
    addMigration(migrationsDir, name, 'CREATE TABLE "Extra" ("id" TEXT);\nCREATE TABLE "Channel" ("id" TEXT);\n');
    const url = `file:${join(dir, "tracelight.db")}`;
    await expect(migrateDeploy(url, { migrationsDir })).rejects.toThrow(/29990101000000_by_hand/);

    await resolveMigration(url, name, "applied", { migrationsDir });
    expect(await migrationStatus(url, { migrationsDir })).toMatchObject({ upToDate: true });
    expect(await migrateDeploy(url, { migrationsDir })).toEqual({ applied: [] });
    await expect(resolveMigration(url, name, "applied", { migrationsDir })).rejects.toThrow(
      /already recorded as applied/,
    );
  });

  test("a table redefinition that turns foreign keys off keeps the child rows (no cascade on DROP TABLE)", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations("sqlite", dir);
    const url = `file:${join(dir, "tracelight.db")}`;
    await migrateDeploy(url, { migrationsDir });
    const db = await openDatabase(url);
    try {
      const channel = await db.prisma.channel.create({ data: { name: "ops", type: "webhook", url: "http://x" } });
      await db.prisma.delivery.create({
        data: { channelId: channel.id, status: "pending", payload: {}, nextAttemptAt: new Date() },
      });
    } finally {
      await db.close();
    }
    // As `prisma migrate dev` writes a change SQLite's ALTER TABLE cannot make.
    addMigration(
      migrationsDir,
      "29990101000000_redefine_channel",
      `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Channel" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "type" TEXT NOT NULL,
    "url" TEXT NOT NULL, "note" TEXT NOT NULL DEFAULT 'a;b', "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL);
INSERT INTO "new_Channel" ("createdAt", "id", "name", "type", "updatedAt", "url")
    SELECT "createdAt", "id", "name", "type", "updatedAt", "url" FROM "Channel";
DROP TABLE "Channel";
ALTER TABLE "new_Channel" RENAME TO "Channel";
CREATE UNIQUE INDEX "Channel_name_key" ON "Channel"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`,
    );
    expect(await migrateDeploy(url, { migrationsDir })).toEqual({ applied: ["29990101000000_redefine_channel"] });
    const check = await openDatabase(url);
    try {
      expect(await check.prisma.delivery.count()).toBe(1);
      expect(await check.prisma.$queryRawUnsafe(`SELECT note FROM "Channel"`)).toEqual([{ note: "a;b" }]);
      expect(await check.prisma.$queryRawUnsafe("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await check.close();
    }
  });

  test("processes deploying one file at the same time apply each migration once", async () => {
    const dir = tempDir();
    const migrationsDir = copyOfMigrations("sqlite", dir);
    // Holds the write lock for a while, so that the others have read the history before it commits.
    const slow = "00000000000000_slow";
    addMigration(
      migrationsDir,
      slow,
      `CREATE TABLE "Slow" AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000) SELECT x FROM n;\n`,
    );
    const url = `file:${join(dir, "tracelight.db")}`;
    const results = await deployInChildren(url, 3, { migrationsDir });
    expect(results.flatMap((r) => r.applied).sort()).toEqual([slow, ...committed]);
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
