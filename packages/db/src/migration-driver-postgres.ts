// Migrations on PostgreSQL through node-postgres, on one connection of its own. Each script is
// sent whole as one simple query, so PostgreSQL's own parser splits it (dollar quotes, DO
// blocks, comments), inside BEGIN … COMMIT with its `_prisma_migrations` row.
import pg from "pg";
import {
  INSERT_COLUMNS,
  LOCK_WAIT_MS,
  type MigrationDriver,
  MigrationScriptError,
  type NewMigrationRow,
} from "./migration-driver.ts";
import type { MigrationRow } from "./migration-history.ts";
import type { Migration } from "./migrations-folder.ts";

// Prisma's DDL for PostgreSQL, verbatim but for IF NOT EXISTS.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

// The session lock `prisma migrate` takes (its key is Prisma's own), so this migrator, other
// processes running it, and Prisma's CLI never migrate one database at the same time.
const PRISMA_MIGRATE_LOCK = 72707369;

export async function openPostgresDriver(url: string, create: boolean): Promise<MigrationDriver | null> {
  if (create) await ensurePostgresDatabase(url);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    if (!create && (error as { code?: string }).code === "3D000") return null;
    throw error;
  }
  const insert = (row: NewMigrationRow) =>
    client.query(`INSERT INTO _prisma_migrations (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)`, [
      crypto.randomUUID(),
      row.migration.checksum,
      row.finishedAt,
      row.migration.name,
      row.logs,
      row.startedAt,
      row.appliedStepsCount,
    ]);

  return {
    lockAndPrepare: async () => {
      await client.query(`SET lock_timeout = ${LOCK_WAIT_MS}`);
      await client.query(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_LOCK})`).catch((error: { code?: string }) => {
        if (error.code !== "55P03") throw error;
        throw new Error(
          `another migrator has held the migration lock (pg_advisory_lock(${PRISMA_MIGRATE_LOCK}), shared with prisma migrate) for ${LOCK_WAIT_MS / 1000} s`,
        );
      });
      await client.query("RESET lock_timeout");
      await client.query(CREATE_TABLE);
    },
    readRows: async () => {
      const { rows } = await client.query<{ exists: boolean }>(
        `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`,
      );
      if (!rows[0]?.exists) return null;
      const result = await client.query<Record<string, unknown>>(
        `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs
         FROM _prisma_migrations ORDER BY started_at`,
      );
      return result.rows.map(
        (r): MigrationRow => ({
          migrationName: String(r.migration_name),
          checksum: String(r.checksum),
          startedAt: (r.started_at as Date).toISOString(),
          finishedAt: r.finished_at === null ? null : (r.finished_at as Date).toISOString(),
          rolledBackAt: r.rolled_back_at === null ? null : (r.rolled_back_at as Date).toISOString(),
          logs: r.logs === null ? null : String(r.logs),
        }),
      );
    },
    apply: async (migration: Migration) => {
      const startedAt = new Date();
      try {
        await client.query("BEGIN");
        const taken = await client.query(
          `SELECT 1 FROM _prisma_migrations WHERE migration_name = $1 AND rolled_back_at IS NULL`,
          [migration.name],
        );
        if (taken.rowCount) {
          await client.query("ROLLBACK");
          return false;
        }
        await client.query(migration.script);
        await insert({ migration, startedAt, finishedAt: new Date(), logs: null, appliedStepsCount: 1 });
        await client.query("COMMIT");
        return true;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new MigrationScriptError(migration, startedAt, postgresMessage(error, migration.script));
      }
    },
    insertRow: async (row) => {
      await insert(row);
    },
    markRolledBack: async (name) =>
      (
        await client.query(
          `UPDATE _prisma_migrations SET rolled_back_at = now()
           WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL`,
          [name],
        )
      ).rowCount ?? 0,
    // Ending the session releases the advisory lock.
    close: () => client.end(),
  };
}

/** Creates the URL's database when the server does not have it yet, as `prisma migrate` does. */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error;
  } finally {
    await probe.end().catch(() => {});
  }
  const admin = new URL(url);
  const database = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } catch (error) {
    // Another process created it first (a race on pg_database's unique index is 23505).
    if (!["42P04", "23505"].includes(String((error as { code?: string }).code))) throw error;
  } finally {
    await client.end();
  }
}

// PostgreSQL reports where in the query a statement failed; the script is the query, so that
// becomes a line of migration.sql.
function postgresMessage(error: unknown, script: string): string {
  const e = error as { message?: unknown; severity?: unknown; position?: unknown; detail?: unknown };
  let message = typeof e?.message === "string" ? e.message : String(error);
  if (typeof e?.severity === "string") message = `${e.severity}: ${message}`;
  if (typeof e?.detail === "string") message += ` (${e.detail})`;
  const position = Number(e?.position);
  if (position > 0) message += ` at line ${script.slice(0, position - 1).split("\n").length} of migration.sql`;
  return message;
}
