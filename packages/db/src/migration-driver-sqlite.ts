// Migrations on a SQLite file through libsql (the engine under @prisma/adapter-libsql), on one
// connection of its own. SQLite runs each script whole (its own parser splits the statements)
// inside BEGIN IMMEDIATE, which also keeps a second migrating process out until COMMIT.
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "libsql";
import {
  INSERT_COLUMNS,
  LOCK_WAIT_MS,
  type MigrationDriver,
  MigrationScriptError,
  type NewMigrationRow,
} from "./migration-driver.ts";
import type { MigrationRow } from "./migration-history.ts";
import type { Migration } from "./migrations-folder.ts";

// Prisma's DDL for SQLite, verbatim but for IF NOT EXISTS.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

// Prisma's table redefinitions turn foreign keys off around DROP TABLE, or the drop would
// cascade into child rows; that pragma does nothing inside a transaction, so it is honoured
// before BEGIN and the result is checked with foreign_key_check before COMMIT.
const TURNS_FOREIGN_KEYS_OFF = /^\s*PRAGMA\s+foreign_keys\s*=\s*(?:OFF|0|FALSE|NO)\s*;/im;

export async function openSqliteDriver(path: string, create: boolean): Promise<MigrationDriver | null> {
  if (!create && !existsSync(path)) return null;
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: LOCK_WAIT_MS });
  const hasTable = () =>
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get() !== undefined;
  const insert = (row: NewMigrationRow) =>
    db
      .prepare(`INSERT INTO "_prisma_migrations" (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`)
      .run(
        crypto.randomUUID(),
        row.migration.checksum,
        row.finishedAt && timestamp(row.finishedAt),
        row.migration.name,
        row.logs,
        timestamp(row.startedAt),
        row.appliedStepsCount,
      );

  return {
    lockAndPrepare: async () => {
      db.exec(CREATE_TABLE);
    },
    readRows: async () => {
      if (!hasTable()) return null;
      const rows = db
        .prepare(
          `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs
           FROM "_prisma_migrations" ORDER BY started_at`,
        )
        .all() as Record<string, unknown>[];
      return rows.map(
        (r): MigrationRow => ({
          migrationName: String(r.migration_name),
          checksum: String(r.checksum),
          startedAt: timestampText(r.started_at) ?? "",
          finishedAt: timestampText(r.finished_at),
          rolledBackAt: timestampText(r.rolled_back_at),
          logs: r.logs === null ? null : String(r.logs),
        }),
      );
    },
    apply: async (migration: Migration) => {
      const foreignKeysOff = TURNS_FOREIGN_KEYS_OFF.test(migration.script);
      const foreignKeysBefore = db.pragma("foreign_keys", { simple: true });
      if (foreignKeysOff) db.exec("PRAGMA foreign_keys = OFF");
      const startedAt = new Date();
      try {
        db.exec("BEGIN IMMEDIATE");
        const taken = db
          .prepare(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ? AND rolled_back_at IS NULL`)
          .get(migration.name);
        if (taken !== undefined) {
          db.exec("ROLLBACK");
          return false;
        }
        db.exec(migration.script);
        if (foreignKeysOff) checkForeignKeys(db);
        insert({ migration, startedAt, finishedAt: new Date(), logs: null, appliedStepsCount: 1 });
        db.exec("COMMIT");
        return true;
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw new MigrationScriptError(migration, startedAt, sqliteMessage(error));
      } finally {
        if (foreignKeysOff) db.exec(`PRAGMA foreign_keys = ${Number(foreignKeysBefore)}`);
      }
    },
    insertRow: async (row) => {
      insert(row);
    },
    markRolledBack: async (name) =>
      db
        .prepare(
          `UPDATE "_prisma_migrations" SET rolled_back_at = ?
           WHERE migration_name = ? AND finished_at IS NULL AND rolled_back_at IS NULL`,
        )
        .run(timestamp(new Date()), name).changes,
    close: async () => {
      db.close();
    },
  };
}

function checkForeignKeys(db: Database.Database): void {
  const broken = db.prepare("PRAGMA foreign_key_check").all() as { table: string; parent: string }[];
  if (broken.length === 0) return;
  const first = broken[0]!;
  throw new Error(
    `it leaves ${broken.length} row(s) whose foreign key points nowhere (first in "${first.table}", referencing "${first.parent}")`,
  );
}

// The text form Prisma's engine writes through the libsql adapter: 2026-12-07T18:40:36.151+00:00.
function timestamp(at: Date): string {
  return at.toISOString().replace(/Z$/, "+00:00");
}

// Prisma's native engine stores integer milliseconds instead; both read back as text here.
function timestampText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === "number" || typeof value === "bigint" ? new Date(Number(value)).toISOString() : String(value);
}

function sqliteMessage(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === "string" ? e.message : String(error);
  return typeof e?.code === "string" && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
}
